// *****************************************************************************
// What the probe runner saw, step by step: the input of the pure findings logic.
// *****************************************************************************

import { ProbeHandshakeInfo, ProbeHoldResult, ProbeRequestRecord } from './probe-protocol';
import { ProbeErrorKind, ProbeRedirect } from './probe-transport';

export interface HttpObservation {
    record: ProbeRequestRecord;
    status?: number;
    body?: string;
    instance?: string;
    errorKind?: ProbeErrorKind;
    /** Added: the redirects followed to get this answer. */
    redirects?: ProbeRedirect[];
    /** Added: the answer's Content-Type. */
    contentType?: string;
}

export interface HandshakeObservation extends HttpObservation {
    info?: ProbeHandshakeInfo;
    /** engine.io error code of a refused handshake. */
    errorCode?: number;
}

export interface StickyFailure {
    record: ProbeRequestRecord;
    status?: number;
    code?: number;
}

export interface WebSocketObservation {
    record: ProbeRequestRecord;
    ok: boolean;
    /** HTTP status of a refused upgrade, when the runtime can see it. */
    status?: number;
    /** engine.io error code of the refusal (from its body), when visible: 4 = Forbidden (token or Origin), 1 = unknown sid, 3 = not an upgrade. */
    code?: number;
    /** Refused with a 200 carrying a handshake answer: a cache answered the upgrade request. */
    cached?: boolean;
    /** Opened, but the engine.io exchange did not complete (no `3probe` / no open packet). */
    noExchange?: boolean;
}

export interface ProbeObservations {
    url: string;
    runner: 'node' | 'browser';
    health?: HttpObservation;
    ready?: HttpObservation;
    page?: HttpObservation & { tokenCookie?: boolean };
    handshakes: HandshakeObservation[];
    sticky?: {
        rounds: number;
        failures: StickyFailure[];
        /** Requests of the session answered by another instance than the handshake. */
        instanceSwitches: { record: ProbeRequestRecord; from: string; to: string }[];
        /** Follow-up GETs answered with an open packet: a cached handshake. */
        cachedAnswers: ProbeRequestRecord[];
    };
    fresh?: { sids: string[]; duplicates: string[] };
    /** Caching headers seen on Socket.IO responses, as `header: value (request)`. */
    cacheHeaders: string[];
    upgrade?: WebSocketObservation;
    wsOnly?: WebSocketObservation[];
    wsOnlyWithoutOrigin?: WebSocketObservation;
    /**
     * Polling handshakes sent with the page's Origin, when no WebSocket-only handshake got far enough to test the
     * Origin check (upgrades blocked): Theia checks Origin on every handshake, so a refusal here is the same fault.
     */
    pollingWithOrigin?: HandshakeObservation[];
    hold?: ProbeHoldResult;
}

const CACHE_STATUS = /HIT|STALE|UPDATING|REVALIDATED|MISS|EXPIRED/i;
const CACHING_VIA = /varnish|squid|cache|cdn|cloudfront|akamai|fastly/i;

/** Headers showing that a cache handled a response: `Age`, `X-Cache`, `X-Cache-Status`, `CF-Cache-Status`, a caching `Via`. */
export function cacheHeadersOf(headers: Record<string, string>): string[] {
    const found: string[] = [];
    for (const [name, value] of Object.entries(headers)) {
        const n = name.toLowerCase();
        if (n === 'age'
            || ((n === 'x-cache' || n === 'x-cache-status' || n === 'cf-cache-status' || n === 'x-proxy-cache') && CACHE_STATUS.test(value))
            || (n === 'via' && CACHING_VIA.test(value))) {
            found.push(`${name}: ${value}`);
        }
    }
    return found;
}
