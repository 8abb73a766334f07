// *****************************************************************************
// The lifecycle ledger on disk: `lifecycle.jsonl` in the persistence check's directory below the workspace root
// (default `.theia/session-health`), through the same safe file helpers as the marker ledger (no links followed,
// appends with O_APPEND + fsync, atomic rewrites).
// *****************************************************************************

import * as path from 'path';
import { DEFAULT_PERSISTENCE_DIRECTORY } from '../../common/persistence/persistence-protocol';
import { prepareDirectory } from '../ledger/check-directory';
import { appendLedgerLine, readLedgerText } from '../ledger/ledger-store';
import { DirectoryStamp, writeFileAtomically } from '../ledger/safe-files';
import { directoryKey, LIFECYCLE_FILE_NAME, LIFECYCLE_MAX_RECORDS, lifecycleLine, LifecycleRecord, parseLifecycle } from './lifecycle-records';

export interface LifecycleLedger {
    stamp: DirectoryStamp;
    file: string;
    key: string;
}

/** Opens (creating it when missing, with its `.gitignore`) the check directory below `root`. */
export async function openLifecycleLedger(root: string): Promise<LifecycleLedger> {
    const stamp = await prepareDirectory(root, DEFAULT_PERSISTENCE_DIRECTORY.split('/'), { directories: [], files: [] });
    return { stamp, file: path.join(stamp.path, LIFECYCLE_FILE_NAME), key: directoryKey(stamp) };
}

/** The records of this directory, and those written in another one (the file was copied, or the volume replaced). */
export async function readLifecycle(ledger: LifecycleLedger): Promise<{ records: LifecycleRecord[]; foreign: LifecycleRecord[] }> {
    const read = await readLedgerText(ledger.stamp, ledger.file);
    const all = read ? parseLifecycle(read.text) : [];
    return { records: all.filter(r => r.dir === ledger.key), foreign: all.filter(r => r.dir !== ledger.key) };
}

/** At start: rewrites the file atomically with this directory's newest records plus the start record. */
export async function writeStart(ledger: LifecycleLedger, records: readonly LifecycleRecord[], start: LifecycleRecord): Promise<void> {
    const kept = [...records.slice(-(LIFECYCLE_MAX_RECORDS - 1)), start];
    await writeFileAtomically(ledger.stamp, LIFECYCLE_FILE_NAME, kept.map(lifecycleLine).join(''));
}

/** On a planned stop: one appended line, synced. */
export async function appendStop(ledger: LifecycleLedger, stop: LifecycleRecord): Promise<void> {
    await appendLedgerLine(ledger.stamp, ledger.file, lifecycleLine(stop));
}
