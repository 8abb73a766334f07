// *****************************************************************************
// The labels and bucket bounds of the report series (one definition each, shared with the OTLP export):
// low-cardinality labels only, whatever a browser sends.
// *****************************************************************************

import { SIGNED_OUT_REASON } from '../../common/reports/reports-protocol';

/** Socket.IO disconnect reasons, and `signed-out` (the outage was an expired sign-in); anything else is `other`. */
export const DISCONNECT_REASONS = [
    'transport close', 'transport error', 'ping timeout', 'io server disconnect', 'io client disconnect',
    'parse error', 'forced close', 'forced server close', SIGNED_OUT_REASON
];

export const REJECT_STATUSES = ['400', '403', '413', '415', '429'];


/** Milliseconds as seconds; undefined unless a finite number >= 0. */
export function seconds(ms: unknown): number | undefined {
    return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms / 1000 : undefined;
}

export function disconnectReasonLabel(reason: unknown): string {
    return typeof reason === 'string' && DISCONNECT_REASONS.includes(reason) ? reason.replace(/ /g, '_') : 'other';
}

export function handshakeCodeLabel(code: unknown, status: unknown): string {
    if (typeof code === 'number' && Number.isInteger(code) && code >= 0 && code <= 5) {
        return String(code);
    }
    if (typeof status === 'number' && [400, 403, 404, 502, 503, 504].includes(status)) {
        return `http_${status}`;
    }
    return 'unknown';
}

export function transportLabel(transport: unknown): string {
    return transport === 'websocket' || transport === 'polling' || transport === 'webtransport' ? transport : 'none';
}

/** Bucket bounds (seconds) of the histograms, shared with the OTLP export. */
export const HISTOGRAM_BUCKETS = {
    session_health_round_trip_seconds: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    session_health_detect_seconds: [0.5, 1, 2, 5, 10, 20, 30, 60, 90, 120, 300],
    session_health_offline_seconds: [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
    // Bands around the lifetimes proxies and load balancers cut at (28-33 s, 57-64 s, 95-106 s, 230-250 s,
    // 3540-3660 s; see SESSION_CUT_LIFETIMES) for the SessionHealthPeriodicCut alert; the other bounds as before.
    session_health_session_duration_seconds: [10, 28, 30, 33, 57, 60, 64, 95, 100, 106, 120, 230, 240, 250, 300, 600, 1800,
        3540, 3600, 3660, 7200, 14400, 28800, 43200, 86400],
} as const;

/** Fixed connection lifetimes (s) of proxies and load balancers and the duration band (le bounds) around each. */
export const SESSION_CUT_LIFETIMES = [
    { lifetime: 30, from: 28, to: 33 }, { lifetime: 60, from: 57, to: 64 }, { lifetime: 100, from: 95, to: 106 },
    { lifetime: 240, from: 230, to: 250 }, { lifetime: 3600, from: 3540, to: 3660 }
] as const;

/** Why a log record was not exported (session_health_log_records_dropped_total). */
export const LOG_DROP_REASONS = ['queue_full', 'export_failed'] as const;

/** Receives every histogram observation (the OTLP export mirrors the histograms: prom-client has no hook). */
export type HistogramListener = (name: keyof typeof HISTOGRAM_BUCKETS, seconds: number) => void;
