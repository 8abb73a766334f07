// *****************************************************************************
// Reads what a restore compares with: only a regular file whose real path (every link resolved) is inside a
// workspace root, opened without blocking (a FIFO would wait for a writer forever) and read up to a cap (a link
// to /dev/zero, or a huge file, would never end). Hashes only: the browser compares, nothing large travels.
// *****************************************************************************

import * as crypto from 'crypto';
import * as fs from 'fs';
import { StringDecoder } from 'string_decoder';
import { JournalDiskRead, JournalDiskRefusal, JournalDiskRefused } from '../../common/journal/journal-protocol';
import { isInside, resolveExisting } from '../ledger/workspace-roots';
import { formatBytes } from '../../common/text/numbers';

const CHUNK_BYTES = 1024 * 1024;

export function refused(code: JournalDiskRefusal, reason: string): JournalDiskRefused {
    return { state: 'refused', code, reason };
}

export function errorCode(e: unknown): string | undefined {
    return (e as NodeJS.ErrnoException | undefined)?.code;
}

export function insideRoots(realPath: string, roots: readonly string[]): boolean {
    return roots.some(root => isInside(realPath, root));
}

export function outside(realPath: string): JournalDiskRefused {
    return refused('outside-workspace', `its real path ${JSON.stringify(realPath)} is outside the open workspace (a link on the way leads out)`);
}

/** Where an open file really is (Linux: the kernel's name of the descriptor), undefined where /proc is missing. */
export async function openedPath(fd: number): Promise<string | undefined> {
    return fs.promises.readlink(`/proc/self/fd/${fd}`).catch(() => undefined);
}

export function describeType(st: fs.Stats): string {
    return st.isFIFO() ? 'a FIFO' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isDirectory() ? 'a folder'
        : st.isSocket() ? 'a socket' : 'not a file';
}

/** `fsPath` as the restore may compare it: a regular file, missing, or refused with a reason. */
export async function readWorkspaceFile(fsPath: string, roots: readonly string[], maxBytes: number): Promise<JournalDiskRead> {
    try {
        await fs.promises.lstat(fsPath);
    } catch (e) {
        if (errorCode(e) === 'ENOENT') {
            // Missing: but is it missing inside the workspace, or behind a folder link that leads out?
            const resolved = await resolveExisting(fsPath);
            return insideRoots(resolved, roots) ? { state: 'missing' } : outside(resolved);
        }
        if (errorCode(e) === 'ENOTDIR') {
            return refused('not-a-directory', 'a folder on the way is a file now');
        }
        return refused('io-error', `cannot be read: ${errorCode(e) ?? String(e)}`);
    }
    let real: string;
    try {
        real = await fs.promises.realpath(fsPath);
    } catch {
        return refused('not-a-file', 'not a regular file (a link whose target does not exist)');
    }
    if (!insideRoots(real, roots)) {
        return outside(real);
    }
    // stat before open: opening a device can have effects of its own.
    const st = await fs.promises.stat(real).catch(() => undefined);
    if (!st?.isFile()) {
        return refused('not-a-file', `not a regular file (${st ? describeType(st) : 'gone'})`);
    }
    if (st.size > maxBytes) {
        return refused('too-large', `larger than ${formatBytes(maxBytes)} (${formatBytes(st.size)})`);
    }
    let handle: fs.promises.FileHandle;
    try {
        // O_NOFOLLOW: `real` has no link in it, unless one was put there since.
        handle = await fs.promises.open(real, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
    } catch (e) {
        return refused('io-error', `cannot be opened: ${errorCode(e) ?? String(e)}`);
    }
    try {
        const opened = await handle.stat();
        if (!opened.isFile()) {
            return refused('not-a-file', `not a regular file (${describeType(opened)})`);
        }
        const where = await openedPath(handle.fd);
        if (where !== undefined && !insideRoots(where, roots)) {
            return outside(where);
        }
        return await hashUpTo(handle, maxBytes);
    } catch (e) {
        return refused('io-error', `cannot be read: ${errorCode(e) ?? String(e)}`);
    } finally {
        await handle.close().catch(() => undefined);
    }
}

/** Both hashes of the file, reading at most `maxBytes + 1` (a file that grows past the cap is refused). */
async function hashUpTo(handle: fs.promises.FileHandle, maxBytes: number): Promise<JournalDiskRead> {
    const bytesHash = crypto.createHash('sha256');
    const textHash = crypto.createHash('sha256');
    // As Theia's BinaryBuffer.toString() decodes in the browser (Buffer's UTF-8: a BOM is kept).
    const decoder = new StringDecoder('utf8');
    const chunk = Buffer.alloc(CHUNK_BYTES);
    let size = 0;
    for (;;) {
        const { bytesRead } = await handle.read(chunk, 0, Math.min(CHUNK_BYTES, maxBytes + 1 - size), null);
        if (bytesRead === 0) {
            break;
        }
        size += bytesRead;
        if (size > maxBytes) {
            return refused('too-large', `larger than ${formatBytes(maxBytes)}`);
        }
        const part = chunk.subarray(0, bytesRead);
        bytesHash.update(part);
        textHash.update(decoder.write(part), 'utf8');
    }
    textHash.update(decoder.end(), 'utf8');
    return { state: 'file', size, sha256: bytesHash.digest('hex'), textSha256: textHash.digest('hex') };
}
