// Child processes of this test run: each server (nginx, haproxy, prometheus, a Theia backend) is spawned as the
// leader of its own process group, stopped by signalling the whole group, and waited for until no member is left.
// The run also marks its environment (SESSION_HEALTH_TEST_RUN) so the closing leak check finds exactly this
// run's processes, never those of another developer's run on the same machine.
import { ChildProcess, spawn, SpawnOptions } from 'child_process';
import * as fs from 'fs';

export const RUN_MARKER_ENV = 'SESSION_HEALTH_TEST_RUN';
/** Unique per mocha (or bench) process; inherited by every child through the environment. */
export const RUN_ID = `${process.pid}-${Date.now()}`;
process.env[RUN_MARKER_ENV] = RUN_ID;

/** Process groups (= leader pids) this run has spawned. */
const groups = new Set<number>();
/** Open teardown scopes (see openScope()): every group spawned while one is open is recorded in it at spawn time. */
const scopes = new Set<Map<number, ChildProcess>>();

export interface ProcInfo {
    pid: number;
    ppid: number;
    pgid: number;
    state: string;
    comm: string;
    cmdline: string;
}

function readProc(pid: number): ProcInfo | undefined {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        const comm = stat.slice(stat.indexOf('(') + 1, close);
        const [state, ppid, pgid] = stat.slice(close + 2).split(' ');
        let cmdline = '';
        try {
            cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+$/, '').replace(/\0/g, ' ');
        } catch {
            // gone meanwhile
        }
        return { pid, ppid: Number(ppid), pgid: Number(pgid), state, comm, cmdline };
    } catch {
        return undefined;
    }
}

/** Every live (not zombie) process on the machine. */
export function listProcesses(): ProcInfo[] {
    return fs.readdirSync('/proc').filter(d => /^\d+$/.test(d)).map(d => readProc(Number(d)))
        .filter((p): p is ProcInfo => !!p && p.state !== 'Z' && p.state !== 'X');
}

function carriesRunMarker(pid: number): boolean {
    try {
        return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`${RUN_MARKER_ENV}=${RUN_ID}`);
    } catch {
        return false;
    }
}

/**
 * Live processes started by this run: members of a group it spawned, descendants of this process, processes
 * whose environment carries this run's marker (orphans reparented to init), and, with `ownGroup`, members of this
 * process's own group that are not its ancestors (a child spawned without a group of its own stays in it, and nginx
 * rewrites its environ area for its process title, so an orphaned worker is found only this way).
 */
export function processesOfThisRun(ownGroup = false): ProcInfo[] {
    const all = listProcesses();
    const byPid = new Map(all.map(p => [p.pid, p]));
    const ancestors = new Set<number>();
    for (let q = byPid.get(process.pid), hops = 0; q && hops < 64; q = byPid.get(q.ppid), hops++) {
        ancestors.add(q.pid);
    }
    const myGroup = byPid.get(process.pid)?.pgid;
    const descends = (p: ProcInfo): boolean => {
        for (let q: ProcInfo | undefined = p, hops = 0; q && hops < 64; q = byPid.get(q.ppid), hops++) {
            if (q.ppid === process.pid) {
                return true;
            }
        }
        return false;
    };
    return all.filter(p => !ancestors.has(p.pid) && (groups.has(p.pgid) || descends(p) || carriesRunMarker(p.pid)
        || (ownGroup && p.pgid === myGroup && p.ppid === 1)));
}

function groupMembers(pgid: number): ProcInfo[] {
    return listProcesses().filter(p => p.pgid === pgid);
}

/** Spawns `command` as the leader of a new process group, recorded for groupStop() and the leak check. */
export function spawnGroup(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn(command, args, { ...options, detached: true });
    if (child.pid !== undefined) {
        groups.add(child.pid);
        scopes.forEach(scope => scope.set(child.pid!, child));
    }
    return child;
}

export interface ProcessScope {
    /** Whether groups spawned from now on are recorded (a scope can cover the tests of a suite and not its hooks). */
    recording: boolean;
    /** Stops (SIGKILL, whole group) every group recorded in the scope that still has a live member; returns those members. */
    close(): Promise<ProcInfo[]>;
}

/**
 * Opens a teardown scope: while it is recording, each group spawnGroup() starts is registered in it the moment it is
 * spawned (before a helper waits for it to listen, before a test can fail), so close() stops it whatever the test did.
 * The root hooks keep one per suite, recording during its tests (test/helpers/root-hooks.ts).
 */
