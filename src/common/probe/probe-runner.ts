// *****************************************************************************
// Runs the Socket.IO lifecycle layer by layer over a ProbeTransport and records what it saw.
// The same code runs in the CLI (Node) and in the IDE (browser).
// *****************************************************************************

import { INSTANCE_HEADER } from '../health/health-protocol';
import { engineErrorCode, normaliseBaseUrl, parseOpenPacket, socketIoUrl, upgradeErrorCode } from './engine-io-packets';
import { analyzeProbe } from './probe-findings';
import { cacheHeadersOf, HandshakeObservation, HttpObservation, ProbeObservations, WebSocketObservation } from './probe-observations';
import {
    DEFAULT_FRESH_HANDSHAKES, DEFAULT_PROBE_REQUESTS, DEFAULT_PROBE_TIMEOUT_MS, ProbeHoldResult, ProbeOptions,
    ProbeRequestRecord, ProbeResult, ProbeStep, ProbeStepName
} from './probe-protocol';
import { ProbeTransport, ProbeTransportError, ProbeWebSocket } from './probe-transport';

export const CONNECTION_TOKEN_COOKIE = 'theia-connection-token';
const HANDSHAKE_ATTEMPTS = 3;
const KEPT_HEADERS = ['content-type', 'cache-control', 'age', 'x-cache', 'x-cache-status', 'cf-cache-status', 'via', 'server', 'location', INSTANCE_HEADER.toLowerCase()];

