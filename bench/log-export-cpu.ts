// Issue 17: event-loop CPU per exported record, in-process (no backend, no network): the stored records go through
// ReportLogExport (buffer, drain, SDK LoggerProvider + BatchLogRecordProcessor) into an exporter that only serializes
// each batch. "SDK serializer" is the way before: each log record built with its attributes (validated by the SDK)
// and the body as an object, serialized by @opentelemetry/otlp-transformer's JsonLogsSerializer (nested kvlistValue,
// TextEncoder); "ours" is ReportLogExport as it is, with OtlpJsonLogSerializer. Runs alternate; a few seconds.
// Then the whole export with HTTP to a sink in a child process (answers 200), on the event loop vs in the worker thread
// the backend uses (WorkerReportLogExport; lib/'s bundled worker when compiled, else the TypeScript entry): the main
// thread's CPU per record (/proc schedstat: what ingest loses) and this process's CPU per record (all threads).
// Both include the bench loop's own slicing (the same for both).
// `TS_NODE_TRANSPILE_ONLY=true node -r ts-node/register bench/log-export-cpu.ts`
import { SeverityNumber } from '@opentelemetry/api-logs';
import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import { JsonLogsSerializer } from '@opentelemetry/otlp-transformer';
import { BatchLogRecordProcessor, LoggerProvider, LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BenchRow, runStandalone } from './bench-types';
import { percentile } from '../src/browser/connection/state/round-trip-window';
import { ReportRecord } from '../src/common/reports/reports-protocol';
import { ReportLogExport } from '../src/node/reports/log-export/report-log-export';
import { logAttributes } from '../src/node/reports/log-export/report-log-record';
import { ReportMetrics } from '../src/node/reports/report-metrics';
import { WorkerReportLogExport } from '../src/node/reports/log-export/report-log-worker';
import { logWorkerCode } from '../src/node/reports/log-export/report-log-worker-protocol';
import { storedLine } from '../src/node/reports/report-store-format';
import { validRecord } from '../test/helpers/reports-fixtures';

const RECORDS = 10000;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

class SerializingExporter implements LogRecordExporter {
    bytes = 0;
    constructor(protected readonly serialize: (logs: ReadableLogRecord[]) => Uint8Array | undefined) { }
    export(logs: ReadableLogRecord[], done: (result: ExportResult) => void): void {
        this.bytes += this.serialize(logs)?.length ?? 0;
        done({ code: ExportResultCode.SUCCESS });
    }
    async forceFlush(): Promise<void> { }
    async shutdown(): Promise<void> { }
}

/** The records of the ingest bench's small batches (a summary with a transport), 5 per stored batch. */
function records(): ReportRecord[] {
    return Array.from({ length: RECORDS }, (_, i) => validRecord({ type: 'summary', fields: { rttCount: 10, rttP50Ms: 12, transport: 'websocket' } }, i + 1));
}

/** The backend's defaults (2048 buffered, batches of 512); the records arrive 500 per event-loop turn. */
const env = { OTEL_BLRP_MAX_QUEUE_SIZE: '2048', OTEL_BLRP_SCHEDULE_DELAY: '1000', OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '512' };
const PER_TURN = 500;
const turn = () => new Promise(resolve => setImmediate(resolve));

/** The stored records as ingest hands them over: 5 per stored batch, PER_TURN per event-loop turn. */
async function feed(logs: { emit(records: readonly ReportRecord[], lines?: readonly string[]): void }, input: ReportRecord[], lines: string[]): Promise<void> {
    for (let i = 0; i < input.length; i += 5) {
        logs.emit(input.slice(i, i + 5), lines.slice(i, i + 5));
        if ((i + 5) % PER_TURN === 0) {
            await turn();
            await turn();
        }
    }
}

/** CPU µs per record (user + system of this process) and bytes per record. */
async function measure(run: () => Promise<number>): Promise<{ cpuUs: number; bytes: number }> {
    const started = process.cpuUsage();
    const bytes = await run();
    const cpu = process.cpuUsage(started);
    return { cpuUs: (cpu.user + cpu.system) / RECORDS, bytes: bytes / RECORDS };
}

/** As the backend does it: with the NDJSON lines the store wrote (made here before the clock starts, as there). */
async function ours(input: ReportRecord[], lines: string[]): Promise<number> {
    let serialize: (logs: ReadableLogRecord[]) => Uint8Array | undefined = () => undefined;
    const sink = new SerializingExporter(batch => serialize(batch));
    const logs = new ReportLogExport(new ReportMetrics(), { exporter: sink, env });
    // Like OtlpJsonLogExporter: the request buffer goes back to the pool once the export has finished (here: at once).
    serialize = batch => {
        let bytes: Uint8Array | undefined;
        logs.serializer.reusingBuffers(() => { bytes = logs.serializer.serializeRequest(batch); })();
        return bytes;
    };
    await feed(logs, input, lines);
    await logs.forceFlush();
    await logs.shutdown();
    return sink.bytes;
}

/** The drain and serializer before this change, on the same SDK processor settings. */
async function sdkSerializer(input: ReportRecord[]): Promise<number> {
    const sink = new SerializingExporter(logs => JsonLogsSerializer.serializeRequest(logs));
    const provider = new LoggerProvider({
        processors: [new BatchLogRecordProcessor({ exporter: sink, maxQueueSize: 2048, maxExportBatchSize: 512, scheduledDelayMillis: 1000 })]
    });
    const logger = provider.getLogger('theia-session-health');
    let now = Date.now();
    for (const [i, record] of input.entries()) {
        if (i % PER_TURN === 0 && i) {
            await turn();
            await turn();
            now = Date.now();
        }
        logger.emit({
            timestamp: record.at, observedTimestamp: now, severityNumber: SeverityNumber.INFO, severityText: 'INFO',
            eventName: `session_health.${record.type}`, body: record as unknown as Record<string, never>, attributes: logAttributes(record)
        });
    }
    await provider.forceFlush();
    await provider.shutdown();
    return sink.bytes;
}

