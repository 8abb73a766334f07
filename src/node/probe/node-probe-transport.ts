// *****************************************************************************
// The probe's transport for Node (CLI): fetch with a cookie jar per host, redirects followed by hand (so a
// cookie never travels to another host), every answer capped at 1 MiB, and the `ws` package.
// *****************************************************************************

import * as WebSocket from 'ws';
import { ProbeCookieJar } from './probe-cookie-jar';
import { ProbeErrorKind, ProbeHttpRequest, ProbeHttpResponse, ProbeRedirect, ProbeTransport, ProbeTransportError, ProbeWebSocket, ProbeWebSocketEvents, ProbeWebSocketOptions } from '../../common/probe/probe-transport';
import { ProbeHeader, probeHeaderSecrets } from '../../common/probe/probe-headers';

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i;
/** At most this much of any answer (HTTP body, refused upgrade, WebSocket message) is read. */
export const MAX_PROBE_BODY_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 5;

/** Reads at most `max` bytes of a response body, then stops reading (an endless body does not hang the probe). */
export async function readCapped(res: Response, max = MAX_PROBE_BODY_BYTES): Promise<{ text: string; truncated: boolean }> {
    if (!res.body) {
        return { text: '', truncated: false };
    }
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    let truncated = false;
    for (;;) {
        const { done, value } = await reader.read();
        if (done) {
            break;
        }
        if (size + value.byteLength > max) {
            chunks.push(value.subarray(0, max - size));
            size = max;
            truncated = true;
            await reader.cancel().catch(() => undefined);
            break;
        }
        chunks.push(value);
        size += value.byteLength;
    }
    return { text: new TextDecoder().decode(Buffer.concat(chunks)), truncated };
}

/** Classifies a Node network error (fetch's `cause`, or a ws error). */
export function classifyNetworkError(error: unknown): { kind: ProbeErrorKind; message: string } {
    const e = error as { name?: string; message?: string; code?: string; cause?: { code?: string; message?: string } };
    const code = e?.cause?.code ?? e?.code ?? '';
    const message = e?.cause?.message ?? e?.message ?? String(error);
    if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') {
        return { kind: 'timeout', message: `timed out${code ? ` (${code})` : ''}` };
    }
    if (TLS_CODES.test(code) || /certificate|ssl|tls/i.test(message)) {
        return { kind: 'tls', message: code ? `${code}: ${message}` : message };
    }
    if (code === 'ECONNREFUSED') {
        return { kind: 'refused', message: `connection refused (${code})` };
    }
    return { kind: 'unreachable', message: code ? `${code}: ${message}` : message };
}

export interface NodeProbeTransportOptions {
    /** Sent on every request (HTTP and WebSocket) to the origin of the probed URL, never after a redirect to another origin. */
    headers?: readonly ProbeHeader[];
}

export class NodeProbeTransport implements ProbeTransport {
    readonly runner = 'node';
    readonly canOmitOrigin = true;
    readonly secrets: readonly string[];
    protected readonly cookies = new ProbeCookieJar();
    protected readonly extraHeaders: readonly ProbeHeader[];

    constructor(options: NodeProbeTransportOptions = {}) {
        this.extraHeaders = options.headers ?? [];
        this.secrets = probeHeaderSecrets(this.extraHeaders);
    }

    /**
     * The request headers for `url`: the jar's cookies for its host, and the extra headers when `url` is on
     * `origin` (a session cookie or token of the IDE's proxy must not reach a sign-in page on another host).
     * An extra `Cookie` is joined with the jar's.
     */
    protected headersFor(url: string, origin: string): Record<string, string> {
        const headers: Record<string, string> = {};
        const cookies: string[] = [];
        if (new URL(url).origin === origin) {
            for (const h of this.extraHeaders) {
                if (h.name.toLowerCase() === 'cookie') {
                    cookies.push(h.value);
                } else {
                    headers[h.name] = headers[h.name] !== undefined ? `${headers[h.name]}, ${h.value}` : h.value;
                }
            }
        }
        const jar = this.cookies.header(url);
        if (jar) {
            cookies.push(jar);
        }
        if (cookies.length) {
            headers.Cookie = cookies.join('; ');
        }
        return headers;
    }

