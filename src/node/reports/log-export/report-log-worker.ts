// *****************************************************************************
// The OTLP log export as the backend runs it: the pipeline (report-log-export.ts) in a worker thread, fed the stored
// lines in batched messages, so the export never costs ingest; any worker failure falls back to the event loop, said
// once. Why and what it costs: docs/benchmarks-notes.md.
// *****************************************************************************

import { Worker } from 'worker_threads';
import type { ReportRecord } from '../../../common/reports/reports-protocol';
import { LogExportCounters, LogExportLog, LogExportOptions, ReportLogExport } from './report-log-export';
import { LogWorkerData, LogWorkerReply, LogWorkerRequest, logWorkerCode } from './report-log-worker-protocol';
import { scrubUrls } from '../endpoint-text';
import { BLRP_MAX_QUEUE_ENV, envInteger, LOG_EXPORT_NICE_DEFAULT, LOG_EXPORT_NICE_ENV, LOG_EXPORT_THREAD_ENV } from '../reports-env';

/** Stored lines wait at most this long on the main thread before they are posted to the worker… */
export const POST_EVERY_MS = 10;
/** …or until this many have gathered (then they go on the next turn). */
export const POST_AT_LINES = 256;

/** Exports stored records as OTLP log records from a worker thread; `emit` never throws and never waits. */
export class WorkerReportLogExport {
    protected worker: Worker | undefined;
    /** The in-thread export, once the worker has failed (or could not start). */
    protected fallback: ReportLogExport | undefined;
    protected fallbackProblem: string | undefined;
    protected pending: string[] = [];
    protected postTimer: ReturnType<typeof setTimeout> | undefined;
    protected postImmediate: ReturnType<typeof setImmediate> | undefined;
    protected messages = 0;
    /** Lines posted that the worker has not taken into its buffer yet: with `pending`, bounded like the buffer. */
    protected unacknowledged = 0;
    /** Lines posted, and lines the worker reported exported or dropped (the difference is lost if it dies). */
    protected posted = 0;
    protected settled = 0;
    protected nextId = 1;
    protected readonly waiting = new Map<number, () => void>();
    protected stopping = false;
    protected readonly maxQueueSize: number;
    /** SESSION_HEALTH_LOG_EXPORT_THREAD=event-loop: no worker, by choice. */
    protected chosenEventLoop = false;
    /** The nice increment asked of the worker thread (SESSION_HEALTH_LOG_EXPORT_NICE). */
    protected nice = 0;

    protected readonly log: LogExportLog;

    constructor(protected readonly metrics: LogExportCounters, protected readonly options: LogExportOptions = {}, code: string | undefined = logWorkerCode()) {
        const env = options.env ?? process.env;
        this.log = options.log ?? console;
        this.maxQueueSize = envInteger(BLRP_MAX_QUEUE_ENV, 2048, 1, 1000000, env);
        const thread = env[LOG_EXPORT_THREAD_ENV]?.trim().toLowerCase();
        if (thread === 'event-loop') {
            this.chosenEventLoop = true;
            this.fallback = new ReportLogExport(metrics, options);
            return;
        }
        if (thread && thread !== 'worker') {
            this.log.warn(`${LOG_EXPORT_THREAD_ENV}=${JSON.stringify(thread)} is neither worker nor event-loop; using the worker thread`);
        }
        if (!code) {
            this.fallBack('has no code (report-log-worker-source.js is missing: lib/ not built by `npm run compile`)');
            return;
        }
        try {
            this.nice = envInteger(LOG_EXPORT_NICE_ENV, LOG_EXPORT_NICE_DEFAULT, 0, 19, env);
            const data: LogWorkerData = { instanceId: options.instanceId, nice: this.nice };
            const worker = new Worker(code, { eval: true, env, workerData: data, name: 'session-health-log-export' });
            worker.unref();
            worker.on('message', (message: LogWorkerReply) => this.onMessage(message));
            worker.on('error', error => this.fallBack(`failed: ${error?.message ?? error}`));
            worker.on('exit', exitCode => {
                if (!this.stopping) {
                    this.fallBack(`exited (code ${exitCode})`);
                }
                this.resolveWaiting();
            });
            this.worker = worker;
        } catch (error) {
            this.fallBack(`cannot start: ${(error as Error)?.message ?? error}`);
        }
    }

    /** Messages of lines posted to the worker so far. */
    get postedMessages(): number {
        return this.messages;
    }

    /** Where the export runs: in the worker thread, or on the event loop (and why). */
    get where(): string {
        if (this.chosenEventLoop) {
            return `on the event loop (${LOG_EXPORT_THREAD_ENV}=event-loop)`;
        }
        return this.fallback || this.fallbackProblem ? 'on the event loop (the worker thread failed)'
            : `in a worker thread${this.nice ? ` asked to run ${this.nice} nice steps lower (${LOG_EXPORT_NICE_ENV}; at most nice 19)` : ''}`;
    }

