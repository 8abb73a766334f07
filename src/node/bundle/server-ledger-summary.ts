// *****************************************************************************
// The ledger summary of a workspace root for the server bundle: read only, through the persistence check's
// own safe readers (no link followed out of the check directory), counting only markers of this directory's
// identity (a ledger copied in by a clone proves nothing).
// *****************************************************************************

import * as path from 'path';
import { DEFAULT_PERSISTENCE_DIRECTORY, LEDGER_FILE_NAME } from '../../common/persistence/persistence-protocol';
import { entriesOfIdentity } from '../ledger/ledger-codec';
import { DefaultLedgerService, LedgerService } from '../ledger/ledger-service';

export interface BundleLedgerSummary {
    root: string;
    directory: string;
    /** False when the check never ran here (no directory or no ledger). */
    found: boolean;
    entries: number;
    /** Markers of another identity (ignored). */
    foreign: number;
    unreadableLines: number;
    /** Distinct IDE backend instances among this directory's markers. */
    instances: number;
    restartsSurvived: number;
    since?: string;
    lastMarkerAt?: string;
    error?: string;
}

/** The bundle's parts pass their injected LedgerService; the default serves callers without a container. */
export async function ledgerSummary(root: string, directory = DEFAULT_PERSISTENCE_DIRECTORY,
    files: LedgerService = new DefaultLedgerService()): Promise<BundleLedgerSummary> {
    const dir = path.join(root, ...directory.split('/'));
    const empty: BundleLedgerSummary = { root, directory: dir, found: false, entries: 0, foreign: 0, unreadableLines: 0, instances: 0, restartsSurvived: 0 };
    let stamp;
    try {
        stamp = await files.stampDirectory(dir);
    } catch (e) {
        return (e as NodeJS.ErrnoException).code === 'ENOENT' ? empty : { ...empty, error: e instanceof Error ? e.message : String(e) };
    }
    try {
        const ledger = await files.readLedger(stamp, path.join(dir, LEDGER_FILE_NAME));
        const { own, foreign } = entriesOfIdentity(ledger.entries, await files.readIdentity(stamp));
        const instances = new Set(own.filter(e => e.source === 'ide').map(e => e.instanceId)).size;
        const times = own.map(e => e.time).sort();
        return {
            ...empty, found: ledger.entries.length > 0, entries: own.length, foreign, unreadableLines: ledger.unreadable,
            instances, restartsSurvived: Math.max(0, instances - 1), since: times[0], lastMarkerAt: times[times.length - 1]
        };
    } catch (e) {
        return { ...empty, error: e instanceof Error ? e.message : String(e) };
    }
}
