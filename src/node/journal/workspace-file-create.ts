// *****************************************************************************
// Writes a journaled file back: creates the missing folders one by one, each checked by its real path (a folder
// link that leaves the workspace is refused), then creates the file with O_CREAT|O_EXCL|O_NOFOLLOW (never over
// anything already there, a dangling link included) and checks where the kernel really put it before writing.
// *****************************************************************************

import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { JournalDiskRefused, JournalDiskWrite } from '../../common/journal/journal-protocol';
import { errorCode, insideRoots, openedPath, outside, readWorkspaceFile, refused } from './workspace-file-read';
import { formatBytes } from '../../common/text/numbers';

/** The real path of `dir`, created as needed, when it is a folder inside a root; else why not. */
export async function ensureWorkspaceDirectory(dir: string, roots: readonly string[]): Promise<string | JournalDiskRefused> {
    const missing: string[] = [];
    let current = path.resolve(dir);
    let real: string | undefined;
    while (real === undefined) {
        try {
            real = await fs.promises.realpath(current);
        } catch (e) {
            if (errorCode(e) === 'ENOTDIR') {
                return refused('not-a-directory', 'a folder on the way is a file now');
            }
            const parent = path.dirname(current);
            if (errorCode(e) !== 'ENOENT' || parent === current) {
                return refused('io-error', `cannot be resolved: ${errorCode(e) ?? String(e)}`);
            }
            missing.unshift(path.basename(current));
            current = parent;
        }
    }
    for (let i = 0; ; i++) {
        if (!insideRoots(real, roots)) {
            return outside(path.join(real, ...missing.slice(i)));
        }
        if (!(await fs.promises.stat(real).catch(() => undefined))?.isDirectory()) {
            return refused('not-a-directory', 'a folder on the way is not a folder');
        }
        if (i === missing.length) {
            return real;
        }
        const next = path.join(real, missing[i]);
        try {
            await fs.promises.mkdir(next);
        } catch (e) {
            // EEXIST: made since we looked (maybe a link): the realpath below decides.
            if (errorCode(e) !== 'EEXIST') {
                return refused('io-error', `a folder cannot be created: ${errorCode(e) ?? String(e)}`);
            }
        }
        try {
            real = await fs.promises.realpath(next);
        } catch {
            return refused('not-a-directory', 'a link on the way leads nowhere');
        }
    }
}

/** Creates `fsPath` with `bytes`; `already-there` when a regular file with the same bytes is there. */
export async function createWorkspaceFile(fsPath: string, bytes: Uint8Array, roots: readonly string[], maxBytes: number): Promise<JournalDiskWrite> {
    if (bytes.length > maxBytes) {
        return refused('too-large', `larger than ${formatBytes(maxBytes)}`);
    }
    const dir = await ensureWorkspaceDirectory(path.dirname(fsPath), roots);
    if (typeof dir !== 'string') {
        return dir;
    }
    const target = path.join(dir, path.basename(fsPath));
    let handle: fs.promises.FileHandle;
    try {
        handle = await fs.promises.open(target, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o666);
    } catch (e) {
        if (errorCode(e) === 'EEXIST') {
            return alreadyThere(target, bytes, roots, maxBytes);
        }
        return refused('io-error', `cannot be created: ${errorCode(e) ?? String(e)}`);
    }
    // From here the file is ours: anything that goes wrong removes it again (the text stays in the journal).
    const where = await openedPath(handle.fd) ?? target;
    try {
        if (!insideRoots(where, roots)) {
            // A folder on the way was swapped for a link between the checks and the create.
            await handle.close();
            await fs.promises.unlink(where).catch(() => undefined);
            return outside(where);
        }
        await handle.writeFile(bytes);
        await handle.sync();
        await handle.close();
        return { state: 'written' };
    } catch (e) {
        await handle.close().catch(() => undefined);
        await fs.promises.unlink(where).catch(() => undefined);
        return refused('io-error', `cannot be written: ${errorCode(e) ?? String(e)}`);
    }
}

async function alreadyThere(target: string, bytes: Uint8Array, roots: readonly string[], maxBytes: number): Promise<JournalDiskWrite> {
    const disk = await readWorkspaceFile(target, roots, maxBytes);
    if (disk.state === 'file' && disk.sha256 === crypto.createHash('sha256').update(bytes).digest('hex')) {
        return { state: 'already-there' };
    }
    return refused('exists', disk.state === 'file' ? 'a different file is there now' : `something else is there now (${disk.state === 'refused' ? disk.reason : 'gone'})`);
}
