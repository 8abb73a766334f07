// *****************************************************************************
// What every probe step shares: the transport, the options, the observations so far, and the
// request helpers that record each request (HTTP, polling handshake, WebSocket) as evidence.
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';
import { INSTANCE_HEADER } from '../health/health-protocol';
import { engineErrorCode, normaliseBaseUrl, parseOpenPacket, socketIoUrl, upgradeErrorCode } from './engine-io-packets';
import { cacheHeadersOf, HandshakeObservation, HttpObservation, ProbeObservations, WebSocketObservation } from './probe-observations';
import { DEFAULT_PROBE_TIMEOUT_MS, hiddenSid, ProbeOptions, ProbeRequestRecord, ProbeStep, ProbeStepName } from './probe-protocol';
import { ProbeTransport, ProbeTransportError, ProbeWebSocket } from './probe-transport';
import { hideHeaderSecrets } from './probe-headers';
import { now, short, sleep, withoutQuery } from './probe-helpers';

export const CONNECTION_TOKEN_COOKIE = 'theia-connection-token';
const KEPT_HEADERS = ['content-type', 'cache-control', 'age', 'x-cache', 'x-cache-status', 'cf-cache-status', 'via', 'server', 'location', INSTANCE_HEADER.toLowerCase()];

/** What a step reports: whether its layer works, and one line saying what it saw. */
export interface StepOutcome {
    ok: boolean;
    summary: string;
}

/** When a WebSocket closed (timed in its close event) and with which code. */
export interface ClosedState {
    code?: number;
    at?: number;
}

/** An open WebSocket with the messages received so far and its close code once closed. */
export interface OpenedWebSocket {
    o: WebSocketObservation;
    ws?: ProbeWebSocket;
    queue: string[];
    closed: ClosedState;
    /** When the last message arrived (timed in the message event). */
    lastMessageAt: { at: number };
}

export class ProbeContext {
    readonly base: string;
    readonly requests: ProbeRequestRecord[] = [];
    readonly steps: ProbeStep[] = [];
    readonly instances: string[] = [];
    readonly obs: ProbeObservations;
    readonly timeoutMs: number;
    /** The session id of the first accepted polling handshake. */
    sid?: string;
    /** Every sid the probe was given: none of them leaves the probe (see {@link hideSids}). */
    protected readonly seenSids = new Set<string>();
    /** Polling sessions opened and not closed yet, with the step that opened them: closed before the probe ends. */
    protected readonly openSessions = new Map<string, ProbeStepName>();

    constructor(baseUrl: string, readonly transport: ProbeTransport, readonly options: ProbeOptions = {}) {
        this.base = normaliseBaseUrl(baseUrl);
        this.timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
        this.obs = { url: this.base, runner: transport.runner, handshakes: [], cacheHeaders: [] };
    }

    nonce(): string {
        return Math.random().toString(36).slice(2, 10);
    }

    /** URL of the polling transport (with `sid` when given). */
    pollingUrl(sid?: string): string {
        return socketIoUrl(this.base, { EIO: '4', transport: 'polling', t: this.nonce(), ...(sid ? { sid } : {}) });
    }

    /** URL of the WebSocket transport (an upgrade of `sid` when given, else a WebSocket-only handshake). */
    webSocketUrl(sid?: string): string {
        return socketIoUrl(this.base, { EIO: '4', transport: 'websocket', ...(sid ? { sid } : {}) }, true);
    }

    async http(step: ProbeStepName, method: 'GET' | 'POST', url: string, body?: string, timeoutMs = this.timeoutMs, origin?: boolean): Promise<HttpObservation> {
        const t = now();
        const record: ProbeRequestRecord = { step, method, url, ms: 0 };
        this.requests.push(record);
        try {
            const res = await this.transport.http({ method, url, body, timeoutMs, origin });
            record.ms = Math.round(now() - t);
            record.status = res.status;
            record.headers = {};
            for (const name of KEPT_HEADERS) {
                if (res.headers[name] !== undefined) {
                    record.headers[name] = this.hideSecrets(res.headers[name]);
                }
            }
            // Hidden before it is cut: a cut through an echoed credential would leave its start.
            record.body = short(this.hideSecrets(res.body));
            if (res.redirects?.length) {
                record.redirects = res.redirects.map(r => `${r.status} ${this.hideSecrets(withoutQuery(r.location))}`);
            }
            const instance = res.headers[INSTANCE_HEADER.toLowerCase()];
            if (instance && !this.instances.includes(instance)) {
                this.instances.push(instance);
            }
            if (url.includes('/socket.io/')) {
                for (const h of cacheHeadersOf(res.headers)) {
                    this.obs.cacheHeaders.push(`${h} (${method} ${this.path(url)})`);
                }
            }
            return { record, status: res.status, body: res.body, instance, redirects: res.redirects, contentType: res.headers['content-type'] };
        } catch (e) {
            record.ms = Math.round(now() - t);
            record.error = e instanceof Error ? e.message : String(e);
            return { record, errorKind: e instanceof ProbeTransportError ? e.kind : 'unreachable' };
        }
    }

    path(url: string): string {
        const u = new URL(url);
        return u.pathname + u.search;
    }

