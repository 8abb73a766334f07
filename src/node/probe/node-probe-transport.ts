// *****************************************************************************
// The probe's transport for Node (CLI): fetch with a manual cookie jar, and the `ws` package.
// *****************************************************************************

import * as WebSocket from 'ws';
import { ProbeErrorKind, ProbeHttpRequest, ProbeHttpResponse, ProbeTransport, ProbeTransportError, ProbeWebSocket, ProbeWebSocketEvents, ProbeWebSocketOptions } from '../../common/probe/probe-transport';

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i;

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

export class NodeProbeTransport implements ProbeTransport {
    readonly runner = 'node';
    readonly canOmitOrigin = true;
    protected readonly cookies = new Map<string, string>();

    hasCookie(name: string): boolean {
        return this.cookies.has(name);
    }

    protected cookieHeader(): string | undefined {
        return this.cookies.size ? [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') : undefined;
    }

    protected storeCookies(setCookies: string[]): void {
        for (const line of setCookies) {
            const pair = line.split(';')[0];
            const eq = pair.indexOf('=');
            if (eq > 0) {
                this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
            }
        }
    }

    async http(request: ProbeHttpRequest): Promise<ProbeHttpResponse> {
        const headers: Record<string, string> = { 'Accept': '*/*' };
        const cookie = this.cookieHeader();
        if (cookie) {
            headers.Cookie = cookie;
        }
        if (request.method === 'POST') {
            headers['Content-Type'] = 'text/plain;charset=UTF-8';
            // Browsers send Origin on same-origin POSTs.
            headers.Origin = new URL(request.url).origin;
        }
        let res: Response;
        try {
            res = await fetch(request.url, { method: request.method, headers, body: request.body, redirect: 'follow', signal: AbortSignal.timeout(request.timeoutMs) });
        } catch (e) {
            const { kind, message } = classifyNetworkError(e);
            throw new ProbeTransportError(message, kind);
        }
        this.storeCookies(res.headers.getSetCookie());
        let body: string;
        try {
            body = await res.text();
        } catch (e) {
            const { kind, message } = classifyNetworkError(e);
            throw new ProbeTransportError(`answer cut: ${message}`, kind, res.status);
        }
        const out: Record<string, string> = {};
        res.headers.forEach((value, name) => { out[name.toLowerCase()] = value; });
        return { status: res.status, headers: out, body };
    }

    webSocket(url: string, options: ProbeWebSocketOptions, events: ProbeWebSocketEvents): Promise<ProbeWebSocket> {
        return new Promise((resolve, reject) => {
            const headers: Record<string, string> = {};
            const cookie = this.cookieHeader();
            if (cookie) {
                headers.Cookie = cookie;
            }
            const httpUrl = new URL(url);
            httpUrl.protocol = httpUrl.protocol === 'wss:' ? 'https:' : 'http:';
            const ws = new WebSocket(url, {
                headers,
                origin: options.origin === false ? undefined : httpUrl.origin,
                handshakeTimeout: options.timeoutMs,
                perMessageDeflate: false
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
                res.on('data', (chunk: string) => { body += chunk; });
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
