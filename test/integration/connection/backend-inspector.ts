// Blocks a running backend's event loop from outside the product: SIGUSR1 opens its inspector (on the port
// given with --inspect-port), and a busy loop runs through the DevTools protocol's Runtime.evaluate.
// Also reads the silence labels (server busy / network drop) from the open details dialog.
// (Shared by test/browser/connection/server-busy.spec.ts and bench/connection.ts.)
import * as net from 'net';
import { RunningBackend } from '../../helpers/theia-backend';
import { IdePage } from '../../helpers/ide-page';

interface WebSocketLike {
    on(event: 'open' | 'close', listener: () => void): void;
    on(event: 'message', listener: (data: Buffer) => void): void;
    on(event: 'error', listener: (error: Error) => void): void;
    send(data: string): void;
    close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const WebSocket = require('ws') as new (url: string) => WebSocketLike;

export async function freePort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise(resolve => server.close(resolve));
    return port;
}

/** Environment that makes a backend open its inspector on `port` (not 9229, so parallel runs do not collide) on SIGUSR1. */
export function inspectorEnv(port: number): NodeJS.ProcessEnv {
    return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --inspect-port=127.0.0.1:${port}`.trim() };
}

export class BackendInspector {
    protected nextId = 0;
    protected readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();

    protected constructor(protected readonly socket: WebSocketLike) {
        socket.on('message', data => {
            const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
            const waiter = message.id !== undefined ? this.pending.get(message.id) : undefined;
            if (waiter) {
                this.pending.delete(message.id!);
                if (message.error) {
                    waiter.reject(new Error(message.error.message));
                } else {
                    waiter.resolve(message.result);
                }
            }
        });
    }

    /** Sends SIGUSR1 to the backend and connects to its inspector on `port`. */
    static async open(backend: RunningBackend, port: number, timeoutMs = 20000): Promise<BackendInspector> {
        backend.process.kill('SIGUSR1');
        const deadline = Date.now() + timeoutMs;
        let url: string | undefined;
        let lastError: unknown;
        while (!url && Date.now() < deadline) {
            try {
                const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json() as { webSocketDebuggerUrl?: string }[];
                url = targets.find(t => t.webSocketDebuggerUrl)?.webSocketDebuggerUrl;
            } catch (error) {
                lastError = error;
                await new Promise(resolve => setTimeout(resolve, 100));
            }
        }
        if (!url) {
            throw new Error(`The backend's inspector did not open on 127.0.0.1:${port} within ${timeoutMs} ms after SIGUSR1: ${lastError}`);
        }
        const socket = new WebSocket(url);
        await new Promise<void>((resolve, reject) => {
            socket.on('open', () => resolve());
            socket.on('error', reject);
        });
        return new BackendInspector(socket);
    }

    protected send(method: string, params: object): Promise<unknown> {
        const id = ++this.nextId;
        return new Promise((resolve, reject) => {
            this.pending.set(id, { resolve, reject });
            this.socket.send(JSON.stringify({ id, method, params }));
        });
    }

    /** Runs a busy loop of `ms` on the backend's main thread; resolves when it has ended (test clock). */
    async block(ms: number): Promise<{ startedAt: number; endedAt: number }> {
        const startedAt = Date.now();
        await this.send('Runtime.evaluate', { expression: `(() => { const end = Date.now() + ${Math.round(ms)}; while (Date.now() < end) { /* busy */ } })()` });
        return { startedAt, endedAt: Date.now() };
    }

    /** The backend's JS heap in use after a full garbage collection (bytes): what it really retains. */
    async heapUsedAfterGc(): Promise<number> {
        await this.send('HeapProfiler.collectGarbage', {});
        const usage = await this.send('Runtime.getHeapUsage', {}) as { usedSize: number };
        return usage.usedSize;
    }

    close(): void {
        this.socket.close();
    }
}

/** The silence labels that appeared in the open details dialog's timeline above the entry `marker` (newest first). */
export async function silenceLabelsSince(ide: IdePage, marker: string | null, timeoutMs: number): Promise<string[]> {
    const handle = await ide.page.waitForFunction(m => {
        const items = Array.from(document.querySelectorAll<HTMLElement>('[data-section="connection"] .session-health-timeline li'));
        const stop = m === null ? items.length : items.findIndex(li => li.textContent === m);
        const fresh = items.slice(0, stop < 0 ? items.length : stop);
        const labels = fresh.filter(li => li.dataset.kind === 'server-busy' || li.dataset.kind === 'network-drop');
        return labels.length ? labels.map(li => `${li.dataset.kind}|${li.textContent}`) : undefined;
    }, marker, { timeout: timeoutMs, polling: 50 });
    return handle.jsonValue() as Promise<string[]>;
}

/**
 * When the monitor logged the newest server-busy / network-drop label (its timeline entry's time, ms since epoch):
 * the moment of the decision, not the moment the view (which redraws at most once a second) showed it.
 */
export async function newestSilenceLabelAt(ide: IdePage): Promise<number> {
    return ide.page.evaluate(() => {
        const li = Array.from(document.querySelectorAll<HTMLElement>('[data-section="connection"] .session-health-timeline li'))
            .find(item => item.dataset.kind === 'server-busy' || item.dataset.kind === 'network-drop');
        return Number(li?.dataset.at ?? NaN);
    });
}

/** The newest entry of the Session Health view's connection timeline (a marker for silenceLabelsSince). */
export async function newestEntry(ide: IdePage): Promise<string | null> {
    return ide.page.evaluate(() => document.querySelector('[data-section="connection"] .session-health-timeline li')?.textContent ?? null);
}
