// *****************************************************************************
// Who holds a lock file, and whether that owner is gone: host, boot id (/proc/sys/kernel/random/boot_id), PID and
// the process start time (a PID reused after a container restart belongs to a process that started later).
// *****************************************************************************

import * as fs from 'fs';
import * as os from 'os';
import { errnoCode } from '../ledger/check-errors';

export interface LockFileContent {
    pid: number;
    hostname: string;
    at: string;
    /** /proc/sys/kernel/random/boot_id of the owner's kernel. */
    bootId?: string;
    /** The owner's start time (field 22 of /proc/<pid>/stat, clock ticks since boot). */
    startTime?: string;
}

function readProcText(file: string): string | undefined {
    try {
        return fs.readFileSync(file, 'utf8');
    } catch {
        return undefined;
    }
}

export function bootId(): string | undefined {
    return readProcText('/proc/sys/kernel/random/boot_id')?.trim() || undefined;
}

/** Start time of a process in clock ticks since boot; undefined when it does not exist (or no /proc). */
export function processStartTime(pid: number): string | undefined {
    const stat = readProcText(`/proc/${pid}/stat`);
    if (!stat) {
        return undefined;
    }
    // Field 2 (comm) may contain spaces and parentheses: fields after the last ')' start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
}

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return errnoCode(e) === 'EPERM';
    }
}

/** Is the owner named in a lock file gone? Only decidable on the same host; elsewhere the lock's age decides. */
export function ownerGone(owner: Partial<LockFileContent>): boolean {
    if (owner.hostname !== os.hostname() || typeof owner.pid !== 'number') {
        return false;
    }
    const myBoot = bootId();
    if (owner.bootId && myBoot && owner.bootId !== myBoot) {
        return true;
    }
    if (!alive(owner.pid)) {
        return true;
    }
    if (owner.startTime) {
        const now = processStartTime(owner.pid);
        return now !== undefined && now !== owner.startTime;
    }
    return false;
}