export function openScope(): ProcessScope {
    const recorded = new Map<number, ChildProcess>();
    const scope: ProcessScope = {
        get recording() {
            return scopes.has(recorded);
        },
        set recording(on: boolean) {
            if (on) {
                scopes.add(recorded);
            } else {
                scopes.delete(recorded);
            }
        },
        async close(): Promise<ProcInfo[]> {
            scopes.delete(recorded);
            // Only groups not stopped yet, whose leader is not reaped or that still have members: an empty group's id may
            // already be a new pid of someone else's process.
            const all = listProcesses();
            const live = [...recorded.values()].filter(child => groups.has(child.pid!)
                && ((child.exitCode === null && child.signalCode === null) || all.some(p => p.pgid === child.pid)));
            const left = all.filter(p => live.some(child => child.pid === p.pgid));
            await Promise.all(live.map(child => stopGroup(child)));
            return left;
        }
    };
    scope.recording = true;
    return scope;
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > end) {
            return false;
        }
        await new Promise(resolve => setTimeout(resolve, 20));
    }
    return true;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
    try {
        process.kill(-pgid, signal);
    } catch {
        // the group is already empty
    }
}

/**
 * Stops a group spawned by spawnGroup(): `signal` to the whole group, then SIGKILL to whatever is left after
 * `graceMs`, and waits until the leader has exited and no member of the group is alive.
 */
export async function stopGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL', graceMs = 5000): Promise<void> {
    const pgid = child.pid;
    if (pgid === undefined || !groups.has(pgid)) {
        return; // not ours, or already stopped: its id may belong to someone else's process by now
    }
    const exited = child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise<void>(resolve => child.once('exit', () => resolve()));
    signalGroup(pgid, signal);
    if (!await waitUntil(() => groupMembers(pgid).length === 0, signal === 'SIGKILL' ? 10000 : graceMs)) {
        signalGroup(pgid, 'SIGKILL');
        if (!await waitUntil(() => groupMembers(pgid).length === 0, 10000)) {
            throw new Error(`process group ${pgid} still has members 10 s after SIGKILL: ${groupMembers(pgid).map(describeProcess).join('; ')}`);
        }
    }
    await exited;
    groups.delete(pgid);
}

/** After the leader exited by itself or by a signal sent to it alone: SIGKILL what is left of its group and wait for it. */
export async function reapGroup(child: ChildProcess): Promise<void> {
    const pgid = child.pid;
    if (pgid === undefined || !groups.has(pgid)) {
        return; // not ours, or already reaped
    }
    signalGroup(pgid, 'SIGKILL');
    if (!await waitUntil(() => groupMembers(pgid).length === 0, 10000)) {
        throw new Error(`process group ${pgid} still has members 10 s after SIGKILL: ${groupMembers(pgid).map(describeProcess).join('; ')}`);
    }
    groups.delete(pgid);
}

export function describeProcess(p: ProcInfo): string {
    return `pid ${p.pid} (pgid ${p.pgid}, ppid ${p.ppid}) ${p.cmdline || p.comm}`;
}

/** The kinds of process the suite's helpers start: servers that must never outlive the run. */
export function isServerProcess(p: ProcInfo): boolean {
    return /^(nginx|haproxy|prometheus)$/.test(p.comm) || /^nginx: /.test(p.cmdline)
        || /(^|\/)(haproxy|prometheus)( |$)/.test(p.cmdline) || /\/lib\/backend\/main\.js\b/.test(p.cmdline);
}

/** Every process of this run that the closing guard looks for: the servers and Chromium (the tests' browser). */
export function isSuiteProcess(p: ProcInfo): boolean {
    return isServerProcess(p) || /^(chromium|chrome|headless_shell|chrome_crashpad)/.test(p.comm)
        || /^\/usr\/lib\/chromium\//.test(p.cmdline);
}

/**
 * The closing guard: waits up to `timeoutMs` for every process of this run matching `isTarget` to be gone, then
 * SIGKILLs whatever is left (its whole group if this run spawned that group) and waits until it is gone.
 * Returns the processes it had to kill (empty: nothing was left behind).
 */
export async function killLeftovers(isTarget: (p: ProcInfo) => boolean = isSuiteProcess, timeoutMs = 15000): Promise<ProcInfo[]> {
    const targets = () => processesOfThisRun(true).filter(isTarget);
    await waitUntil(() => targets().length === 0, timeoutMs);
    const left = targets();
    for (const p of left) {
        if (groups.has(p.pgid)) {
            signalGroup(p.pgid, 'SIGKILL');
        }
        try {
            process.kill(p.pid, 'SIGKILL');
        } catch {
            // gone meanwhile
        }
    }
    const pids = new Set(left.map(p => p.pid));
    if (!await waitUntil(() => !listProcesses().some(p => pids.has(p.pid)), 10000)) {
        throw new Error(`still alive 10 s after SIGKILL: ${listProcesses().filter(p => pids.has(p.pid)).map(describeProcess).join('; ')}`);
    }
    return left;
}

/** On an abrupt end (Ctrl-C, SIGTERM, process.exit), SIGKILL every group still recorded. */
function killAllGroupsNow(): void {
    for (const pgid of groups) {
        signalGroup(pgid, 'SIGKILL');
    }
}
process.once('exit', killAllGroupsNow);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
        killAllGroupsNow();
        if (process.listenerCount(sig) === 0) {
            process.kill(process.pid, sig); // nobody else handles it: end the way the signal would have
        }
    });
}