    hasCookie(name: string, url?: string): boolean {
        return this.cookies.has(name, url);
    }

    async http(request: ProbeHttpRequest): Promise<ProbeHttpResponse> {
        const signal = AbortSignal.timeout(request.timeoutMs);
        let url = request.url;
        const origin = new URL(url).origin;
        const redirects: ProbeRedirect[] = [];
        let res: Response;
        for (let hop = 0; ; hop++) {
            const headers: Record<string, string> = { 'Accept': '*/*', ...this.headersFor(url, origin) };
            if (request.method === 'POST') {
                headers['Content-Type'] = 'text/plain;charset=UTF-8';
            }
            if (request.method === 'POST' || request.origin) {
                // Browsers send Origin on same-origin POSTs (and on every WebSocket handshake).
                headers.Origin = new URL(url).origin;
            }
            try {
                res = await fetch(url, { method: request.method, headers, body: request.body, redirect: 'manual', signal });
            } catch (e) {
                const { kind, message } = classifyNetworkError(e);
                throw new ProbeTransportError(message, kind);
            }
            this.cookies.store(url, res.headers.getSetCookie());
            const location = res.headers.get('location');
            if (request.method !== 'GET' || res.status < 300 || res.status > 399 || !location || hop >= MAX_REDIRECTS) {
                break;
            }
            await res.body?.cancel().catch(() => undefined);
            url = new URL(location, url).toString();
            redirects.push({ status: res.status, location: url });
        }
        let body: string;
        try {
            body = (await readCapped(res)).text;
        } catch (e) {
            const { kind, message } = classifyNetworkError(e);
            throw new ProbeTransportError(`answer cut: ${message}`, kind, res.status);
        }
        const out: Record<string, string> = {};
        res.headers.forEach((value, name) => { out[name.toLowerCase()] = value; });
        return { status: res.status, headers: out, body, ...(redirects.length ? { redirects } : {}) };
    }

    webSocket(url: string, options: ProbeWebSocketOptions, events: ProbeWebSocketEvents): Promise<ProbeWebSocket> {
        return new Promise((resolve, reject) => {
            const httpUrl = new URL(url);
            httpUrl.protocol = httpUrl.protocol === 'wss:' ? 'https:' : 'http:';
            const headers = this.headersFor(httpUrl.toString(), httpUrl.origin);
            const ws = new WebSocket(url, {
                headers,
                origin: options.origin === false ? undefined : httpUrl.origin,
                handshakeTimeout: options.timeoutMs,
                perMessageDeflate: false,
                maxPayload: MAX_PROBE_BODY_BYTES,
                followRedirects: false
            });
            let settled = false;
            const fail = (error: ProbeTransportError) => {
                if (!settled) {
                    settled = true;
                    reject(error);
                }
                ws.terminate();
            };
            ws.once('unexpected-response', (_req, res) => {
                let body = '';
                res.setEncoding('utf8');
                res.on('data', (chunk: string) => {
                    if (body.length < MAX_PROBE_BODY_BYTES) {
                        body += chunk.slice(0, MAX_PROBE_BODY_BYTES - body.length);
                    }
                    if (body.length >= MAX_PROBE_BODY_BYTES) {
                        res.destroy();
                    }
                });
                const done = () => fail(new ProbeTransportError(`upgrade refused with HTTP ${res.statusCode}`, 'refused', res.statusCode, body));
                res.once('end', done);
                res.once('error', done);
                res.once('close', done);
            });
            ws.once('error', e => {
                const { kind, message } = classifyNetworkError(e);
                fail(new ProbeTransportError(message, kind));
            });
            ws.on('message', data => events.onMessage(data.toString()));
            ws.once('open', () => {
                settled = true;
                ws.once('close', (code, reason) => events.onClose(code, reason.toString()));
                ws.on('error', () => undefined);
                resolve({
                    send: text => { if (ws.readyState === WebSocket.OPEN) { ws.send(text); } },
                    close: () => ws.close()
                });
            });
        });
    }
}
