// *****************************************************************************
// Prometheus series from stored (deduplicated) report records, on the shared MetricsRegistry
// (not prom-client's global one, and not Theia's /metrics). Low-cardinality labels only.
// *****************************************************************************

import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ReportRecord } from '../../common/reports/reports-protocol';
import {
    DISCONNECT_REASONS, disconnectReasonLabel, handshakeCodeLabel, HISTOGRAM_BUCKETS, HistogramListener, LOG_DROP_REASONS, REJECT_STATUSES, seconds,
    transportLabel
} from './report-metric-labels';

/** A tab counts in session_health_sessions while its last summary is younger than this. */
const SESSION_STALE_MS = 90000;
const MAX_TRACKED_TABS = 10000;

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
