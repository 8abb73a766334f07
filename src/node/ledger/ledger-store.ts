// *****************************************************************************
// The marker ledger on disk: read (bounded, from the end), appended with O_APPEND and fsync (cut back on
// failure), rewritten atomically when too long. Every open goes through openVerified (no link, no FIFO).
// *****************************************************************************

import * as fs from 'fs';
import { LEDGER_FILE_NAME, LedgerEntry } from '../../common/persistence/persistence-protocol';
import { errnoCode } from './check-errors';
import { compactLedger, LEDGER_MAX_ENTRIES, LedgerFileTimes, ledgerLine, parseLedger } from './ledger-codec';
import { DirectoryStamp, exists, fsyncDirectory, openVerified, readTail, writeFileAtomically } from './safe-files';

const O = fs.constants;
const MAX_LEDGER_BYTES = 4 * 1024 * 1024;

/** The last {@link MAX_LEDGER_BYTES} of a ledger file in the check directory; undefined when the file does not exist. */
export async function readLedgerText(dir: DirectoryStamp, file: string): Promise<{ text: string; times: LedgerFileTimes } | undefined> {
    let handle: fs.promises.FileHandle;
    try {
        handle = await openVerified(file, O.O_RDONLY, dir);
    } catch (e) {
        if (errnoCode(e) === 'ENOENT') {
            return undefined;
        }
        throw e;
    }
    try {
        const st = await handle.stat();
        return { text: (await readTail(handle, MAX_LEDGER_BYTES)).toString('utf8'), times: { birthtimeMs: st.birthtimeMs, mtimeMs: st.mtimeMs } };
    } finally {
        await handle.close();
    }
}

export async function readLedger(dir: DirectoryStamp, file: string): Promise<{ entries: LedgerEntry[]; unreadable: number; times?: LedgerFileTimes }> {
    const read = await readLedgerText(dir, file);
    return read ? { ...parseLedger(read.text), times: read.times } : { entries: [], unreadable: 0 };
}

/**
 * Appends one line (O_APPEND, fsync); on failure the file is cut back to its old length. When the ledger is too long (or
 * `rewrite` is set), rewrites it atomically from `entries` (the markers that count) plus the new one.
 */
export async function appendLedger(dir: DirectoryStamp, file: string, entries: readonly LedgerEntry[], entry: LedgerEntry, rewrite = false): Promise<void> {
    if (rewrite || entries.length + 1 > LEDGER_MAX_ENTRIES) {
        await writeFileAtomically(dir, LEDGER_FILE_NAME, compactLedger([...entries, entry]).map(ledgerLine).join(''));
        return;
    }
    await appendLedgerLine(dir, file, ledgerLine(entry));
}

/** Appends one line to a file of the check directory (O_APPEND, fsync); on failure the file is cut back to its old length. */
export async function appendLedgerLine(dir: DirectoryStamp, file: string, line: string): Promise<void> {
    const existed = await exists(file);
    const handle = await openVerified(file, O.O_WRONLY | O.O_APPEND | O.O_CREAT, dir);
    let size = 0;
    try {
        size = (await handle.stat()).size;
        await handle.write(line);
        await handle.sync();
    } catch (e) {
        await handle.truncate(size).catch(() => undefined);
        await handle.close().catch(() => undefined);
        if (!existed) {
            await fs.promises.unlink(file).catch(() => undefined);
        }
        throw e;
    }
    await handle.close();
    if (!existed) {
        await fsyncDirectory(dir.path);
    }
}
