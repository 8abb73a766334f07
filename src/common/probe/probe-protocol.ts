// *****************************************************************************
// The connection-path probe: result types and finding codes (a public contract: CLI --json, IDE view).
// *****************************************************************************

import { sha256Hex } from '../shared/sha256';

export const PROBE_FINDING_CODES = [
    'OK', 'NO_SESSION_AFFINITY', 'TOKEN_REJECTED', 'WEBSOCKET_UPGRADE_BLOCKED', 'PROXY_CACHING', 'IDLE_TIMEOUT_CUT',
    'HEALTH_ENDPOINT_MISSING', 'NOT_READY', 'ORIGIN_REJECTED', 'UNREACHABLE', 'TLS_ERROR',
    // Added: the page answers, but <base>/socket.io/ is not routed to an engine.io server at all.
    'SOCKETIO_NOT_ROUTED',
    // Added (#25): an authenticating proxy (oauth2-proxy, ingress-nginx auth-url) answers instead of the IDE.
    'AUTH_REQUIRED'
] as const;
export type ProbeFindingCode = typeof PROBE_FINDING_CODES[number];

export type ProbeSeverity = 'error' | 'warning' | 'info';

export type ProbeStepName = 'health' | 'ready' | 'page' | 'handshake' | 'sticky' | 'fresh-handshakes' | 'websocket-upgrade' | 'websocket-only' | 'hold';

/** One HTTP request or WebSocket attempt the probe made. */
export interface ProbeRequestRecord {
    step: ProbeStepName;
    method: 'GET' | 'POST' | 'WS';
    url: string;
    /** HTTP status; for WebSockets 101 when opened, or the status of the refused upgrade when known. */
    status?: number;
    ms: number;
    /** Response headers that matter for the diagnosis (instance, caching, content type). */
    headers?: Record<string, string>;
    /** The start of the response body (at most 200 characters). */
    body?: string;
    error?: string;
    /** Added: the redirects followed before the answer, each as `<status> <location>` (location without its query). */
    redirects?: string[];
}

export interface ProbeStep {
    step: ProbeStepName;
    ok: boolean;
    /** Not run (an earlier step made it pointless, or not asked for). */
    skipped?: boolean;
    ms: number;
    summary: string;
}

export interface ProbeRemediation {
    /** Plain words: what to change. */
    text: string;
    /** Configuration that fixes it, per platform. */
    snippets: ProbeRemediationSnippet[];
}

export interface ProbeRemediationSnippet {
    platform: 'gke' | 'ingress-nginx' | 'nginx' | 'haproxy' | 'kubernetes';
    title: string;
    config: string;
    /** Added: the language of `config` (`yaml` snippets are rendered from objects and always parse). */
    format?: 'yaml' | 'nginx' | 'haproxy' | 'shell';
}

export interface ProbeFinding {
    code: ProbeFindingCode;
    severity: ProbeSeverity;
    title: string;
    /** Facts observed, one per line (requests, statuses, headers, timings). */
    evidence: string[];
    remediation?: ProbeRemediation;
}

/**
 * How the probe stores and prints a sid: `sha256:` and the first 12 hex digits of its SHA-256. A live sid is a
 * credential (a request carrying it skips Theia's cookie and Origin check), and results are copied into support
 * bundles, tickets and logs.
 */
export function hiddenSid(sid: string): string {
    return `sha256:${sha256Hex(sid).slice(0, 12)}`;
}

/** What the Socket.IO handshake announced. */
export interface ProbeHandshakeInfo {
    /** The live sid while the probe runs; in a `ProbeResult` only its {@link hiddenSid} form. */
    sid: string;
    upgrades: string[];
    pingInterval: number;
    pingTimeout: number;
}

export interface ProbeHoldResult {
    /** Seconds asked for. */
    seconds: number;
    /** Seconds after the start of the hold at which the idle WebSocket was cut (not by the probe). */
    cuts: number[];
    /** How long each connection lived before its cut (seconds). */
    lifetimes: number[];
    /** Median lifetime when cut at least once (seconds). */
    period?: number;
    pingsAnswered: number;
    /**
     * Added: seconds without any traffic (from the last message received or sent to the cut) for each cut,
     * timed by the socket's own events: the proxy's idle timeout, free of the time the reconnect took.
     */
    idleBeforeCut?: number[];
    /** Added: median of `idleBeforeCut` (seconds). */
    idlePeriod?: number;
    /** Added: how the idle connection was held (the first way that worked). */
    via?: ProbeHoldVia;
    /** Added: the ways tried before `via`, each with why it did not work. */
    fallbacks?: string[];
}

/**
 * Ways to hold an idle connection, in the order tried: a WebSocket-only handshake (with the browser's Origin),
 * a polling session upgraded to WebSocket (what Theia's own client does; a live sid skips the Origin check),
 * a WebSocket-only handshake without Origin (Node only), and plain HTTP long-polling when no WebSocket gets through.
 */
export const PROBE_HOLD_WAYS = ['websocket', 'upgraded-session', 'websocket-without-origin', 'long-polling'] as const;
export type ProbeHoldVia = typeof PROBE_HOLD_WAYS[number];

export interface ProbeResult {
    /** The base URL probed (normalised, ends with `/`). */
    url: string;
    /** `node` (command line) or `browser` (IDE). */
    runner: 'node' | 'browser';
    startedAt: string;
    durationMs: number;
    steps: ProbeStep[];
    findings: ProbeFinding[];
    handshake?: ProbeHandshakeInfo;
    hold?: ProbeHoldResult;
    /** Backend instance ids seen in X-Session-Health-Instance headers, in order of first sight. */
    instances: string[];
    requests: ProbeRequestRecord[];
}

export interface ProbeOptions {
    /** Follow-up polling round trips with the session id (default 10). */
    requests?: number;
    /** Fresh handshakes checked for a cache (default 3). */
    freshHandshakes?: number;
    /** Seconds to hold an idle WebSocket open (default 0: no hold). */
    holdSeconds?: number;
    /** Timeout of one request (default 5000 ms). */
    timeoutMs?: number;
    /** Called when a step ends (live progress). */
    onStep?: (step: ProbeStep) => void;
}

export const DEFAULT_PROBE_REQUESTS = 10;
export const DEFAULT_FRESH_HANDSHAKES = 3;
export const DEFAULT_PROBE_TIMEOUT_MS = 5000;

/** Exit code of `session-health probe` for a result: 0 all OK, 1 findings, 2 unreachable. */
export function probeExitCode(result: Pick<ProbeResult, 'findings'>): number {
    if (result.findings.some(f => f.code === 'UNREACHABLE')) {
        return 2;
    }
    return result.findings.every(f => f.code === 'OK') ? 0 : 1;
}
