// Starts the real Theia backend of browser-app as a child process on a free port.
// It leads its own process group (with whatever it spawns); stop() waits until the whole group is gone.
import { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BACKEND_MAIN, DEMO_WORKSPACE, TEST_TMP } from './paths';
import { reapGroup, spawnGroup } from './processes';

let defaultWorkspace: string | undefined;

/**
 * The workspace a backend opens unless told otherwise: a copy of demo-workspace/ (without its `.theia/`) made once per
 * run under .test-tmp and removed when the run exits. What the backends write there (the lifecycle ledger, the
 * persistence check's markers) then never lands in the repository's demo workspace, where the README's start command
 * would read it.
 */
export function testWorkspace(): string {
    if (!defaultWorkspace) {
        const dir = path.join(TEST_TMP, `workspace-${process.pid}`);
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(TEST_TMP, { recursive: true });
        fs.cpSync(DEMO_WORKSPACE, dir, { recursive: true, filter: source => path.relative(DEMO_WORKSPACE, source).split(path.sep)[0] !== '.theia' });
        // Gone with the run (each run made a new one, and they piled up under .test-tmp).
        process.once('exit', () => {
            try {
                fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
            } catch {
                // best effort: a backend killed a moment ago may still be writing there
            }
        });
        defaultWorkspace = dir;
    }
    return defaultWorkspace;
}

export interface BackendOptions {
    workspace?: string;
    /** 0 (default) picks a free port. */
    port?: number;
    env?: NodeJS.ProcessEnv;
    startTimeoutMs?: number;
    /** Backend entry point; default: browser-app's. */
    main?: string;
    /** A command that execs its arguments (the node command line), e.g. to start the backend in a new namespace. */
    prefix?: string[];
}

export interface RunningBackend {
    port: number;
    url: string;
    process: ChildProcess;
    output(): string;
    /** Sends `signal` (default SIGKILL) to the backend, waits for it to exit, then kills and waits for anything it started. */
    stop(signal?: NodeJS.Signals): Promise<void>;
    exited: Promise<number | null>;
}

const running = new Set<RunningBackend>();

export async function startBackend(options: BackendOptions = {}): Promise<RunningBackend> {
    const command = [process.execPath, options.main ?? BACKEND_MAIN, options.workspace ?? testWorkspace(), '--hostname=127.0.0.1', `--port=${options.port ?? 0}`];
    const [file, ...args] = [...options.prefix ?? [], ...command];
    const child = spawnGroup(file, args, {
        env: { ...process.env, ...options.env },
        stdio: ['ignore', 'pipe', 'pipe']
    });
    let output = '';
    const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
    const port = await new Promise<number>((resolve, reject) => {
        // A start that fails (timeout, early exit) stops what it spawned before reporting.
        let settled = false;
        const fail = (error: Error) => {
            if (!settled) {
                settled = true;
                reapGroup(child).then(() => reject(error), reject);
            }
        };
        const timer = setTimeout(() => fail(new Error(`Theia backend did not start within ${options.startTimeoutMs ?? 60000} ms:\n${output}`)), options.startTimeoutMs ?? 60000);
        const onData = (chunk: Buffer) => {
            output += chunk.toString();
            const match = /listening on http:\/\/[^:]+:(\d+)/.exec(output);
            if (match && !settled) {
                settled = true;
                clearTimeout(timer);
                resolve(Number(match[1]));
            }
        };
        child.stdout!.on('data', onData);
        child.stderr!.on('data', onData);
        exited.then(code => { clearTimeout(timer); fail(new Error(`Theia backend exited with ${code} before listening:\n${output}`)); });
    });
    let stopping: Promise<void> | undefined;
    const backend: RunningBackend = {
        port,
        url: `http://127.0.0.1:${port}`,
        process: child,
        output: () => output,
        exited,
        stop(signal: NodeJS.Signals = 'SIGKILL') {
            // Idempotent: a second stop (a test's own, then its afterEach) waits for the first one.
            stopping ??= (async () => {
                running.delete(backend);
                if (child.exitCode === null && child.signalCode === null) {
                    child.kill(signal);
                }
                await exited;
                await reapGroup(child);
            })();
            return stopping;
        }
    };
    running.add(backend);
    return backend;
}

export async function stopAllBackends(): Promise<void> {
    await Promise.all([...running].map(b => b.stop()));
}
