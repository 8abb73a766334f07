// *****************************************************************************
// The last markers of the ledger as the restart-survival history: newest first, each with its backend
// instance, whether it is still on disk (survived) or gone (lost: the marker this browser saw last is not on
// disk any more, so the storage was replaced), and whether it was the first after a backend restart. Pure;
// used for LedgerSummary.recent by the persistence check.
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';
import { LedgerEntry, LedgerRecentMarker, RememberedMarker } from './persistence-protocol';

/** How many markers LedgerSummary.recent lists at most. */
export const LEDGER_RECENT_LIMIT = 10;

/** A lost marker's `cause` (JSON: always this English text; the browser shows it through lostMarkerCauseText). */
export const LOST_MARKER_CAUSE = 'the storage under the workspace was replaced: this marker is no longer on disk';
/** Added to the cause when the browser did not keep the marker's time. */
export const LOST_MARKER_TIME_UNKNOWN = '(its time is not known: shown at this check)';

/** A lost marker's cause as people read it: the causes ledgerRecent writes, localized; any other text as it came. */
export function lostMarkerCauseText(cause: string): string {
    const lost = () => nls.localize('theia-session-health/persistence/lostCause', LOST_MARKER_CAUSE);
    if (cause === LOST_MARKER_CAUSE) {
        return lost();
    }
    if (cause === `${LOST_MARKER_CAUSE} ${LOST_MARKER_TIME_UNKNOWN}`) {
        return `${lost()} ${nls.localize('theia-session-health/persistence/lostCauseTimeUnknown', LOST_MARKER_TIME_UNKNOWN)}`;
    }
    return cause;
}

export interface LedgerRecentInput {
    /** Markers on disk before this run (this check directory's identity), oldest first. */
    entries: readonly LedgerEntry[];
    /** The marker this run wrote. */
    written?: LedgerEntry;
    /** The marker the browser remembered, and whether the disk still has it. */
    remembered?: RememberedMarker & { found: boolean };
    /** When this check ran (ISO 8601): the time of a lost marker whose own time the browser did not keep. */
    now: string;
    limit?: number;
}

export function ledgerRecent(input: LedgerRecentInput): LedgerRecentMarker[] {
    const limit = input.limit ?? LEDGER_RECENT_LIMIT;
    const onDisk = [...input.entries].sort((a, b) => a.time.localeCompare(b.time));
    let previousIde: string | undefined;
    const out: LedgerRecentMarker[] = [];
    const add = (e: LedgerEntry, outcome: LedgerRecentMarker['outcome']) => {
        // A new IDE instance after another one's marker: the backend restarted in between, and the files survived it.
        const afterRestart = e.source === 'ide' && previousIde !== undefined && previousIde !== e.instanceId;
        if (e.source === 'ide') {
            previousIde = e.instanceId;
        }
        out.push({ time: e.time, instanceId: e.instanceId, hostname: e.hostname, source: e.source, outcome, ...(afterRestart ? { afterRestart } : {}) });
    };
    onDisk.forEach(e => add(e, 'survived'));
    if (input.written) {
        add(input.written, 'written');
    }
    const r = input.remembered;
    const lost: LedgerRecentMarker | undefined = r && !r.found
        ? { time: r.time ?? input.now, ...(r.instanceId ? { instanceId: r.instanceId } : {}), outcome: 'lost', cause: LOST_MARKER_CAUSE + (r.time ? '' : ` ${LOST_MARKER_TIME_UNKNOWN}`) }
        : undefined;
    const newestFirst = out.reverse().slice(0, lost ? limit - 1 : limit);
    if (lost) {
        newestFirst.push(lost);
        newestFirst.sort((a, b) => b.time.localeCompare(a.time));
    }
    return newestFirst;
}
