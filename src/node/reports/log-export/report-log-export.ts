// *****************************************************************************
// Optional export of every stored report record as one OpenTelemetry log record over OTLP/HTTP (JSON), when
// OTEL_EXPORTER_OTLP_(LOGS_)ENDPOINT is set. Ingest only appends to a bounded buffer; what does not get through is
// counted in session_health_log_records_dropped_total{reason}. Design and figures: docs/benchmarks-notes.md.
// *****************************************************************************

import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { Logger } from '@opentelemetry/api-logs';
import { ReportRecord } from '../../../common/reports/reports-protocol';
import { OtlpJsonLogExporter } from './report-log-serializer';
import { kindOf, LOGGER_NAME, logExportEndpoint, logResourceAttributes, reportLogSerializer } from './report-log-record';
import { endpointForLog, scrubUrls } from '../endpoint-text';
import { BLRP_EXPORT_TIMEOUT_ENV, BLRP_MAX_BATCH_ENV, BLRP_MAX_QUEUE_ENV, BLRP_SCHEDULE_DELAY_ENV, envInteger } from '../reports-env';

/** Why a record was not exported (the `reason` label of session_health_log_records_dropped_total). */
export type LogDropReason = 'queue_full' | 'export_failed';

/** The two counters of the export (ReportMetrics has them; the export worker counts into a stand-in it reports from). */
export interface LogExportCounters {
    readonly logRecordsExported: { inc(value?: number): void };
    readonly logRecordsDropped: { inc(labels: { reason: LogDropReason }, value?: number): void };
}

/**
 * Where the export says what goes wrong: the backend's named ILogger; the console only in the worker thread, which
 * has no DI container (its console is the backend process's stdout).
 */
export interface LogExportLog {
    info(message: string): unknown;
    warn(message: string): unknown;
    error(message: string): unknown;
}

export interface LogExportOptions {
    exporter?: LogRecordExporter;
    instanceId?: string;
    env?: NodeJS.ProcessEnv;
    log?: LogExportLog;
}

/** Records in the buffer that the exporter has not taken yet, shared by the processor and exporter wrappers. */
interface QueueState {
    queued: number;
    readonly maxQueueSize: number;
}

/** Counts what the exporter delivered or gave up on (after its retries); says once when exports start failing. */
class CountingExporter implements LogRecordExporter {
    protected failing = false;

    constructor(protected readonly inner: LogRecordExporter, protected readonly state: QueueState, protected readonly metrics: LogExportCounters,
        protected readonly log: LogExportLog) { }

    export(logs: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
        this.state.queued = Math.max(0, this.state.queued - logs.length);
        this.inner.export(logs, result => {
            const ok = result.code === ExportResultCode.SUCCESS;
            if (ok) {
                this.metrics.logRecordsExported.inc(logs.length);
            } else {
                this.metrics.logRecordsDropped.inc({ reason: 'export_failed' }, logs.length);
            }
            if (!ok && !this.failing) {
                this.log.warn(`OTLP log export failed after retries, ${logs.length} record(s) dropped (counted in session_health_log_records_dropped_total): ${scrubUrls(result.error?.message ?? 'unknown error')}`);
            } else if (ok && this.failing) {
                this.log.info('OTLP log export works again');
            }
            this.failing = !ok;
            resultCallback(result);
        });
    }

    forceFlush(): Promise<void> {
        return this.inner.forceFlush();
    }

    shutdown(): Promise<void> {
        return this.inner.shutdown();
    }
}

/** Exports stored records as OTLP log records; `emit` never throws and never waits. */
export class ReportLogExport {
    protected readonly provider: LoggerProvider;
    protected readonly logger: Logger;
    protected readonly state: QueueState;
    /** Stored records not yet handed to the SDK (counted in `state.queued`), and their stored lines when known. */
    protected pending: ReportRecord[] = [];
    protected pendingLines: (string | undefined)[] = [];
    /** The stored NDJSON line of each record in the SDK's buffer: the body as written, without a second stringify. */
    protected readonly lines = new WeakMap<object, string>();
    readonly serializer = reportLogSerializer(this.lines);
    protected drainScheduled = false;

    protected readonly log: LogExportLog;

    constructor(protected readonly metrics: LogExportCounters, options: LogExportOptions = {}) {
        const env = options.env ?? process.env;
        this.log = options.log ?? console;
        const maxQueueSize = envInteger(BLRP_MAX_QUEUE_ENV, 2048, 1, 1000000, env);
        const state: QueueState = { queued: 0, maxQueueSize };
        this.state = state;
        const exporter = new CountingExporter(options.exporter ?? new OtlpJsonLogExporter(this.serializer), state, metrics, this.log);
        const processor = new BatchLogRecordProcessor({
            exporter,
            maxQueueSize,
            maxExportBatchSize: Math.min(maxQueueSize, envInteger(BLRP_MAX_BATCH_ENV, 512, 1, 1000000, env)),
            scheduledDelayMillis: envInteger(BLRP_SCHEDULE_DELAY_ENV, 1000, 1, 3600000, env),
            exportTimeoutMillis: envInteger(BLRP_EXPORT_TIMEOUT_ENV, 30000, 100, 3600000, env)
        });
        this.provider = new LoggerProvider({
            resource: defaultResource().merge(resourceFromAttributes(logResourceAttributes(options.instanceId, env))),
            processors: [processor]
        });
        this.logger = this.provider.getLogger(LOGGER_NAME);
    }

    /**
     * The ingest path: count the record into the bounded buffer (or drop it) and keep a reference, nothing else.
     * Log records are built by `drain`, once per event-loop turn for everything stored in that turn.
     */
    emit(records: readonly ReportRecord[], lines?: readonly string[]): void {
        for (let i = 0; i < records.length; i++) {
            if (this.state.queued >= this.state.maxQueueSize) {
                this.metrics.logRecordsDropped.inc({ reason: 'queue_full' });
                continue;
            }
            this.state.queued++;
            this.pending.push(records[i]);
            this.pendingLines.push(lines?.[i]);
        }
        if (this.pending.length && !this.drainScheduled) {
            this.drainScheduled = true;
            setImmediate(() => this.drain());
        }
    }

    /** Hands the pending records to the SDK's batch processor as log records (off the request that stored them). */
    protected drain(): void {
        this.drainScheduled = false;
        const records = this.pending;
        const lines = this.pendingLines;
        this.pending = [];
        this.pendingLines = [];
        const now = Date.now();
        for (let i = 0; i < records.length; i++) {
            const record = records[i];
            const line = lines[i];
            if (line !== undefined) {
                this.lines.set(record, line);
            }
            try {
                const kind = kindOf(record.type);
                this.logger.emit({
                    timestamp: record.at,
                    observedTimestamp: now,
                    severityNumber: kind.severityNumber,
                    severityText: kind.severityText,
                    eventName: kind.eventName,
                    body: record as unknown as Record<string, never>
                });
            } catch (error) {
                this.state.queued = Math.max(0, this.state.queued - 1);
                this.metrics.logRecordsDropped.inc({ reason: 'queue_full' });
                this.log.warn(`cannot queue a log record: ${scrubUrls(String((error as Error)?.message ?? error))}`);
            }
        }
    }

    forceFlush(): Promise<void> {
        this.drain();
        return this.provider.forceFlush();
    }

    shutdown(): Promise<void> {
        this.drain();
        return this.provider.shutdown();
    }

    static describeEndpoint(env: NodeJS.ProcessEnv = process.env): string {
        return endpointForLog(logExportEndpoint(env));
    }
}