function now(): number {
    return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

function short(text: string | undefined, max = 200): string | undefined {
    return text === undefined ? undefined : text.length > max ? text.slice(0, max) + '…' : text;
}

function median(values: number[]): number | undefined {
    if (!values.length) {
        return undefined;
    }
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export class ProbeRun {
    readonly base: string;
    protected readonly requests: ProbeRequestRecord[] = [];
    protected readonly steps: ProbeStep[] = [];
    protected readonly instances: string[] = [];
    protected readonly obs: ProbeObservations;
    protected readonly timeoutMs: number;

    constructor(baseUrl: string, protected readonly transport: ProbeTransport, protected readonly options: ProbeOptions = {}) {
        this.base = normaliseBaseUrl(baseUrl);
        this.timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
        this.obs = { url: this.base, runner: transport.runner, handshakes: [], cacheHeaders: [] };
    }

    async run(): Promise<ProbeResult> {
        const startedAt = new Date().toISOString();
        const t0 = now();
        await this.runSteps();
        const findings = analyzeProbe(this.obs);
        return {
            url: this.base,
            runner: this.transport.runner,
            startedAt,
            durationMs: Math.round(now() - t0),
            steps: this.steps,
            findings,
            handshake: this.obs.handshakes.find(h => h.info)?.info,
            hold: this.obs.hold,
            instances: this.instances,
            requests: this.requests
        };
    }

    protected async runSteps(): Promise<void> {
        await this.step('health', async () => {
            const o = await this.http('health', 'GET', new URL('health', this.base).toString());
            this.obs.health = o;
            return { ok: o.status === 200, summary: o.status !== undefined ? `${o.status} ${JSON.stringify(o.body?.trim() ?? '')}` : `no answer: ${o.record.error}` };
        });
        await this.step('ready', async () => {
            const o = await this.http('ready', 'GET', new URL('ready', this.base).toString());
            this.obs.ready = o;
            return { ok: o.status === 200, summary: o.status !== undefined ? `${o.status} ${JSON.stringify(o.body?.trim() ?? '')}` : `no answer: ${o.record.error}` };
        });
        await this.step('page', async () => {
            const o = await this.http('page', 'GET', this.base);
            const tokenCookie = this.transport.hasCookie(CONNECTION_TOKEN_COOKIE);
            this.obs.page = { ...o, tokenCookie };
            const cookie = tokenCookie === undefined ? '' : tokenCookie ? ', connection token cookie received' : ', NO connection token cookie';
            return { ok: o.status !== undefined && o.status < 400 && tokenCookie !== false, summary: o.status !== undefined ? `${o.status}${cookie}` : `no answer: ${o.record.error}` };
        });
        if (this.obs.page?.status === undefined || [502, 503, 504].includes(this.obs.page.status)) {
            const rest: ProbeStepName[] = ['handshake', 'sticky', 'fresh-handshakes', 'websocket-upgrade', 'websocket-only'];
            this.skipRest(this.options.holdSeconds ? [...rest, 'hold'] : rest, 'the IDE page is unreachable');
            return;
        }

        let sid: string | undefined;
        await this.step('handshake', async () => {
            for (let attempt = 0; attempt < HANDSHAKE_ATTEMPTS && !sid; attempt++) {
                const h = await this.handshake('handshake');
                this.obs.handshakes.push(h);
                sid = h.info?.sid;
            }
            const info = this.obs.handshakes.find(h => h.info)?.info;
            const failed = this.obs.handshakes.filter(h => !h.info).length;
            return {
                ok: !!info && failed === 0,
                summary: info
                    ? `sid ${info.sid}, upgrades [${info.upgrades.join(', ')}], ping ${info.pingInterval}/${info.pingTimeout} ms` + (failed ? ` (after ${failed} refused attempt(s))` : '')
                    : `refused ${failed}×: ${this.obs.handshakes.map(h => h.status ?? h.record.error).join(', ')}`
            };
        });
        const handshakeInstance = this.obs.handshakes.find(h => h.info)?.instance;

        if (sid) {
            await this.step('sticky', async () => this.sticky(sid!, handshakeInstance));
        } else {
            this.skipRest(['sticky'], 'no session');
        }
        await this.step('fresh-handshakes', async () => this.freshHandshakes(sid));
        if (sid) {
            await this.step('websocket-upgrade', async () => this.upgrade(sid!));
        } else {
            this.skipRest(['websocket-upgrade'], 'no session');
        }
        await this.step('websocket-only', async () => this.webSocketOnly());
        if (this.options.holdSeconds && this.options.holdSeconds > 0) {
            await this.step('hold', async () => this.hold(this.options.holdSeconds!));
        }
    }

    protected async step(name: ProbeStepName, body: () => Promise<{ ok: boolean; summary: string }>): Promise<ProbeStep> {
        const t = now();
        let outcome: { ok: boolean; summary: string };
        try {
            outcome = await body();
        } catch (e) {
            outcome = { ok: false, summary: `probe error: ${e instanceof Error ? e.message : String(e)}` };
        }
        const step: ProbeStep = { step: name, ok: outcome.ok, ms: Math.round(now() - t), summary: outcome.summary };
        this.steps.push(step);
        this.options.onStep?.(step);
        return step;
    }

    protected skipRest(names: ProbeStepName[], why: string): void {
        for (const name of names) {
            const step: ProbeStep = { step: name, ok: false, skipped: true, ms: 0, summary: `skipped: ${why}` };
            this.steps.push(step);
            this.options.onStep?.(step);
        }
    }

    protected async http(step: ProbeStepName, method: 'GET' | 'POST', url: string, body?: string): Promise<HttpObservation> {
        const t = now();
        const record: ProbeRequestRecord = { step, method, url, ms: 0 };
        this.requests.push(record);
        try {
            const res = await this.transport.http({ method, url, body, timeoutMs: this.timeoutMs });
            record.ms = Math.round(now() - t);
            record.status = res.status;
            record.headers = {};
            for (const name of KEPT_HEADERS) {
                if (res.headers[name] !== undefined) {
                    record.headers[name] = res.headers[name];
                }
            }
            record.body = short(res.body);
            const instance = res.headers[INSTANCE_HEADER.toLowerCase()];
            if (instance && !this.instances.includes(instance)) {
                this.instances.push(instance);
            }
            if (url.includes('/socket.io/')) {
                for (const h of cacheHeadersOf(res.headers)) {
                    this.obs.cacheHeaders.push(`${h} (${method} ${this.path(url)})`);
                }
            }
            return { record, status: res.status, body: res.body, instance };
        } catch (e) {
            record.ms = Math.round(now() - t);
            record.error = e instanceof Error ? e.message : String(e);
            return { record, errorKind: e instanceof ProbeTransportError ? e.kind : 'unreachable' };
        }
    }

    protected path(url: string): string {
        const u = new URL(url);
        return u.pathname + u.search;
    }

    protected async handshake(step: ProbeStepName): Promise<HandshakeObservation> {
        const o = await this.http(step, 'GET', socketIoUrl(this.base, { EIO: '4', transport: 'polling', t: this.nonce() }));
        const info = o.status === 200 && o.body ? parseOpenPacket(o.body) : undefined;
        return { ...o, info, errorCode: info ? undefined : engineErrorCode(o.body) };
    }

    protected nonce(): string {
        return Math.random().toString(36).slice(2, 10);
    }

    protected async sticky(sid: string, instance: string | undefined): Promise<{ ok: boolean; summary: string }> {
        const rounds = Math.max(1, this.options.requests ?? DEFAULT_PROBE_REQUESTS);
        const sticky: NonNullable<ProbeObservations['sticky']> = { rounds, failures: [], instanceSwitches: [], cachedAnswers: [] };
        this.obs.sticky = sticky;
        const url = () => socketIoUrl(this.base, { EIO: '4', transport: 'polling', t: this.nonce(), sid });
        const check = (o: HttpObservation, expect: (body: string) => boolean): boolean => {
            if (o.instance && instance && o.instance !== instance) {
                sticky.instanceSwitches.push({ record: o.record, from: instance, to: o.instance });
            }
            if (o.status === 200 && o.body !== undefined && expect(o.body)) {
                return true;
            }
            if (o.status === 200 && o.body !== undefined && parseOpenPacket(o.body)) {
                sticky.cachedAnswers.push(o.record);
                return false;
            }
            sticky.failures.push({ record: o.record, status: o.status, code: engineErrorCode(o.body) });
            return false;
        };
        for (let i = 0; i < rounds; i++) {
            // Connect to the main namespace: the server answers `40{...}` on the next GET at once
            // (an empty GET would be held for a whole ping interval). Then disconnect again.
            const connect = await this.http('sticky', 'POST', url(), '40');
            if (check(connect, b => b === 'ok')) {
                const get = await this.http('sticky', 'GET', url());
                check(get, b => b.includes('40'));
            }
            const disconnect = await this.http('sticky', 'POST', url(), '41');
            check(disconnect, b => b === 'ok');
        }
        const total = sticky.failures.length + sticky.instanceSwitches.length + sticky.cachedAnswers.length;
        return {
            ok: total === 0,
            summary: `${rounds} round(s): ${sticky.failures.length} refused, ${sticky.instanceSwitches.length} on another instance, ${sticky.cachedAnswers.length} cached`
        };
    }

    protected async freshHandshakes(mainSid: string | undefined): Promise<{ ok: boolean; summary: string }> {
        const count = Math.max(1, this.options.freshHandshakes ?? DEFAULT_FRESH_HANDSHAKES);
        const seen = new Set<string>(mainSid ? [mainSid] : []);
        const sids: string[] = [];
        const duplicates: string[] = [];
        for (let i = 0; i < count; i++) {
            const h = await this.handshake('fresh-handshakes');
            if (h.info) {
                sids.push(h.info.sid);
                if (seen.has(h.info.sid)) {
                    duplicates.push(h.info.sid);
                } else {
                    seen.add(h.info.sid);
                    // Close the session we opened (engine.io close packet).
                    await this.http('fresh-handshakes', 'POST', socketIoUrl(this.base, { EIO: '4', transport: 'polling', t: this.nonce(), sid: h.info.sid }), '1');
                }
            }
        }
        this.obs.fresh = { sids, duplicates };
        return {
            ok: duplicates.length === 0 && this.obs.cacheHeaders.length === 0,
            summary: `${count} handshake(s), ${sids.length} sid(s), ${duplicates.length} repeated` + (this.obs.cacheHeaders.length ? `, cache headers: ${this.obs.cacheHeaders[0]}` : '')
        };
    }

    protected async openWs(step: ProbeStepName, url: string, origin = true): Promise<{ o: WebSocketObservation; ws?: ProbeWebSocket; queue: string[]; closed: { code?: number } }> {
        const record: ProbeRequestRecord = { step, method: 'WS', url, ms: 0 };
        this.requests.push(record);
        const t = now();
        const queue: string[] = [];
        const closed: { code?: number } = {};
        try {
            const ws = await this.transport.webSocket(url, { timeoutMs: this.timeoutMs, origin }, {
                onMessage: text => queue.push(text),
                onClose: code => { closed.code = code; }
            });
            record.status = 101;
            record.ms = Math.round(now() - t);
            return { o: { record, ok: true }, ws, queue, closed };
        } catch (e) {
            record.ms = Math.round(now() - t);
            record.error = e instanceof Error ? e.message : String(e);
            const status = e instanceof ProbeTransportError ? e.status : undefined;
            const body = e instanceof ProbeTransportError ? e.body : undefined;
            record.status = status;
            record.body = short(body);
            const cached = status === 200 && !!body && !!parseOpenPacket(body);
            return { o: { record, ok: false, status, code: cached ? undefined : upgradeErrorCode(body), cached }, queue, closed };
        }
    }

    protected async waitFor(queue: string[], closed: { code?: number }, test: (m: string) => boolean, timeoutMs: number): Promise<string | undefined> {
        const deadline = now() + timeoutMs;
        while (now() < deadline) {
            const found = queue.find(test);
            if (found !== undefined) {
                return found;
            }
            if (closed.code !== undefined) {
                return undefined;
            }
            await new Promise(resolve => setTimeout(resolve, 5));
        }
        return undefined;
    }

    protected async upgrade(sid: string): Promise<{ ok: boolean; summary: string }> {
        const { o, ws, queue, closed } = await this.openWs('websocket-upgrade', socketIoUrl(this.base, { EIO: '4', transport: 'websocket', sid }, true));
        this.obs.upgrade = o;
        if (!ws) {
            return { ok: false, summary: `upgrade refused: ${o.record.status ?? ''} ${o.record.error ?? ''}`.trim() };
        }
        try {
            ws.send('2probe');
            const answer = await this.waitFor(queue, closed, m => m === '3probe', this.timeoutMs);
            if (!answer) {
                o.ok = false;
                o.noExchange = true;
                return { ok: false, summary: `opened, but no "3probe" answer to "2probe"${closed.code !== undefined ? ` (closed with ${closed.code})` : ''}` };
            }
            ws.send('5');
            return { ok: true, summary: `101, 2probe/3probe exchanged, upgraded (${o.record.ms} ms to open)` };
        } finally {
            ws.close();
        }
    }

    protected async wsOnlyOnce(origin: boolean): Promise<WebSocketObservation> {
        const { o, ws, queue, closed } = await this.openWs('websocket-only', socketIoUrl(this.base, { EIO: '4', transport: 'websocket' }, true), origin);
        if (ws) {
            const open = await this.waitFor(queue, closed, m => m.startsWith('0{'), this.timeoutMs);
            if (!open) {
                o.ok = false;
                o.noExchange = true;
            }
            ws.close();
        }
        return o;
    }

    protected async webSocketOnly(): Promise<{ ok: boolean; summary: string }> {
        const attempts: WebSocketObservation[] = [];
        this.obs.wsOnly = attempts;
        attempts.push(await this.wsOnlyOnce(true));
        if (!attempts[0].ok && attempts[0].code === 4) {
            // Refused: is it the Origin (Host rewritten by the proxy) or the token (another backend)?
            if (this.transport.canOmitOrigin) {
                this.obs.wsOnlyWithoutOrigin = await this.wsOnlyOnce(false);
            }
            attempts.push(await this.wsOnlyOnce(true));
            if (!attempts[1].ok) {
                attempts.push(await this.wsOnlyOnce(true));
            }
        }
        const ok = attempts.some(a => a.ok);
        const last = attempts[attempts.length - 1];
        return {
            ok: attempts[0].ok,
            summary: ok ? `open packet received${attempts.length > 1 ? ` (after ${attempts.filter(a => !a.ok).length} refusal(s))` : ''}`
                : `failed: ${last.status ?? ''} ${last.noExchange ? 'no open packet' : last.record.error ?? ''}`.trim()
        };
    }

    protected async hold(seconds: number): Promise<{ ok: boolean; summary: string }> {
        const result: ProbeHoldResult = { seconds, cuts: [], lifetimes: [], pingsAnswered: 0 };
        this.obs.hold = result;
        const start = now();
        const end = start + seconds * 1000;
        while (now() < end) {
            const { o, ws, queue, closed } = await this.openWs('hold', socketIoUrl(this.base, { EIO: '4', transport: 'websocket' }, true));
            if (!ws) {
                return { ok: false, summary: `could not open the idle WebSocket: ${o.record.error ?? o.status}` };
            }
            const openedAt = now();
            const open = await this.waitFor(queue, closed, m => m.startsWith('0{'), this.timeoutMs);
            if (!open) {
                ws.close();
                return { ok: false, summary: 'no open packet on the idle WebSocket' };
            }
            // Join the main namespace, or Socket.IO closes a namespace-less connection after 45 s.
            ws.send('40');
            let handled = 0;
            while (now() < end && closed.code === undefined) {
                while (handled < queue.length) {
                    if (queue[handled++] === '2') {
                        ws.send('3');
                        result.pingsAnswered++;
                    }
                }
                await new Promise(resolve => setTimeout(resolve, Math.min(50, Math.max(1, end - now()))));
            }
            if (closed.code !== undefined) {
                const at = (now() - start) / 1000;
                result.cuts.push(Math.round(at * 100) / 100);
                result.lifetimes.push(Math.round((now() - openedAt) / 10) / 100);
                o.record.error = `cut after ${((now() - openedAt) / 1000).toFixed(2)} s (close code ${closed.code})`;
            } else {
                ws.close();
            }
        }
        result.period = median(result.lifetimes);
        return {
            ok: result.cuts.length === 0,
            summary: result.cuts.length === 0 ? `held ${seconds} s without a cut (${result.pingsAnswered} ping(s) answered)`
                : `cut ${result.cuts.length}× at ${result.cuts.map(c => c.toFixed(1)).join(', ')} s; period ${result.period?.toFixed(1)} s`
        };
    }
}

/** Runs the probe against a base URL (`https://host/theia/`). */
export function runProbe(baseUrl: string, transport: ProbeTransport, options: ProbeOptions = {}): Promise<ProbeResult> {
    return new ProbeRun(baseUrl, transport, options).run();
}
