// *****************************************************************************
// Prometheus series from stored (deduplicated) report records, on the shared MetricsRegistry
// (not prom-client's global one, and not Theia's /metrics). Low-cardinality labels only.
// *****************************************************************************

import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ReportRecord, SIGNED_OUT_REASON } from '../../common/reports/reports-protocol';

/** Socket.IO disconnect reasons, and `signed-out` (the outage was an expired sign-in); anything else is `other`. */
export const DISCONNECT_REASONS = [
    'transport close', 'transport error', 'ping timeout', 'io server disconnect', 'io client disconnect',
    'parse error', 'forced close', 'forced server close', SIGNED_OUT_REASON
];

export const REJECT_STATUSES = ['400', '403', '413', '415', '429'];

/** A tab counts in session_health_sessions while its last summary is younger than this. */
const SESSION_STALE_MS = 90000;
const MAX_TRACKED_TABS = 10000;

function seconds(ms: unknown): number | undefined {
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

export class ReportMetrics {
    protected readonly tabs = new Map<string, { transport: string; at: number }>();
    readonly histogramListeners: HistogramListener[] = [];

    readonly connections = new Counter({
        name: 'session_health_connections_total', help: 'Connection attempts reported by browsers, by outcome (success, failure).',
        labelNames: ['outcome'], registers: [this.registry]
    });
    readonly reconnects = new Counter({
        name: 'session_health_reconnects_total', help: 'Reconnects reported by browsers; instance_changed="true" when another backend instance answered.',
        labelNames: ['instance_changed'], registers: [this.registry]
    });
    readonly disconnects = new Counter({
        name: 'session_health_disconnects_total', help: 'Disconnects reported by browsers, by Socket.IO reason (spaces as underscores; other reasons are "other"), or "signed-out" for an expired sign-in.',
        labelNames: ['reason'], registers: [this.registry]
    });
    readonly handshakeErrors = new Counter({
        name: 'session_health_handshake_errors_total', help: 'Refused handshakes reported by browsers, by engine.io code (0-5), http_<status> or unknown.',
        labelNames: ['code'], registers: [this.registry]
    });
    readonly upgrades = new Counter({
        name: 'session_health_websocket_upgrades_total', help: 'WebSocket transport upgrades reported by browsers, by result (success, failure).',
        labelNames: ['result'], registers: [this.registry]
    });
    readonly heartbeatsMissed = new Counter({
        name: 'session_health_heartbeats_missed_total', help: 'Missed application heartbeats reported in browser summaries.', registers: [this.registry]
    });
    readonly roundTrip = new Histogram({
        name: 'session_health_round_trip_seconds', help: 'Median heartbeat round trip of each browser summary interval.',
        buckets: [...HISTOGRAM_BUCKETS.session_health_round_trip_seconds], registers: [this.registry]
    });
    readonly detect = new Histogram({
        name: 'session_health_detect_seconds', help: 'Time from the last answer of the backend to the browser showing the connection offline.',
        buckets: [...HISTOGRAM_BUCKETS.session_health_detect_seconds], registers: [this.registry]
    });
    readonly offline = new Histogram({
        name: 'session_health_offline_seconds', help: 'Time a browser was without a working connection, reported when it came back.',
        buckets: [...HISTOGRAM_BUCKETS.session_health_offline_seconds], registers: [this.registry]
    });
    readonly sessionDuration = new Histogram({
        name: 'session_health_session_duration_seconds', help: 'How long a connection (Socket.IO session) lasted before it dropped.',
        buckets: [...HISTOGRAM_BUCKETS.session_health_session_duration_seconds], registers: [this.registry]
    });
    readonly reportsReceived = new Counter({
        name: 'session_health_reports_received_total', help: 'Report records stored (new ids), by channel (rpc, http).',
        labelNames: ['channel'], registers: [this.registry]
    });
    readonly reportsDuplicated = new Counter({
        name: 'session_health_reports_duplicated_total', help: 'Report records received again with an id already stored (not stored again).',
        registers: [this.registry]
    });
    readonly reportsRejected = new Counter({
        name: 'session_health_reports_rejected_total', help: 'Rejected report requests, by HTTP status (400, 403, 413, 415, 429).',
        labelNames: ['status'], registers: [this.registry]
    });
    readonly browserDropped = new Counter({
        name: 'session_health_browser_dropped_reports_total', help: 'Records browsers dropped from their full offline queue (reported later).',
        registers: [this.registry]
    });
    readonly serverStalls = new Counter({
        name: 'session_health_server_stalls_total',
        help: 'Times a tab saw no answer because the backend\'s event loop was blocked (server busy, not the network).',
        registers: [this.registry]
    });
    readonly logRecordsExported = new Counter({
        name: 'session_health_log_records_exported_total', help: 'Stored report records exported as OTLP log records (the collector accepted them).',
        registers: [this.registry]
    });
    readonly logRecordsDropped = new Counter({
        name: 'session_health_log_records_dropped_total',
        help: 'Stored report records not exported as OTLP log records, by reason (queue_full: buffer full; export_failed: the collector refused or was unreachable after retries).',
        labelNames: ['reason'], registers: [this.registry]
    });
    /** Counts the tabs that hold a live reports RPC connection (set by the RPC connection handler). */
    connectedTabsSource: () => number = () => 0;
    readonly connectedTabs: Gauge = new Gauge({
        name: 'session_health_connected_tabs', help: 'Browser tabs with a live connection to this backend (reports RPC channel bound to the tab).',
        registers: [this.registry],
        collect: (): void => this.connectedTabs.set(this.connectedTabsSource())
    });
    readonly sessions = new Gauge({
        name: 'session_health_sessions', help: 'Browser tabs whose last summary arrived in the last 90 s, by transport.',
        labelNames: ['transport'], registers: [this.registry],
        collect: () => this.collectSessions()
    });

    /** `registry`: the shared one (MetricsRegistry) in the backend; a registry of their own in tests. */
    constructor(readonly registry: Registry = new Registry()) {
        for (const outcome of ['success', 'failure']) {
            this.connections.inc({ outcome }, 0);
        }
        for (const result of ['success', 'failure']) {
            this.upgrades.inc({ result }, 0);
        }
        for (const status of REJECT_STATUSES) {
            this.reportsRejected.inc({ status }, 0);
        }
        for (const channel of ['rpc', 'http']) {
            this.reportsReceived.inc({ channel }, 0);
        }
        // Every label value from 0, so increase() sees the first disconnects and reconnects of a new process.
        for (const reason of [...DISCONNECT_REASONS.map(disconnectReasonLabel), 'other']) {
            this.disconnects.inc({ reason }, 0);
        }
        for (const changed of ['true', 'false']) {
            this.reconnects.inc({ instance_changed: changed }, 0);
        }
        for (const reason of LOG_DROP_REASONS) {
            this.logRecordsDropped.inc({ reason }, 0);
        }
    }

    rejected(status: number): void {
        const label = String(status);
        if (REJECT_STATUSES.includes(label)) {
            this.reportsRejected.inc({ status: label });
        }
    }

    /** Counts records that were stored for the first time (duplicates must not come here). */
    observe(records: readonly ReportRecord[], channel: 'rpc' | 'http', duplicates: number, now = Date.now()): void {
        if (records.length) {
            this.reportsReceived.inc({ channel }, records.length);
        }
        if (duplicates) {
            this.reportsDuplicated.inc(duplicates);
        }
        for (const record of records) {
            this.observeOne(record, now);
        }
    }

    protected observeOne(record: ReportRecord, now: number): void {
        const f = record.fields;
        const observe = (h: Histogram, ms: unknown) => {
            const s = seconds(ms);
            if (s !== undefined) {
                h.observe(s);
                for (const listener of this.histogramListeners) {
                    listener((h as unknown as { name: keyof typeof HISTOGRAM_BUCKETS }).name, s);
                }
            }
        };
        switch (record.type) {
            case 'connect':
                this.connections.inc({ outcome: 'success' });
                break;
            case 'handshake-error':
                this.connections.inc({ outcome: 'failure' });
                this.handshakeErrors.inc({ code: handshakeCodeLabel(f.code, f.status) });
                break;
            case 'disconnect':
                this.disconnects.inc({ reason: disconnectReasonLabel(f.reason) });
                observe(this.sessionDuration, f.sessionMs);
                break;
            case 'reconnect':
                this.reconnects.inc({ instance_changed: f.instanceChanged === true ? 'true' : 'false' });
                observe(this.offline, f.offlineMs);
                break;
            case 'upgrade':
                this.upgrades.inc({ result: 'success' });
                break;
            case 'upgrade-error':
                this.upgrades.inc({ result: 'failure' });
                break;
            case 'offline':
                observe(this.detect, f.detectMs);
                break;
            case 'summary':
                observe(this.roundTrip, typeof f.rttCount === 'number' && f.rttCount > 0 ? f.rttP50Ms : undefined);
                if (typeof f.missedHeartbeats === 'number' && f.missedHeartbeats > 0) {
                    this.heartbeatsMissed.inc(f.missedHeartbeats);
                }
                this.trackTab(record.tabId, transportLabel(f.transport), now);
                break;
        }
        // one record per silence carries its cause
        if (f.cause === 'server-busy' && (record.type === 'offline' || record.type === 'degraded')) {
            this.serverStalls.inc();
        }
        if (typeof f.droppedRecords === 'number' && f.droppedRecords > 0) {
            this.browserDropped.inc(f.droppedRecords);
        }
    }

    protected trackTab(tabId: string, transport: string, now: number): void {
        this.tabs.delete(tabId);
        this.tabs.set(tabId, { transport, at: now });
        if (this.tabs.size > MAX_TRACKED_TABS) {
            this.tabs.delete(this.tabs.keys().next().value as string);
        }
    }

    protected collectSessions(): void {
        const now = Date.now();
        const counts: Record<string, number> = { websocket: 0, polling: 0 };
        for (const [tab, entry] of this.tabs) {
            if (now - entry.at > SESSION_STALE_MS) {
                this.tabs.delete(tab);
            } else {
                counts[entry.transport] = (counts[entry.transport] ?? 0) + 1;
            }
        }
        this.sessions.reset();
        for (const [transport, count] of Object.entries(counts)) {
            this.sessions.set({ transport }, count);
        }
    }

    exposition(): Promise<string> {
        return this.registry.metrics();
    }

    get contentType(): string {
        return this.registry.contentType;
    }
}
