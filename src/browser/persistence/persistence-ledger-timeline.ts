// *****************************************************************************
// The restart-survival history the ledger summary tells, as a small timeline for the Session Health view,
// newest first. From the summary's `recent` markers when the backend sends them (each marker: survived,
// written by this check, or lost, and the first after a backend restart); else from the summary's totals
// (the marker this check wrote, the marker this browser remembered, the oldest marker on disk). Pure.
// *****************************************************************************

import { lostMarkerCauseText } from '../../common/persistence/ledger-recent';
import { LedgerRecentMarker, LedgerSummary } from '../../common/persistence/persistence-protocol';
import { nls } from '@theia/core/lib/common/nls';

export interface LedgerTimelineEntry {
    at: number;
    kind: 'written' | 'remembered-found' | 'remembered-missing' | 'oldest' | 'survived' | 'lost';
    text: string;
    /** The marker's backend instance (short), when known. */
    instance?: string;
    /** The first marker of a new backend instance: the files survived the restart before it. */
    afterRestart?: boolean;
}

const short = (id: string | undefined) => id ? id.slice(0, 8) : undefined;
const instances = (n: number) => n === 1 ? nls.localize('theia-session-health/persistence/instancesOne', '1 backend instance') : nls.localize('theia-session-health/persistence/instances', '{0} backend instances', n);
const restarts = (n: number) => n === 1 ? nls.localize('theia-session-health/persistence/restartsOne', '1 restart') : nls.localize('theia-session-health/persistence/restarts', '{0} restarts', n);
const time = (iso: string | undefined) => iso ? Date.parse(iso) : NaN;

export function ledgerTimeline(ledger: LedgerSummary): LedgerTimelineEntry[] {
    const out = ledger.recent ? ledger.recent.map(recentEntry) : summaryEntries(ledger);
    const oldestShown = Math.min(...out.map(e => e.at).filter(at => !Number.isNaN(at)));
    if (ledger.since && (!ledger.recent || time(ledger.since) < oldestShown)) {
        out.push({
            at: time(ledger.since), kind: 'oldest',
            text: nls.localize('theia-session-health/persistence/oldest', 'Oldest marker on disk: {0} since, {1} survived', instances(ledger.instances), restarts(ledger.restartsSurvived))
        });
    }
    return out.filter(e => !Number.isNaN(e.at)).sort((a, b) => b.at - a.at);
}

function recentEntry(m: LedgerRecentMarker): LedgerTimelineEntry {
    const source = m.source === 'cli' ? nls.localize('theia-session-health/persistence/commandLine', 'the command line')
        : nls.localize('theia-session-health/persistence/backendInstance', 'backend instance {0}', short(m.instanceId) ?? nls.localize('theia-session-health/persistence/unknown', 'unknown'));
    const who = m.hostname ? nls.localize('theia-session-health/persistence/whoOnHost', '{0} on {1}', source, m.hostname) : source;
    const restart = m.afterRestart ? nls.localize('theia-session-health/persistence/firstAfterRestart', '; first after a backend restart: the files survived it') : '';
    const base = { at: time(m.time), instance: short(m.instanceId), ...(m.afterRestart ? { afterRestart: true } : {}) };
    switch (m.outcome) {
        case 'written': return { ...base, kind: 'written', text: nls.localize('theia-session-health/persistence/wrote', 'This check wrote its marker ({0})', who) + restart };
        case 'lost': return { ...base, kind: 'lost', text: nls.localize('theia-session-health/persistence/lost', 'Lost: the marker of {0} that this browser saw last', who) + (m.cause ? `: ${lostMarkerCauseText(m.cause)}` : '') };
        default: return { ...base, kind: 'survived', text: nls.localize('theia-session-health/persistence/survived', 'Survived: marker of {0} still on disk', who) + restart };
    }
}

function summaryEntries(ledger: LedgerSummary): LedgerTimelineEntry[] {
    const out: LedgerTimelineEntry[] = [];
    if (ledger.marker) {
        out.push({ at: time(ledger.marker.time), kind: 'written', text: nls.localize('theia-session-health/persistence/wrote', 'This check wrote its marker ({0})', nls.localize('theia-session-health/persistence/whoOnHost', '{0} on {1}', nls.localize('theia-session-health/persistence/backendInstance', 'backend instance {0}', short(ledger.marker.instanceId)), ledger.marker.hostname)) });
    }
    const r = ledger.remembered;
    if (r && r.time) {
        const instance = r.instanceId ? ' ' + nls.localize('theia-session-health/persistence/instance', '(instance {0})', short(r.instanceId)) : '';
        out.push({
            at: time(r.time), kind: r.found ? 'remembered-found' : 'remembered-missing',
            text: r.found ? nls.localize('theia-session-health/persistence/rememberedFound', 'The marker this browser saw last{0} is still on disk', instance)
                : nls.localize('theia-session-health/persistence/rememberedMissing', 'The marker this browser saw last{0} is gone: the files did not survive', instance)
        });
    }
    return out;
}
