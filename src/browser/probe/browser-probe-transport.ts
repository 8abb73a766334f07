// *****************************************************************************
// The probe's transport in the IDE: fetch and WebSocket against the page's own origin (the user's real path).
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';
import { ProbeHttpRequest, ProbeHttpResponse, ProbeTransport, ProbeTransportError, ProbeWebSocket, ProbeWebSocketEvents, ProbeWebSocketOptions } from '../../common/probe/probe-transport';

export class BrowserProbeTransport implements ProbeTransport {
    readonly runner = 'browser';
    /** Browsers always send Origin on WebSockets. */
    readonly canOmitOrigin = false;

    /** The connection token cookie is HttpOnly: invisible from script. */
    hasCookie(): undefined {
        return undefined;
    }

    async http(request: ProbeHttpRequest): Promise<ProbeHttpResponse> {
        let res: Response;
        try {
            res = await fetch(request.url, {
                method: request.method,
                body: request.body,
                credentials: 'same-origin',
                headers: request.method === 'POST' ? { 'Content-Type': 'text/plain;charset=UTF-8' } : undefined,
                signal: AbortSignal.timeout(request.timeoutMs)
            });
        } catch (e) {
            const timeout = e instanceof DOMException && (e.name === 'TimeoutError' || e.name === 'AbortError');
            throw new ProbeTransportError(timeout ? 'timed out' : `network error: ${e instanceof Error ? e.message : String(e)}`, timeout ? 'timeout' : 'unreachable');
        }
        const headers: Record<string, string> = {};
        res.headers.forEach((value, name) => { headers[name.toLowerCase()] = value; });
        return { status: res.status, headers, body: await res.text() };
    }

    webSocket(url: string, options: ProbeWebSocketOptions, events: ProbeWebSocketEvents): Promise<ProbeWebSocket> {
        return new Promise((resolve, reject) => {
            let ws: WebSocket;
            try {
                ws = new WebSocket(url);
            } catch (e) {
                reject(new ProbeTransportError(e instanceof Error ? e.message : String(e), 'refused'));
                return;
            }
            let opened = false;
            const timer = setTimeout(() => {
                if (!opened) {
                    ws.close();
                    reject(new ProbeTransportError(nls.localize('theia-session-health/probe/transport.wsTimeout', 'WebSocket did not open in time'), 'timeout'));
                }
            }, options.timeoutMs);
            ws.onmessage = e => events.onMessage(typeof e.data === 'string' ? e.data : String(e.data));
            ws.onerror = () => {
                if (!opened) {
                    clearTimeout(timer);
                    // Browsers hide the HTTP status of a refused upgrade.
                    reject(new ProbeTransportError(nls.localize('theia-session-health/probe/transport.wsRefused', 'WebSocket refused or failed (the browser hides the HTTP status)'), 'refused'));
                }
            };
            ws.onclose = e => {
                if (opened) {
                    events.onClose(e.code, e.reason);
                } else {
                    clearTimeout(timer);
                    reject(new ProbeTransportError(`WebSocket closed before opening (code ${e.code})`, 'refused'));
                }
            };
            ws.onopen = () => {
                opened = true;
                clearTimeout(timer);
                resolve({ send: text => { if (ws.readyState === WebSocket.OPEN) { ws.send(text); } }, close: () => ws.close() });
            };
        });
    }
}
