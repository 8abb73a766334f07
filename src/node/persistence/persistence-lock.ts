// *****************************************************************************
// Two checks on one workspace never interleave: an in-process mutex per root (RPC, HTTP) and a lock file
// created with O_EXCL in the check's directory (the command line against a running IDE).
// *****************************************************************************

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { errnoCode } from '../../common/persistence/persistence-logic';

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

export interface LockFileContent {
    pid: number;
    hostname: string;
    at: string;
}

export interface HeldLock {
    file: string;
    /** Waited this long for another check to finish. */
    waitedMs: number;
    release(): Promise<void>;
}

export class LockTimeoutError extends Error { }

const STALE_MS = 5 * 60 * 1000;

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return errnoCode(e) === 'EPERM';
    }
}

async function isStale(file: string): Promise<boolean> {
    try {
        const stat = await fs.promises.lstat(file);
        if (!stat.isFile()) {
            return false;
        }
        const text = await fs.promises.readFile(file, 'utf8');
        let owner: Partial<LockFileContent> = {};
        try {
            owner = JSON.parse(text);
        } catch {
            // A lock file torn by a crash between create and write.
            return Date.now() - stat.mtimeMs > 10000;
        }
        if (owner.hostname === os.hostname() && typeof owner.pid === 'number' && !alive(owner.pid)) {
            return true;
        }
        return Date.now() - stat.mtimeMs > STALE_MS;
    } catch {
        return false;
    }
}

/**
 * Creates `<dir>/<name>` with O_EXCL|O_NOFOLLOW; waits (polling) while another live check holds it, breaks stale locks.
 * Rejects with the fs error when the lock cannot be created for another reason (EROFS, ENOSPC, EACCES, ELOOP).
 */
export async function acquireLockFile(dir: string, name: string, timeoutMs: number): Promise<HeldLock> {
    const file = path.join(dir, name);
    const start = Date.now();
    const flags = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW;
    for (; ;) {
        try {
            const handle = await fs.promises.open(file, flags, 0o600);
            try {
                await handle.writeFile(JSON.stringify({ pid: process.pid, hostname: os.hostname(), at: new Date().toISOString() } satisfies LockFileContent));
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
                        await fs.promises.unlink(file).catch(() => undefined);
                    }
                }
            };
        } catch (e) {
            if (errnoCode(e) !== 'EEXIST') {
                throw e;
            }
            const existing = await fs.promises.lstat(file).catch(() => undefined);
            if (existing?.isSymbolicLink()) {
                throw Object.assign(new Error(`${file} is a symbolic link`), { code: 'ELOOP' });
            }
        }
        if (await isStale(file)) {
            await fs.promises.unlink(file).catch(() => undefined);
            continue;
        }
        if (Date.now() - start > timeoutMs) {
            throw new LockTimeoutError(`another persistence check holds ${file} (waited ${Math.round((Date.now() - start) / 1000)} s)`);
        }
        await new Promise(resolve => setTimeout(resolve, 50));
    }
}