    /** The ingest path: keep the stored line as written (or drop and count it when the buffer is full), nothing else. */
    emit(records: readonly ReportRecord[], lines?: readonly string[]): void {
        if (!this.worker) {
            if (this.fallback) {
                this.fallback.emit(records, lines);
            } else if (records.length && this.fallbackProblem) {
                this.metrics.logRecordsDropped.inc({ reason: 'export_failed' }, records.length); // no export could start
            }
            return;
        }
        for (let i = 0; i < records.length; i++) {
            if (this.unacknowledged + this.pending.length >= this.maxQueueSize) {
                this.metrics.logRecordsDropped.inc({ reason: 'queue_full' });
                continue;
            }
            this.pending.push(lines?.[i] ?? JSON.stringify(records[i]));
        }
        this.schedulePost();
    }

    /** A post on the next turn once POST_AT_LINES lines wait, else within POST_EVERY_MS (one of them at a time). */
    protected schedulePost(): void {
        const soon = this.pending.length >= POST_AT_LINES;
        if (!this.pending.length || this.postImmediate || (this.postTimer && !soon)) {
            return;
        }
        clearTimeout(this.postTimer);
        this.postTimer = undefined;
        if (soon) {
            this.postImmediate = setImmediate(() => this.post());
        } else {
            this.postTimer = setTimeout(() => this.post(), POST_EVERY_MS);
        }
    }

    /**
     * One message with the lines stored in the last POST_EVERY_MS (or, at high rates, as soon as POST_AT_LINES have
     * gathered): a message wakes the worker thread and its reply wakes this one, which at thousands of messages a
     * second cost more CPU than the export itself.
     */
    protected post(): void {
        clearTimeout(this.postTimer);
        this.postTimer = undefined;
        clearImmediate(this.postImmediate);
        this.postImmediate = undefined;
        const lines = this.pending;
        this.pending = [];
        if (!lines.length) {
            return;
        }
        if (!this.worker) {
            // Lines that were waiting when the worker failed: to the fallback, or counted when none could start.
            if (this.fallback) {
                this.fallback.emit(lines.map(line => JSON.parse(line) as ReportRecord), lines);
            } else {
                this.metrics.logRecordsDropped.inc({ reason: 'export_failed' }, lines.length);
            }
            return;
        }
        this.unacknowledged += lines.length;
        this.posted += lines.length;
        this.messages++;
        this.worker.postMessage({ kind: 'records', lines } satisfies LogWorkerRequest);
    }

    protected onMessage(message: LogWorkerReply): void {
        if (message.kind === 'done') {
            this.waiting.get(message.id)?.();
            this.waiting.delete(message.id);
            return;
        }
        this.unacknowledged = Math.max(0, this.unacknowledged - message.taken);
        this.settled += message.exported + message.queue_full + message.export_failed;
        if (message.exported) {
            this.metrics.logRecordsExported.inc(message.exported);
        }
        if (message.queue_full) {
            this.metrics.logRecordsDropped.inc({ reason: 'queue_full' }, message.queue_full);
        }
        if (message.export_failed) {
            this.metrics.logRecordsDropped.inc({ reason: 'export_failed' }, message.export_failed);
        }
    }

    /** From now on the export runs on the event loop; says so once, and counts what the worker had not settled. */
    protected fallBack(problem: string): void {
        if (this.fallbackProblem) {
            return;
        }
        this.fallbackProblem = problem;
        const worker = this.worker;
        this.worker = undefined;
        worker?.removeAllListeners('message');
        worker?.terminate().catch(() => undefined);
        const lost = this.posted - this.settled;
        if (lost > 0) {
            this.metrics.logRecordsDropped.inc({ reason: 'export_failed' }, lost);
        }
        this.log.warn(`the OTLP log export worker thread ${scrubUrls(problem)}; exporting on the backend's event loop instead`
            + (lost > 0 ? ` (${lost} record(s) it held dropped, counted as export_failed)` : ''));
        try {
            this.fallback = new ReportLogExport(this.metrics, this.options);
        } catch (error) {
            this.log.error(`cannot start the OTLP log export: ${scrubUrls(String((error as Error)?.message ?? error))}`);
        }
        this.resolveWaiting();
    }

    protected resolveWaiting(): void {
        for (const resolve of this.waiting.values()) {
            resolve();
        }
        this.waiting.clear();
    }

    protected request(kind: 'flush' | 'shutdown'): Promise<void> {
        this.post(); // what waits goes first (to the worker, or to the fallback before its flush)
        const worker = this.worker;
        if (!worker) {
            return Promise.resolve();
        }
        const id = this.nextId++;
        return new Promise<void>(resolve => {
            this.waiting.set(id, resolve);
            worker.postMessage({ kind, id } satisfies LogWorkerRequest);
        });
    }

    async forceFlush(): Promise<void> {
        await this.request('flush');
        await this.fallback?.forceFlush();
    }

    async shutdown(): Promise<void> {
        await this.request('shutdown');
        this.stopping = true;
        await this.worker?.terminate();
        this.worker = undefined;
        await this.fallback?.shutdown();
    }
}