/** A loopback OTLP sink in a child process (its CPU is not this process's): answers 200 to everything. */
async function startChildSink(): Promise<{ url: string; child: ChildProcess }> {
    const code = 'const s = require(\'http\').createServer((q, r) => { q.resume(); q.on(\'end\', () => r.writeHead(200, { \'content-type\': \'application/json\' }).end(\'{}\')); });'
        + 's.listen(0, \'127.0.0.1\', () => console.log(s.address().port));';
    const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<string>((resolve, reject) => {
        child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
        child.once('exit', () => reject(new Error('sink exited')));
    });
    return { url: `http://127.0.0.1:${port}/v1/logs`, child };
}

interface Exporting { emit(records: readonly ReportRecord[], lines?: readonly string[]): void; forceFlush(): Promise<void> }

/** CPU time of this process's main thread (the event loop) in ns: /proc/self/task/<pid>/schedstat, first field. */
function mainThreadCpuNs(): number {
    return Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
}

/** Main-thread (event-loop) CPU µs and process CPU µs per record while `logs` exports the records (500 per turn). */
async function measureLoop(logs: Exporting, input: ReportRecord[], lines: string[]): Promise<{ loopUs: number; cpuUs: number }> {
    const main = mainThreadCpuNs();
    const cpu = process.cpuUsage();
    await feed(logs, input, lines);
    await logs.forceFlush();
    const used = process.cpuUsage(cpu);
    return { loopUs: (mainThreadCpuNs() - main) / 1000 / input.length, cpuUs: (used.user + used.system) / input.length };
}

/** The bundled worker of lib/ when compiled (what a backend runs), else the TypeScript entry through ts-node. */
function benchWorkerCode(): string | undefined {
    const bundled = path.join(__dirname, '..', 'lib', 'node', 'reports', 'report-log-worker-source.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return fs.existsSync(bundled) ? require(bundled) as string : logWorkerCode();
}

export async function runLogExportThreadBench(): Promise<BenchRow[]> {
    const input = records();
    const lines = input.map(r => storedLine(r, Date.now()));
    const sink = await startChildSink();
    const saved = process.env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT;
    process.env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT = sink.url;
    const inThread = new ReportLogExport(new ReportMetrics(), { env });
    const inWorker = new WorkerReportLogExport(new ReportMetrics(), { env: { ...process.env, ...env } }, benchWorkerCode());
    const results = { thread: [] as { loopUs: number; cpuUs: number }[], worker: [] as { loopUs: number; cpuUs: number }[] };
    try {
        await measureLoop(inThread, input, lines);
        await measureLoop(inWorker, input, lines);
        for (let run = 0; run < RUNS; run++) {
            results.thread.push(await measureLoop(inThread, input, lines));
            results.worker.push(await measureLoop(inWorker, input, lines));
        }
    } finally {
        await inThread.shutdown();
        await inWorker.shutdown();
        process.env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT = saved;
        sink.child.kill();
    }
    const median = (xs: number[]) => percentile(xs.slice().sort((a, b) => a - b), 50)!;
    const row = (name: string, xs: { loopUs: number; cpuUs: number }[]): BenchRow => ({
        name: `OTLP log export with HTTP to a sink process, main-thread (event-loop) CPU per record: ${name}`,
        p50: median(xs.map(x => x.loopUs)), p95: percentile(xs.map(x => x.loopUs).sort((a, b) => a - b), 95)!, unit: 'µs/record',
        note: `process CPU (all threads) median ${median(xs.map(x => x.cpuUs)).toFixed(2)} µs/record; ${RUNS} runs of ${RECORDS}, ${inWorker.where}`
    });
    return [row('on the event loop', results.thread), row('worker thread', results.worker)];
}

export async function runLogExportCpuBench(): Promise<BenchRow[]> {
    const input = records();
    const lines = input.map(r => storedLine(r, Date.now()));
    const before: number[] = [];
    const after: number[] = [];
    let bytes = { before: 0, after: 0 };
    await measure(() => ours(input, lines));
    await measure(() => sdkSerializer(input));
    for (let run = 0; run < RUNS; run++) {
        const a = await measure(() => sdkSerializer(input));
        const b = await measure(() => ours(input, lines));
        before.push(a.cpuUs);
        after.push(b.cpuUs);
        bytes = { before: a.bytes, after: b.bytes };
    }
    const sorted = (xs: number[]) => xs.slice().sort((x, y) => x - y);
    const row = (name: string, xs: number[], size: number): BenchRow => ({
        name: `OTLP log export, CPU per record in-process (build + batch + serialize): ${name}`,
        p50: percentile(sorted(xs), 50)!, p95: percentile(sorted(xs), 95)!, unit: 'µs/record',
        note: `min ${Math.min(...xs).toFixed(2)}; ${size.toFixed(0)} bytes/record of OTLP JSON; ${RUNS} runs of ${RECORDS}`
    });
    return [row('SDK JsonLogsSerializer (before)', before, bytes.before), row('OtlpJsonLogSerializer (now)', after, bytes.after)];
}

if (require.main === module) {
    runStandalone(async () => [...await runLogExportCpuBench(), ...await runLogExportThreadBench()]);
}
