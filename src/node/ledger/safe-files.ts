// *****************************************************************************
// Opening the check's own files without being fooled by what a workspace can contain: never through a
// symbolic link (O_NOFOLLOW), never blocking a libuv thread on a FIFO (O_NONBLOCK), and verified with
// fstat before use (a regular file, one link, on the check directory's device, the directory unchanged).
// *****************************************************************************

import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { CheckRefusal, errnoCode } from './check-errors';

const O = fs.constants;

/** Device and inode of the check directory, as prepared at the start of the check. */
export interface DirectoryStamp {
    path: string;
    dev: bigint;
    ino: bigint;
    /** Birth time in ns, 0n when the file system does not record it. */
    birthtimeNs: bigint;
    /** On overlayfs, files may report the device of the layer below; the device check is skipped there. */
    overlay: boolean;
}

const OVERLAY_MAGIC = 0x794c7630;

export async function stampDirectory(dir: string): Promise<DirectoryStamp> {
    const st = await fs.promises.lstat(dir, { bigint: true });
    if (st.isSymbolicLink()) {
        throw new CheckRefusal(`${dir} is a symbolic link; the check does not follow links out of its own directory`, `Remove the link ${dir}.`);
    }
    if (!st.isDirectory()) {
        throw new CheckRefusal(`${dir} exists and is not a directory`, `Move ${dir} away.`, 'ENOTDIR');
    }
    const overlay = (await fs.promises.statfs(dir)).type === OVERLAY_MAGIC;
    return { path: dir, dev: st.dev, ino: st.ino, birthtimeNs: st.birthtimeNs, overlay };
}

/** Fails when the directory at `stamp.path` is no longer the one the check prepared (swapped or replaced by a link). */
export async function verifyDirectory(stamp: DirectoryStamp): Promise<void> {
    const now = await stampDirectory(stamp.path);
    if (now.dev !== stamp.dev || now.ino !== stamp.ino) {
        throw new CheckRefusal(`${stamp.path} was replaced while the check ran`, 'Another process changes the check directory; find it.', 'EIO');
    }
}

/**
 * Opens `file` inside the check directory with O_NOFOLLOW | O_NONBLOCK (plus `flags`), then verifies with fstat that it is a
 * regular file with a single link on the directory's device, and that the directory is still the prepared one.
 */
export async function openVerified(file: string, flags: number, dir: DirectoryStamp, mode = 0o600): Promise<fs.promises.FileHandle> {
    let handle: fs.promises.FileHandle;
    try {
        handle = await fs.promises.open(file, flags | O.O_NOFOLLOW | O.O_NONBLOCK, mode);
    } catch (e) {
        const code = errnoCode(e);
        if (code === 'ELOOP') {
            throw new CheckRefusal(`${file} is a symbolic link`, `Remove the link ${file}; the check keeps its files as regular files in its own directory.`);
        }
        if (code === 'ENXIO' || code === 'EISDIR') {
            throw new CheckRefusal(`${file} is not a regular file (${code === 'ENXIO' ? 'a FIFO or socket' : 'a directory'})`, `Move ${file} away.`, 'ENOTREG');
        }
        throw e;
    }
    try {
        const st = await handle.stat({ bigint: true });
        if (!st.isFile()) {
            throw new CheckRefusal(`${file} is not a regular file (${st.isFIFO() ? 'a FIFO' : st.isDirectory() ? 'a directory' : 'a special file'})`, `Move ${file} away.`, 'ENOTREG');
        }
        if (st.nlink > 1n) {
            throw new CheckRefusal(`${file} has ${st.nlink} hard links; the check does not write into a file that lives elsewhere too`, `Remove ${file} (the check recreates it).`, 'EMLINK');
        }
        if (st.dev !== dir.dev && !dir.overlay) {
            throw new CheckRefusal(`${file} is not on the check directory's file system (something is mounted over it)`, `Unmount or remove ${file}.`, 'EXDEV');
        }
        await verifyDirectory(dir);
        return handle;
    } catch (e) {
        await handle.close().catch(() => undefined);
        throw e;
    }
}

/** Reads at most `max` bytes from the end of an open file. */
export async function readTail(handle: fs.promises.FileHandle, max: number): Promise<Buffer> {
    const total = (await handle.stat()).size;
    const size = Math.min(total, max);
    const buffer = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buffer, 0, size, Math.max(0, total - size));
    return buffer.subarray(0, bytesRead);
}

export async function fsyncDirectory(dir: string): Promise<void> {
    const handle = await fs.promises.open(dir, O.O_RDONLY | O.O_DIRECTORY | O.O_NOFOLLOW | O.O_NONBLOCK);
    try {
        await handle.sync();
    } finally {
        await handle.close();
    }
}

/**
 * Replaces `name` in the verified directory atomically: a new temp file (O_EXCL, verified), `text` written and
 * fsynced, renamed over `name`, then the directory fsynced. On failure the temp file is removed and `name` is untouched.
 */
export async function writeFileAtomically(dir: DirectoryStamp, name: string, text: string): Promise<void> {
    const tmp = path.join(dir.path, `${name}.${crypto.randomBytes(6).toString('hex')}.tmp`);
    const handle = await openVerified(tmp, O.O_WRONLY | O.O_CREAT | O.O_EXCL, dir);
    try {
        await handle.writeFile(text);
        await handle.sync();
        await handle.close();
        await fs.promises.rename(tmp, path.join(dir.path, name));
    } catch (e) {
        await handle.close().catch(() => undefined);
        await fs.promises.unlink(tmp).catch(() => undefined);
        throw e;
    }
    await fsyncDirectory(dir.path);
}

/** Whether anything (a file, a link, a FIFO) exists at `p`, without following or opening it. */
export function exists(p: string): Promise<boolean> {
    return fs.promises.lstat(p).then(() => true, () => false);
}
