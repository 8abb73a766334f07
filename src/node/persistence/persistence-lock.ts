// *****************************************************************************
// Two checks on one workspace never interleave: an in-process mutex per root (RPC, HTTP) and a lock file
// created with O_EXCL in the check's directory (the command line against a running IDE). The lock file names
// its owner by host, boot id, PID and process start time, so a PID reused after a container restart is not
// mistaken for the owner; a stale lock is broken atomically (renamed away, then checked it was the stale one).
// *****************************************************************************

import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CheckRefusal, errnoCode, LockTimeoutError } from '../ledger/check-errors';
import { bootId, LockFileContent, ownerGone, processStartTime } from './lock-owner';

export { LockTimeoutError } from '../ledger/check-errors';
export { bootId, ownerGone, processStartTime } from './lock-owner';
export type { LockFileContent } from './lock-owner';

const chains = new Map<string, Promise<void>>();

/** Runs `task` after every earlier task for the same key has finished. */
export async function withRootMutex<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = chains.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>(resolve => release = resolve);
    const chained = previous.then(() => current);
    chains.set(key, chained);
    await previous;
    try {
        return await task();
    } finally {
        release();
        if (chains.get(key) === chained) {
            chains.delete(key);
        }
    }
}

export interface HeldLock {
    file: string;
    /** Waited this long for another check to finish. */
    waitedMs: number;
    release(): Promise<void>;
}

const STALE_MS = 5 * 60 * 1000;
const TORN_STALE_MS = 10000;
const MAX_LOCK_BYTES = 4096;
const O = fs.constants;

function myLockContent(): LockFileContent {
    return { pid: process.pid, hostname: os.hostname(), at: new Date().toISOString(), bootId: bootId(), startTime: processStartTime(process.pid) };
}

/** The lock file's identity when it is stale, undefined when it is held. Refuses what is not a regular file. */
/** A lock file as judged: device, inode and modification time (an inode number is soon reused by the next lock file). */
interface LockStamp {
    dev: bigint;
    ino: bigint;
    mtimeNs: bigint;
}

function sameLock(a: LockStamp, b: LockStamp): boolean {
    return a.dev === b.dev && a.ino === b.ino && a.mtimeNs === b.mtimeNs;
}

async function staleLock(file: string): Promise<LockStamp | undefined> {
    let handle: fs.promises.FileHandle;
    try {
        handle = await fs.promises.open(file, O.O_RDONLY | O.O_NOFOLLOW | O.O_NONBLOCK);
    } catch (e) {
        const code = errnoCode(e);
        if (code === 'ELOOP') {
            throw Object.assign(new Error(`${file} is a symbolic link`), { code: 'ELOOP' });
        }
        if (code === 'ENOENT') {
            return undefined;
        }
        throw e;
    }
    try {
        const st = await handle.stat({ bigint: true });
        if (!st.isFile()) {
            throw new CheckRefusal(`the lock ${file} is not a regular file (${st.isFIFO() ? 'a FIFO' : st.isDirectory() ? 'a directory' : 'a special file'})`,
                `Move ${file} away; the check creates its lock as a regular file.`, 'ENOTREG');
        }
        const buffer = Buffer.alloc(Math.min(Number(st.size), MAX_LOCK_BYTES));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        const age = Date.now() - Number(st.mtimeMs);
        let owner: Partial<LockFileContent>;
        try {
            owner = JSON.parse(buffer.subarray(0, bytesRead).toString('utf8'));
        } catch {
            // A lock file torn by a crash between create and write.
            return age > TORN_STALE_MS ? st : undefined;
        }
        return ownerGone(owner) || age > STALE_MS ? st : undefined;
    } finally {
        await handle.close();
    }
}

/**
 * Breaks a stale lock: only one waiter at a time (it holds `<lock>.break`, created with O_EXCL), which checks that the lock
 * is still the file judged stale, renames it away atomically and deletes it. Should the renamed file not be the stale one
 * after all (its owner released it and a new lock appeared), that lock is put back with link(), which never overwrites.
 */
async function breakLock(file: string, stale: LockStamp): Promise<void> {
    const breaker = `${file}.break`;
    try {
        await (await fs.promises.open(breaker, O.O_WRONLY | O.O_CREAT | O.O_EXCL | O.O_NOFOLLOW | O.O_NONBLOCK, 0o600)).close();
    } catch (e) {
        if (errnoCode(e) !== 'EEXIST') {
            throw e;
        }
        // Another waiter is breaking it; a breaker that died mid-way leaves an old file behind.
        const st = await fs.promises.lstat(breaker).catch(() => undefined);
        if (st?.isFile() && Date.now() - st.mtimeMs > TORN_STALE_MS) {
            await fs.promises.unlink(breaker).catch(() => undefined);
        }
        return;
    }
    try {
        const current = await fs.promises.lstat(file, { bigint: true }).catch(() => undefined);
        if (!current || !sameLock(current, stale)) {
            return;
        }
        const grave = `${file}.stale-${crypto.randomBytes(6).toString('hex')}`;
        try {
            await fs.promises.rename(file, grave);
        } catch (e) {
            if (errnoCode(e) === 'ENOENT') {
                return;
            }
            throw e;
        }
        const st = await fs.promises.lstat(grave, { bigint: true });
        if (!sameLock(st, stale)) {
            await fs.promises.link(grave, file).catch(() => undefined);
        }
        await fs.promises.unlink(grave).catch(() => undefined);
    } finally {
        await fs.promises.unlink(breaker).catch(() => undefined);
    }
}

/**
 * Creates `<dir>/<name>` with O_EXCL|O_NOFOLLOW; waits (polling) while another live check holds it, breaks stale locks.
 * Rejects with the fs error when the lock cannot be created for another reason (EROFS, ENOSPC, EACCES, ELOOP), and with a
 * CheckRefusal when something else than a regular file sits at the lock's path.
 */
export async function acquireLockFile(dir: string, name: string, timeoutMs: number): Promise<HeldLock> {
    const file = path.join(dir, name);
    const start = Date.now();
    const flags = O.O_WRONLY | O.O_CREAT | O.O_EXCL | O.O_NOFOLLOW | O.O_NONBLOCK;
    for (; ;) {
        try {
            const handle = await fs.promises.open(file, flags, 0o600);
            let mine: LockStamp | undefined;
            try {
                await handle.writeFile(JSON.stringify(myLockContent()));
                mine = await handle.stat({ bigint: true });
            } catch {
                // An empty lock file still excludes; stale detection copes with it.
            } finally {
                await handle.close();
            }
            let released = false;
            return {
                file,
                waitedMs: Date.now() - start,
                release: async () => {
                    if (!released) {
                        released = true;
                        // Only our own lock: after a (wrong) break by another host, the file may be someone else's now.
                        const st = await fs.promises.lstat(file, { bigint: true }).catch(() => undefined);
                        if (st && (mine === undefined || sameLock(st, mine))) {
                            await fs.promises.unlink(file).catch(() => undefined);
                        }
                    }
                }
            };
        } catch (e) {
            if (errnoCode(e) !== 'EEXIST') {
                throw e;
            }
        }
        const stale = await staleLock(file);
        if (stale) {
            await breakLock(file, stale);
        }
        if (!stale && Date.now() - start > timeoutMs) {
            throw new LockTimeoutError(`another persistence check holds ${file} (waited ${Math.round((Date.now() - start) / 1000)} s)`);
        }
        await new Promise(resolve => setTimeout(resolve, stale ? 5 : 50));
    }
}
