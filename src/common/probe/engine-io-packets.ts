// *****************************************************************************
// The few engine.io v4 / Socket.IO v5 wire details the probe needs.
// *****************************************************************************

import { ENGINE_IO_ERROR_CODES } from '../shared/engine-io-protocol';
import { ProbeHandshakeInfo } from './probe-protocol';

/** Engine.io payload separator (record separator) between packets of one polling body. */
export const PACKET_SEPARATOR = '\x1e';

/** Parses a polling handshake body (`0{"sid":...}`, possibly followed by more packets). */
export function parseOpenPacket(body: string): ProbeHandshakeInfo | undefined {
    const first = body.split(PACKET_SEPARATOR)[0];
    if (!first.startsWith('0{')) {
        return undefined;
    }
    try {
        const data = JSON.parse(first.slice(1)) as Partial<ProbeHandshakeInfo>;
        if (typeof data.sid !== 'string' || !data.sid) {
            return undefined;
        }
        return {
            sid: data.sid,
            upgrades: Array.isArray(data.upgrades) ? data.upgrades.filter((u): u is string => typeof u === 'string') : [],
            pingInterval: typeof data.pingInterval === 'number' ? data.pingInterval : NaN,
            pingTimeout: typeof data.pingTimeout === 'number' ? data.pingTimeout : NaN
        };
    } catch {
        return undefined;
    }
}

/** The engine.io error code of a JSON error body (`{"code":1,"message":"Session ID unknown"}`). */
export function engineErrorCode(body: string | undefined): number | undefined {
    if (!body || !body.startsWith('{')) {
        return undefined;
    }
    try {
        const data = JSON.parse(body) as { code?: unknown };
        return typeof data.code === 'number' ? data.code : undefined;
    } catch {
        return undefined;
    }
}

/** Engine.io's error messages to their codes (the one table is ENGINE_IO_ERROR_CODES). */
const ERROR_MESSAGES: Readonly<Record<string, number>> = Object.fromEntries(
    Object.entries(ENGINE_IO_ERROR_CODES).map(([code, message]) => [message, Number(code)]));

/**
 * The engine.io error code of a refused WebSocket upgrade. Engine.io answers those with a bare
 * `400 Bad Request` whose body is the message (`Forbidden`, `Session ID unknown`, ...), whatever the code.
 */
export function upgradeErrorCode(body: string | undefined): number | undefined {
    if (!body) {
        return undefined;
    }
    return engineErrorCode(body) ?? ERROR_MESSAGES[body.trim()];
}

/** URL of the Socket.IO endpoint under a base URL (`https://host/theia/` -> `https://host/theia/socket.io/`). */
export function socketIoUrl(base: string, query: Record<string, string>, websocket = false): string {
    const url = new URL('socket.io/', base);
    for (const [k, v] of Object.entries(query)) {
        url.searchParams.set(k, v);
    }
    if (websocket) {
        url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    }
    return url.toString();
}

/** Normalises a base URL: absolute http(s), ends with `/`, no query or fragment. Throws on anything else. */
export function normaliseBaseUrl(input: string): string {
    let url: URL;
    try {
        url = new URL(input);
    } catch {
        throw new Error(`not a URL: "${input}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new Error(`only http:// and https:// URLs can be probed, not "${url.protocol}"`);
    }
    url.search = '';
    url.hash = '';
    if (!url.pathname.endsWith('/')) {
        url.pathname += '/';
    }
    return url.toString();
}

/** The IDE's base URL seen from its page: the page's directory (Socket.IO lives at <base>socket.io/, like Theia's own client). */
export function ideBaseUrl(location: { href: string }): string {
    const url = new URL('.', location.href);
    url.search = '';
    url.hash = '';
    return url.toString();
}