    /** A polling handshake (GET without sid: no `Origin` unless asked, like a browser's same-origin XHR). */
    async handshake(step: ProbeStepName, origin = false): Promise<HandshakeObservation> {
        const o = await this.http(step, 'GET', this.pollingUrl(), undefined, this.timeoutMs, origin || undefined);
        const info = o.status === 200 && o.body ? parseOpenPacket(o.body) : undefined;
        if (info) {
            this.seenSids.add(info.sid);
            if (!this.openSessions.has(info.sid)) {
                this.openSessions.set(info.sid, step);
            }
        }
        return { ...o, info, errorCode: info ? undefined : engineErrorCode(o.body) };
    }

    /** A sid received another way (the open packet of a WebSocket-only handshake, closed with its socket). */
    noteSid(sid: string): void {
        this.seenSids.add(sid);
    }

    /** The session now lives on a WebSocket the probe holds: closing that socket ends it. */
    movedToWebSocket(sid: string): void {
        this.openSessions.delete(sid);
    }

    /** Ends a polling session with an engine.io close packet (`1`), so that its sid stops being valid at once. */
    async closeSession(step: ProbeStepName, sid: string): Promise<void> {
        this.openSessions.delete(sid);
        await this.http(step, 'POST', this.pollingUrl(sid), '1');
    }

    /** Closes every polling session still open (a step that failed half-way leaves one). */
    async closeOpenSessions(): Promise<void> {
        for (const [sid, step] of [...this.openSessions]) {
            await this.closeSession(step, sid);
        }
    }

    /** The text with every value of the transport's extra headers (`--header`) replaced. */
    hideSecrets(text: string): string {
        return this.transport.secrets?.length ? hideHeaderSecrets(text, this.transport.secrets) : text;
    }

    /** The text with every sid the probe saw replaced by its {@link hiddenSid} form (and every header value hidden). */
    hideSids(text: string): string {
        let out = this.hideSecrets(text);
        for (const sid of this.seenSids) {
            if (out.includes(sid)) {
                out = out.split(sid).join(hiddenSid(sid));
            }
        }
        return out;
    }

    /** A deep copy of a result with {@link hideSids} applied to every string (URLs, bodies, evidence, summaries). */
    hideSidsIn<T>(value: T): T {
        const walk = (v: unknown): unknown => typeof v === 'string' ? this.hideSids(v)
            : Array.isArray(v) ? v.map(walk)
                : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)])) : v;
        return walk(value) as T;
    }

    async openWs(step: ProbeStepName, url: string, origin = true): Promise<OpenedWebSocket> {
        const record: ProbeRequestRecord = { step, method: 'WS', url, ms: 0 };
        this.requests.push(record);
        const t = now();
        const queue: string[] = [];
        const closed: ClosedState = {};
        const lastMessageAt = { at: t };
        try {
            const ws = await this.transport.webSocket(url, { timeoutMs: this.timeoutMs, origin }, {
                onMessage: text => { lastMessageAt.at = now(); queue.push(text); },
                onClose: code => { closed.at = now(); closed.code = code; }
            });
            record.status = 101;
            record.ms = Math.round(now() - t);
            return { o: { record, ok: true }, ws, queue, closed, lastMessageAt };
        } catch (e) {
            record.ms = Math.round(now() - t);
            record.error = e instanceof Error ? e.message : String(e);
            const status = e instanceof ProbeTransportError ? e.status : undefined;
            const body = e instanceof ProbeTransportError ? e.body : undefined;
            record.status = status;
            record.body = short(body === undefined ? undefined : this.hideSecrets(body));
            const cached = status === 200 && !!body && !!parseOpenPacket(body);
            return { o: { record, ok: false, status, code: cached ? undefined : upgradeErrorCode(body), cached }, queue, closed, lastMessageAt };
        }
    }

    /** Waits for a message matching `test`; undefined on timeout or when the socket closes first. */
    async waitFor(queue: string[], closed: ClosedState, test: (m: string) => boolean, timeoutMs: number): Promise<string | undefined> {
        const deadline = now() + timeoutMs;
        while (now() < deadline) {
            const found = queue.find(test);
            if (found !== undefined) {
                return found;
            }
            if (closed.code !== undefined) {
                return undefined;
            }
            await sleep(5);
        }
        return undefined;
    }
}

/** One step of the probe pipeline. */
export interface ProbeStepDefinition {
    readonly name: ProbeStepName;
    /** Why the step cannot run (an earlier step made it pointless), or undefined to run it. */
    skipReason?(ctx: ProbeContext): string | undefined;
    run(ctx: ProbeContext): Promise<StepOutcome>;
}

/** The IDE page did not answer (or a proxy answered 502/503/504): nothing behind it can be judged. */
export function pageUnreachable(ctx: ProbeContext): string | undefined {
    const status = ctx.obs.page?.status;
    return status === undefined || [502, 503, 504].includes(status) ? nls.localize('theia-session-health/probe/step.pageUnreachable', 'the IDE page is unreachable') : undefined;
}

/** No polling handshake was accepted. */
export function noSession(ctx: ProbeContext): string | undefined {
    return pageUnreachable(ctx) ?? (ctx.sid ? undefined : nls.localize('theia-session-health/probe/step.noSession', 'no session'));
}
