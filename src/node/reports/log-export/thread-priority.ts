// *****************************************************************************
// Lowers the scheduling priority of the calling thread alone (Linux: the nice value is per thread, and
// setpriority(PRIO_PROCESS, tid) changes only that thread). The export worker calls it on itself, so that on a
// busy machine the backend's event loop (ingest, the IDE) gets the CPU first. Lowering needs no privilege.
// A thread inherits the nice value of the thread that creates it: were the worker the first to use libuv's shared
// thread pool (async fs, DNS, zlib), the pool's threads would run lower too. In the backend the main thread has used
// the pool long before the worker starts (and the worker itself uses no pool work but its socket's DNS lookup).
// *****************************************************************************

import * as fs from 'fs';
import * as os from 'os';

/** The kernel's id of the calling thread (/proc/thread-self → "<pid>/task/<tid>"); undefined off Linux. */
export function currentThreadId(): number | undefined {
    try {
        const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
        return Number.isInteger(tid) && tid > 0 ? tid : undefined;
    } catch {
        return undefined;
    }
}

/**
 * Adds `increment` (1..19) to the calling thread's nice value (at most 19). Returns the new nice value, or a reason
 * why it was left alone (never throws).
 */
export function lowerThreadPriority(increment: number): { nice: number } | { problem: string } {
    const tid = currentThreadId();
    if (tid === undefined) {
        return { problem: 'no /proc/thread-self (not Linux?)' };
    }
    try {
        const nice = Math.min(19, os.getPriority(tid) + increment);
        os.setPriority(tid, nice);
        return { nice: os.getPriority(tid) };
    } catch (error) {
        return { problem: String((error as Error)?.message ?? error) };
    }
}
