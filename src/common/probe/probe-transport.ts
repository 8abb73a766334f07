// *****************************************************************************
// What the probe needs from its runtime: HTTP requests and WebSockets. Node (CLI) and browser (IDE) implement it.
// *****************************************************************************

export type ProbeErrorKind = 'unreachable' | 'tls' | 'timeout' | 'refused' | 'closed';

/** A request that got no HTTP answer (or a WebSocket that did not open). */
export class ProbeTransportError extends Error {
    constructor(message: string, readonly kind: ProbeErrorKind, readonly status?: number, readonly body?: string) {
        super(message);
    }
}

export interface ProbeHttpRequest {
    method: 'GET' | 'POST';
    url: string;
    body?: string;
    timeoutMs: number;
    /** Send the page's `Origin` header on a GET too (Node only: a same-origin browser GET carries none). */
    origin?: boolean;
}

/** One redirect a transport followed: its status and the absolute location it led to. */
export interface ProbeRedirect {
    status: number;
    location: string;
}

export interface ProbeHttpResponse {
    status: number;
    /** Added: the redirects followed to get this answer, in order (a transport that cannot see them leaves it out). */
    redirects?: ProbeRedirect[];
    /** Header names in lower case. */
    headers: Record<string, string>;
    body: string;
}

export interface ProbeWebSocketOptions {
    timeoutMs: number;
    /** Send the `Origin` header a browser would send (Node only; browsers always do). Default true. */
    origin?: boolean;
}

export interface ProbeWebSocket {
    send(text: string): void;
    close(): void;
}

/** Given before opening: a server may send its first message in the same packet as the 101 answer. */
export interface ProbeWebSocketEvents {
    onMessage(text: string): void;
    onClose(code: number, reason: string): void;
}

export interface ProbeTransport {
    readonly runner: 'node' | 'browser';
    http(request: ProbeHttpRequest): Promise<ProbeHttpResponse>;
    /** Resolves when open; rejects with a ProbeTransportError (status = the refused upgrade's HTTP status when known). */
    webSocket(url: string, options: ProbeWebSocketOptions, events: ProbeWebSocketEvents): Promise<ProbeWebSocket>;
    /**
     * Whether a cookie with this name is held for later requests to `url`'s host. `undefined`: cannot tell
     * (a browser hides HttpOnly cookies).
     */
    hasCookie(name: string, url?: string): boolean | undefined;
    /** Whether the runtime controls the `Origin` header: `origin: false` on WebSockets, `origin: true` on GETs (Node yes, browser no). */
    readonly canOmitOrigin: boolean;
    /**
     * Added: values the transport sends that must never appear in a result (the values of `--header`: a session
     * cookie, a bearer token). The probe replaces each in every string it returns.
     */
    readonly secrets?: readonly string[];
}
