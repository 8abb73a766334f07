// *****************************************************************************
// The restart-survival history the ledger summary tells, as a small timeline for the Session Health view,
// newest first. From the summary's `recent` markers when the backend sends them (each marker: survived,
// written by this check, or lost, and the first after a backend restart); else from the summary's totals
// (the marker this check wrote, the marker this browser remembered, the oldest marker on disk). Pure.
// *****************************************************************************

import { LedgerRecentMarker, LedgerSummary } from '../../common/persistence/persistence-protocol';

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
const time = (iso: string | undefined) => iso ? Date.parse(iso) : NaN;

export function ledgerTimeline(ledger: LedgerSummary): LedgerTimelineEntry[] {
    const out = ledger.recent ? ledger.recent.map(recentEntry) : summaryEntries(ledger);
    const oldestShown = Math.min(...out.map(e => e.at).filter(at => !Number.isNaN(at)));
    if (ledger.since && (!ledger.recent || time(ledger.since) < oldestShown)) {
        out.push({
            at: time(ledger.since), kind: 'oldest',
            text: `Oldest marker on disk: ${ledger.instances} backend instance${ledger.instances === 1 ? '' : 's'} since, ${ledger.restartsSurvived} restart${ledger.restartsSurvived === 1 ? '' : 's'} survived`
        });
    }
    return out.filter(e => !Number.isNaN(e.at)).sort((a, b) => b.at - a.at);
}

function recentEntry(m: LedgerRecentMarker): LedgerTimelineEntry {
    const who = `${m.source === 'cli' ? 'the command line' : `backend instance ${short(m.instanceId) ?? 'unknown'}`}${m.hostname ? ` on ${m.hostname}` : ''}`;
    const restart = m.afterRestart ? '; first after a backend restart: the files survived it' : '';
    const base = { at: time(m.time), instance: short(m.instanceId), ...(m.afterRestart ? { afterRestart: true } : {}) };
    switch (m.outcome) {
        case 'written': return { ...base, kind: 'written', text: `This check wrote its marker (${who})${restart}` };
        case 'lost': return { ...base, kind: 'lost', text: `Lost: the marker of ${who} that this browser saw last${m.cause ? `: ${m.cause}` : ''}` };
        default: return { ...base, kind: 'survived', text: `Survived: marker of ${who} still on disk${restart}` };
    }
}

function summaryEntries(ledger: LedgerSummary): LedgerTimelineEntry[] {
    const out: LedgerTimelineEntry[] = [];
    if (ledger.marker) {
        out.push({ at: time(ledger.marker.time), kind: 'written', text: `This check wrote its marker (backend instance ${short(ledger.marker.instanceId)} on ${ledger.marker.hostname})` });
    }
    const r = ledger.remembered;
    if (r && r.time) {
        const instance = r.instanceId ? ` (instance ${short(r.instanceId)})` : '';
        out.push({
            at: time(r.time), kind: r.found ? 'remembered-found' : 'remembered-missing',
            text: r.found ? `The marker this browser saw last${instance} is still on disk`
                : `The marker this browser saw last${instance} is gone: the files did not survive`
        });
    }
    return out;
}
