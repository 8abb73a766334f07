// *****************************************************************************
// The restart-survival history the ledger summary tells, as a small timeline for the Session Health view,
// newest first: the marker this check wrote, the marker this browser remembered (found or gone), the oldest
// marker on disk. Pure.
// *****************************************************************************

import { LedgerSummary } from '../../common/persistence/persistence-protocol';

export interface LedgerTimelineEntry {
    at: number;
    kind: 'written' | 'remembered-found' | 'remembered-missing' | 'oldest';
    text: string;
}

export function ledgerTimeline(ledger: LedgerSummary): LedgerTimelineEntry[] {
    const out: LedgerTimelineEntry[] = [];
    const time = (iso: string | undefined) => iso ? Date.parse(iso) : NaN;
    if (ledger.marker) {
        out.push({ at: time(ledger.marker.time), kind: 'written', text: `This check wrote its marker (backend instance ${ledger.marker.instanceId.slice(0, 8)} on ${ledger.marker.hostname})` });
    }
    const r = ledger.remembered;
    if (r && r.time) {
        out.push({
            at: time(r.time), kind: r.found ? 'remembered-found' : 'remembered-missing',
            text: r.found ? `The marker this browser saw last${r.instanceId ? ` (instance ${r.instanceId.slice(0, 8)})` : ''} is still on disk`
                : `The marker this browser saw last${r.instanceId ? ` (instance ${r.instanceId.slice(0, 8)})` : ''} is gone: the files did not survive`
        });
    }
    if (ledger.since) {
        out.push({
            at: time(ledger.since), kind: 'oldest',
            text: `Oldest marker on disk: ${ledger.instances} backend instance${ledger.instances === 1 ? '' : 's'} since, ${ledger.restartsSurvived} restart${ledger.restartsSurvived === 1 ? '' : 's'} survived`
        });
    }
    return out.filter(e => !Number.isNaN(e.at)).sort((a, b) => b.at - a.at);
}
