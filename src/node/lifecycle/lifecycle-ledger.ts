// *****************************************************************************
// The lifecycle ledger on disk: `lifecycle.jsonl` in the persistence check's directory below the workspace root
// (default `.theia/session-health`), through the same safe file helpers as the marker ledger (no links followed,
// appends with O_APPEND + fsync, atomic rewrites).
// *****************************************************************************

import * as path from 'path';
import { DEFAULT_PERSISTENCE_DIRECTORY } from '../../common/persistence/persistence-protocol';
import type { DirectoryStamp } from '../ledger/safe-files';
import { DefaultLedgerService, LedgerService } from '../ledger/ledger-service';
import { directoryKey, LIFECYCLE_FILE_NAME, LIFECYCLE_MAX_RECORDS, lifecycleLine, LifecycleRecord, parseLifecycle } from './lifecycle-records';

export interface LifecycleLedger {
    stamp: DirectoryStamp;
    file: string;
    key: string;
}

/** The lifecycle service passes its injected LedgerService; callers without a container (tests) get the default. */
const defaultFiles: LedgerService = new DefaultLedgerService();

/** Opens (creating it when missing, with its `.gitignore`) the check directory below `root`. */
export async function openLifecycleLedger(root: string, files: LedgerService = defaultFiles): Promise<LifecycleLedger> {
    const stamp = await files.prepareDirectory(root, DEFAULT_PERSISTENCE_DIRECTORY.split('/'), { directories: [], files: [] });
    return { stamp, file: path.join(stamp.path, LIFECYCLE_FILE_NAME), key: directoryKey(stamp) };
}

/** The records of this directory, and those written in another one (the file was copied, or the volume replaced). */
export async function readLifecycle(ledger: LifecycleLedger, files: LedgerService = defaultFiles): Promise<{ records: LifecycleRecord[]; foreign: LifecycleRecord[] }> {
    const read = await files.readLedgerText(ledger.stamp, ledger.file);
    const all = read ? parseLifecycle(read.text) : [];
    return { records: all.filter(r => r.dir === ledger.key), foreign: all.filter(r => r.dir !== ledger.key) };
}

/** At start: rewrites the file atomically with this directory's newest records plus the start record. */
export async function writeStart(ledger: LifecycleLedger, records: readonly LifecycleRecord[], start: LifecycleRecord, files: LedgerService = defaultFiles): Promise<void> {
    const kept = [...records.slice(-(LIFECYCLE_MAX_RECORDS - 1)), start];
    await files.writeFileAtomically(ledger.stamp, LIFECYCLE_FILE_NAME, kept.map(lifecycleLine).join(''));
}

/** On a planned stop: one appended line, synced. */
export async function appendStop(ledger: LifecycleLedger, stop: LifecycleRecord, files: LedgerService = defaultFiles): Promise<void> {
    await files.appendLedgerLine(ledger.stamp, ledger.file, lifecycleLine(stop));
}
