// Issue 6 / issue 12 section 5: ingest throughput and latency of POST /session-health/reports on the real backend
// (loopback only), measured twice in the same run: with the rate limiter off (SESSION_HEALTH_REPORTS_RATE=0: what
// the ingest path itself can take) and with the default limiter (20 requests/s per client, keyed on the connection-
// token cookie, burst 100: what a default install stores from one client, the rest answered 429); then the backend's RSS after one million records.
// `BENCH_QUICK=1 node -r ts-node/register bench/reports-ingest.ts` runs a short version; BENCH_LOG_EXPORT_PAIRS=n runs n
// off/on pairs of 3 s segments in the log export comparison (default 20; runLogExportBench) and reports their medians.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { BenchRow, collectGarbage, runStandalone } from './bench-types';
import { percentile } from '../src/browser/connection/state/round-trip-window';
import { RunningBackend, startBackend } from '../test/helpers/theia-backend';
import { fetchConnectionCookie } from '../test/helpers/theia-client';
import { TEST_TMP } from '../test/helpers/paths';
import { sampleValue, validRecord } from '../test/helpers/reports-fixtures';
import { ReportRecord, REPORTS_ROUTE } from '../src/common/reports/reports-protocol';
import { DATA_DIR_ENV, RATE_ENV } from '../src/node/reports/reports-env';
import { DEFAULT_RATE_PER_SECOND } from '../src/node/reports/report-rate-limiter';

const QUICK = process.env.BENCH_QUICK === '1';
const CONCURRENCY = 32;
const DURATION_MS = QUICK ? 2000 : 10000;
const MAX_REQUESTS = 200000;
const BIG_BATCH = 250;
const MILLION = QUICK ? 100000 : 1000000;
/** Length of one segment of the log export comparison (runLogExportBench). */
const LOG_EXPORT_SEGMENT_MS = 3000;

/**
 * A cheap load generator (like autocannon): one raw keep-alive TCP connection per worker, one request in flight
 * on each, requests written as ready-made bytes and responses parsed only as far as status and Content-Length.
 * Node's http client costs about as much CPU per request as the server, and the load generator shares the 2 cores.
 */
export class RawHttpConnection {
    protected readonly socket: net.Socket;
    protected buffer: Buffer = Buffer.alloc(0);
    protected waiting: { resolve: (status: number) => void; reject: (e: Error) => void } | undefined;
    protected readonly connected: Promise<void>;

    constructor(port: number) {
        this.socket = net.connect(port, '127.0.0.1');
        this.socket.setNoDelay(true);
        this.connected = new Promise((resolve, reject) => {
            this.socket.once('connect', () => resolve());
            this.socket.once('error', reject);
        });
        this.socket.on('data', chunk => this.onData(chunk));
        this.socket.on('error', error => this.fail(error));
        this.socket.on('close', () => this.fail(new Error('connection closed by the backend')));
    }

    async request(bytes: Buffer): Promise<number> {
        await this.connected;
        if (this.socket.destroyed) {
            throw new Error('the connection was closed (idle longer than the server\'s keep-alive timeout?)');
        }
        return new Promise<number>((resolve, reject) => {
            this.waiting = { resolve, reject };
            this.socket.write(bytes);
        });
    }

    protected onData(chunk: Buffer): void {
        this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
        const headerEnd = this.buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0 || !this.waiting) {
            return;
        }
        const head = this.buffer.toString('latin1', 0, headerEnd);
        const length = /\r\ncontent-length: *(\d+)/i.exec(head);
        if (!length) {
            this.fail(new Error(`response without Content-Length: ${head.slice(0, 200)}`));
            return;
        }
        const total = headerEnd + 4 + Number(length[1]);
        if (this.buffer.length < total) {
            return;
        }
        this.buffer = this.buffer.subarray(total);
        const waiting = this.waiting;
        this.waiting = undefined;
        waiting.resolve(Number(head.slice(9, 12)));
    }

    protected fail(error: Error): void {
        const waiting = this.waiting;
        this.waiting = undefined;
        waiting?.reject(error);
    }

    close(): void {
        this.socket.destroy();
    }
}

export function requestBytes(port: number, cookie: string, body: string): Buffer {
    return Buffer.from(`POST ${REPORTS_ROUTE} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n`
        + `Cookie: ${cookie}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

/** A batch body with unique record ids made by string concatenation from one template (cheap for the generator). */
export function batchTemplate(records: number, overrides: Partial<ReportRecord>): (n: number) => string {
    const marker = 'IDMARKERIDMARKER';
    const json = JSON.stringify({ records: Array.from({ length: records }, (_, i) => validRecord({ ...overrides, id: marker }, i + 1)) });
    const parts = json.split(marker);
    const prefix = `${process.pid.toString(36)}-${Date.now().toString(36)}-`;
    return n => {
        let out = parts[0];
        for (let i = 1; i < parts.length; i++) {
            out += prefix + n.toString(36) + '-' + i + parts[i];
        }
        return out;
    };
}

function rss(pid: number): number {
    return Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
}

/** User + system CPU time of a process so far, in ms (/proc/<pid>/stat fields 14 and 15, in clock ticks). */
function cpuMs(pid: number): number {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 1000 / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/**
 * user + system CPU ms of each thread of a process, by "<name>" ("main" for the main thread, "export worker" for a
 * thread running below the main thread's priority, else the kernel's thread name: V8's and libuv's pools).
 */
function threadCpuMs(pid: number): Map<string, number> {
    const byName = new Map<string, number>();
    const stat = (tid: string) => {
        const text = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const fields = text.slice(text.lastIndexOf(') ') + 2).split(' ');
        return { comm: text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')), ms: (Number(fields[11]) + Number(fields[12])) * 1000 / CLOCK_TICKS, nice: Number(fields[16]) };
    };
    const mainNice = stat(String(pid)).nice;
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
        try {
            const t = stat(tid);
            const name = tid === String(pid) ? 'main' : t.nice > mainNice ? 'export worker' : t.comm.trim();
            byName.set(name, (byName.get(name) ?? 0) + t.ms);
        } catch {
            // the thread ended
        }
    }
    return byName;
}

/** "main 1234 ms, export worker 456 ms, …": the CPU each kind of thread used between two readings. */
function threadCpuText(before: Map<string, number>, after: Map<string, number>): string {
    return [...after].map(([name, ms]) => [name, ms - (before.get(name) ?? 0)] as const).filter(([, ms]) => ms > 0)
        .sort((a, b) => b[1] - a[1]).map(([name, ms]) => `${name} ${Math.round(ms)} ms`).join(', ');
}

export interface ThroughputResult {
    done: number;
    elapsed: number;
    /** Latencies in ms, ascending. */
    sorted: number[];
    /** Answers other than 200 (429 included). */
    errors: number;
    /** Answers with 429 (rate limited). */
    limited: number;
}

/** Throughput and latency: small batches (5 records, like a browser's), one in flight per connection, every record new. */
export async function measureIngestThroughput(port: number, cookie: string, connections: RawHttpConnection[], durationMs = DURATION_MS): Promise<ThroughputResult> {
    let errors = 0;
    const smallBatch = batchTemplate(5, { type: 'summary', fields: { rttCount: 10, rttP50Ms: 12, transport: 'websocket' } });
    const warmBatch = batchTemplate(2, {});
    let warm = 0;
    await Promise.all(connections.map(async c => {
        while (warm < 2000) {
            const status = await c.request(requestBytes(port, cookie, warmBatch(warm++)));
            if (status !== 200) {
                errors++;
            }
        }
    }));
    // At most 20 requests a millisecond (about 3× what the backend answers here), and MAX_REQUESTS in all.
    const maxRequests = Math.min(MAX_REQUESTS, durationMs * 20);
    const latencies = new Float64Array(maxRequests);
    let done = 0;
    let limited = 0;
    errors = 0;
    let sent = 0;
    const started = performance.now();
    await Promise.all(connections.map(async c => {
        while (performance.now() - started < durationMs && sent < maxRequests) {
            const bytes = requestBytes(port, cookie, smallBatch(sent++));
            const t0 = performance.now();
            const status = await c.request(bytes);
            latencies[done++] = performance.now() - t0;
            if (status !== 200) {
                errors++;
                limited += status === 429 ? 1 : 0;
            }
        }
    }));
    const elapsed = (performance.now() - started) / 1000;
    return { done, elapsed, sorted: Array.from(latencies.subarray(0, done)).sort((a, b) => a - b), errors, limited };
}

/** Throughput (one value) and latency rows of one limiter setting. */
function throughputRows(label: string, result: ThroughputResult): BenchRow[] {
    const { done, elapsed, sorted, errors, limited } = result;
    const answered = done / elapsed;
    const stored = (done - errors) / elapsed;
    const ms = (p: number) => percentile(sorted, p)!;
    return [
        {
            name: `reports ingest, ${label}: batches stored/s (5 records, ${CONCURRENCY} connections)`, p50: stored, p95: '-', unit: 'batches/s (one value)',
            goal: label.startsWith('limiter off') ? '>= 5000' : undefined,
            note: `${done} requests in ${elapsed.toFixed(1)} s = ${answered.toFixed(0)} answered/s; ${limited} answered 429, ${errors - limited} other non-200`
        },
        {
            name: `reports ingest, ${label}: request latency`, p50: ms(50), p95: ms(95), unit: 'ms', goal: label.startsWith('limiter off') ? 'p99 <= 20' : undefined,
            note: `p99 ${ms(99).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`
        }
    ];
}

/** The throughput phase against a fresh backend with the default rate limiter (no SESSION_HEALTH_REPORTS_RATE). */
async function measureWithDefaultLimiter(): Promise<ThroughputResult> {
    const dataDir = path.join(TEST_TMP, `bench-reports-limited-${process.pid}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    const backend = await startBackend({ env: { [DATA_DIR_ENV]: dataDir, [RATE_ENV]: undefined } });
    const connections = Array.from({ length: CONCURRENCY }, () => new RawHttpConnection(backend.port));
    try {
        return await measureIngestThroughput(backend.port, await fetchConnectionCookie(backend.url), connections);
    } finally {
        connections.forEach(c => c.close());
        await backend.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
    }
}

/** A loopback OTLP/HTTP sink that answers 200 at once (stands for a collector; counts the log requests). */
async function startOtlpSink(): Promise<{ url: string; logRequests: () => number; close(): Promise<void> }> {
    let logRequests = 0;
    const server = http.createServer((req, res) => {
        req.resume();
        req.on('end', () => {
            logRequests += req.url === '/v1/logs' ? 1 : 0;
            res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
        logRequests: () => logRequests,
        close: () => new Promise<void>(resolve => { server.closeAllConnections(); server.close(() => resolve()); })
    };
}

/** One side of the log export comparison: a backend (export off, or on with a loopback sink). */
interface LogExportSide {
    readonly exportOn: boolean;
    readonly backend: RunningBackend;
    readonly sink?: Awaited<ReturnType<typeof startOtlpSink>>;
    readonly cookie: string;
    readonly dataDir: string;
    /** Per segment: throughput result, stored records and the backend's CPU ms (until its export had settled). */
    readonly segments: { result: ThroughputResult; stored: number; cpuMs: number }[];
    threadsBefore?: Map<string, number>;
}

async function startLogExportSide(exportOn: boolean): Promise<LogExportSide> {
    const dataDir = path.join(TEST_TMP, `bench-reports-logs-${exportOn}-${process.pid}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    let sink: LogExportSide['sink'];
    let backend: RunningBackend | undefined;
    try {
        sink = exportOn ? await startOtlpSink() : undefined;
        backend = await startBackend({
            env: { [DATA_DIR_ENV]: dataDir, [RATE_ENV]: '0', OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: sink ? `${sink.url}/v1/logs` : undefined }
        });
        return { exportOn, backend, sink, cookie: await fetchConnectionCookie(backend.url), dataDir, segments: [] };
    } catch (error) {
        await Promise.allSettled([backend?.stop(), sink?.close()]);
        fs.rmSync(dataDir, { recursive: true, force: true });
        throw error;
    }
}

async function stopLogExportSide(side: LogExportSide | undefined): Promise<void> {
    if (side) {
        try {
            await side.backend.stop();
        } finally {
            await side.sink?.close();
            fs.rmSync(side.dataDir, { recursive: true, force: true });
        }
    }
}

/** The export's counters and the stored count of a backend, from its metrics. */
async function exportCounts(side: LogExportSide): Promise<{ stored: number; settled: number; exported: number; queueFull: number; failed: number }> {
    const text = await (await fetch(`${side.backend.url}/session-health/metrics`)).text();
    const exported = sampleValue(text, 'session_health_log_records_exported_total');
    const queueFull = sampleValue(text, 'session_health_log_records_dropped_total{reason="queue_full"}');
    const failed = sampleValue(text, 'session_health_log_records_dropped_total{reason="export_failed"}');
    return { stored: sampleValue(text, 'session_health_reports_received_total{channel="http"}'), settled: exported + queueFull + failed, exported, queueFull, failed };
}

/** After a segment, both sides wait at least this long (longer than OTEL_BLRP_SCHEDULE_DELAY, 1 s), their CPU counted. */
const LOG_EXPORT_QUIET_MS = 1500;

/**
 * Waits until the export has settled every stored record (sent or dropped), and at least LOG_EXPORT_QUIET_MS: the
 * last records go out up to OTEL_BLRP_SCHEDULE_DELAY (1 s) later, their export belongs to the segment's cost, and it
 * must not run into the other side's segment. Both sides wait and poll the same way, so what a backend does after
 * the load (its store's writes, garbage collection, the metrics requests) counts the same for both.
 */
async function settleExport(side: LogExportSide): Promise<void> {
    const started = Date.now();
    let counts = await exportCounts(side);
    while ((side.exportOn && counts.settled < counts.stored) || Date.now() - started < LOG_EXPORT_QUIET_MS) {
        if (Date.now() - started > 15000) {
            throw new Error(`the log export did not settle within 15 s: ${counts.settled} of ${counts.stored} stored records exported or dropped`);
        }
        await new Promise(resolve => setTimeout(resolve, 50));
        counts = await exportCounts(side);
    }
}

/** Load on one side for `durationMs` over fresh connections (the idle side's would hit the server's keep-alive timeout). */
async function logExportLoad(side: LogExportSide, durationMs: number): Promise<ThroughputResult> {
    const connections = Array.from({ length: CONCURRENCY }, () => new RawHttpConnection(side.backend.port));
    try {
        return await measureIngestThroughput(side.backend.port, side.cookie, connections, durationMs);
    } finally {
        connections.forEach(c => c.close());
    }
}

/** One segment of load on one side: throughput, latency, stored records and CPU until the export has settled. */
async function logExportSegment(side: LogExportSide, durationMs: number): Promise<void> {
    const pid = side.backend.process.pid!;
    collectGarbage(); // the load generator starts each segment with a clean heap
    const storedBefore = (await exportCounts(side)).stored;
    const cpuBefore = cpuMs(pid);
    const result = await logExportLoad(side, durationMs);
    await settleExport(side);
    const cpu = cpuMs(pid) - cpuBefore;
    side.segments.push({ result, stored: (await exportCounts(side)).stored - storedBefore, cpuMs: cpu });
}

/**
 * Issue 17: ingest with the OTLP log export off vs on (every stored record exported to a loopback sink). Both
 * backends run side by side and take turns: short segments of load (LOG_EXPORT_SEGMENT_MS, each after its own warm-up
 * of 2,000 requests) alternate between them, the order alternating too (off-on, on-off, ...), and each pair's ratio
 * compares two segments seconds apart. This VM's speed drifts by tens of percent within minutes (the same code
 * measured 3,700-6,300 batches/s "off" in one hour), which swamped the earlier design (one fresh backend per 10 s run,
 * a pair 30 s apart). After each segment both sides wait the same way (settleExport), the export's remaining work
 * included, and that time's CPU counts to the segment.
 */
export async function runLogExportBench(): Promise<BenchRow[]> {
    const pairs = Math.max(1, Math.min(50, Number(process.env.BENCH_LOG_EXPORT_PAIRS) || (QUICK ? 2 : 20)));
    const segmentMs = Math.max(500, Math.min(60000, Math.round(Number(process.env.BENCH_LOG_EXPORT_SEGMENT_MS)) || (QUICK ? 1000 : LOG_EXPORT_SEGMENT_MS)));
    let off: LogExportSide | undefined;
    let on: LogExportSide | undefined;
    try {
        off = await startLogExportSide(false);
        on = await startLogExportSide(true);
        // Warm both (JIT, heap sizes, the worker's pipeline); not counted.
        for (const side of [off, on]) {
            await logExportLoad(side, segmentMs);
            await settleExport(side);
            side.threadsBefore = threadCpuMs(side.backend.process.pid!);
        }
        for (let i = 0; i < pairs; i++) {
            for (const side of i % 2 === 0 ? [off, on] : [on, off]) {
                await logExportSegment(side, segmentMs);
            }
        }
        const rate = (r: ThroughputResult) => (r.done - r.errors) / r.elapsed;
        const median = (xs: number[]) => percentile(xs.slice().sort((a, b) => a - b), 50)!;
        const pooled = (side: LogExportSide) => side.segments.flatMap(s => s.result.sorted).sort((a, b) => a - b);
        const offLatency = pooled(off);
        const onLatency = pooled(on);
        const ratios = off.segments.map((segment, i) => rate(on!.segments[i].result) / rate(segment.result));
        const cpuPerRecord = (side: LogExportSide) => 1000 * side.segments.reduce((sum, s) => sum + s.cpuMs, 0) / side.segments.reduce((sum, s) => sum + s.stored, 0);
        const counts = await exportCounts(on);
        const threads = (side: LogExportSide) => threadCpuText(side.threadsBefore!, threadCpuMs(side.backend.process.pid!));
        const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
        const sortedRatios = ratios.slice().sort((a, b) => a - b);
        // Pairs alternate: even ones ran off then on, odd ones on then off (an order effect shows as a difference).
        const orderMedian = (first: number) => {
            const some = ratios.filter((_, i) => i % 2 === first);
            return some.length ? pct(median(some)) : '-';
        };
        const byOrder = `off first ${orderMedian(0)}, on first ${orderMedian(1)}`;
        const design = `${pairs} pairs of ${segmentMs / 1000} s segments, two backends taking turns`;
        if (process.env.BENCH_VERBOSE) {
            off.segments.forEach((segment, i) => console.log(`log export pair ${i + 1}: off ${rate(segment.result).toFixed(0)}, on ${rate(on!.segments[i].result).toFixed(0)} batches/s (${pct(ratios[i])})`));
        }
        const rows: BenchRow[] = [
            {
                name: `reports ingest, OTLP log export off vs on: batches stored/s (${design})`, p50: median(off.segments.map(s => rate(s.result))),
                p95: median(on.segments.map(s => rate(s.result))), unit: 'batches/s (off | on, medians)', goal: 'on >= 90 % of off',
                note: `on/off median ${pct(median(ratios))} (pairs ${sortedRatios.map(pct).join(', ')}; medians by order: ${byOrder}); export: ${on.sink!.logRequests()} OTLP log requests, `
                    + `${counts.stored} stored, ${counts.exported} exported, dropped ${counts.queueFull} (buffer full) + ${counts.failed} (failed); `
                    + `CPU by thread, off: ${threads(off)}; on: ${threads(on)}`
            },
            {
                name: `reports ingest, OTLP log export off vs on: p99 latency (${design})`, p50: percentile(offLatency, 99)!,
                p95: percentile(onLatency, 99)!, unit: 'ms (off | on)', goal: 'on <= 110 % of off',
                note: `all segments' requests pooled per side; p50 ${percentile(offLatency, 50)!.toFixed(1)} | ${percentile(onLatency, 50)!.toFixed(1)} ms`
            },
            {
                name: `reports ingest, OTLP log export off vs on: backend CPU per stored record (${design})`, p50: cpuPerRecord(off),
                p95: cpuPerRecord(on), unit: 'µs (off | on)', goal: 'on <= 111 % of off',
                note: `${pct(cpuPerRecord(on) / cpuPerRecord(off))}; user + system CPU of the backend process (all threads: with export on, the worker and `
                    + `the GC work of its heap) per stored record, each segment counted until its export had settled and at least ${LOG_EXPORT_QUIET_MS / 1000} s after its load (both sides)`
            }
        ];
        return rows;
    } finally {
        const stopped = await Promise.allSettled([stopLogExportSide(off), stopLogExportSide(on)]);
        for (const result of stopped) {
            if (result.status === 'rejected') {
                console.error(`log export bench: stopping a backend failed: ${result.reason}`);
            }
        }
    }
}

export async function runReportsIngestBench(): Promise<BenchRow[]> {
    const dataDir = path.join(TEST_TMP, `bench-reports-${process.pid}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    const backend = await startBackend({ env: { [DATA_DIR_ENV]: dataDir, [RATE_ENV]: '0' } });
    const connections: RawHttpConnection[] = [];
    const connect = (count: number) => Array.from({ length: count }, () => {
        const connection = new RawHttpConnection(backend.port);
        connections.push(connection);
        return connection;
    });
    try {
        const cookie = await fetchConnectionCookie(backend.url);
        const unlimited = await measureIngestThroughput(backend.port, cookie, connect(CONCURRENCY));
        let errors = 0;

        // 2) One million records in large batches, then the backend's RSS.
        const bigBatch = batchTemplate(BIG_BATCH, { fields: { reason: 'ping timeout', sessionMs: 1000 } });
        let batches = 0;
        const millionStarted = performance.now();
        await Promise.all(connect(8).map(async c => {
            while (batches * BIG_BATCH < MILLION) {
                const status = await c.request(requestBytes(backend.port, cookie, bigBatch(batches++)));
                if (status !== 200) {
                    errors++;
                }
            }
        }));
        const millionSeconds = (performance.now() - millionStarted) / 1000;
        const rssMiB = rss(backend.process.pid!) / 1024 / 1024;
        // And once the garbage of the burst has had time to go (RSS rarely shrinks much: V8 keeps its heap).
        await new Promise(resolve => setTimeout(resolve, 5000));
        const rssIdleMiB = rss(backend.process.pid!) / 1024 / 1024;
        const diskMiB = fs.readdirSync(dataDir).reduce((sum, f) => sum + fs.statSync(path.join(dataDir, f)).size, 0) / 1024 / 1024;
        connections.forEach(c => c.close());
        await backend.stop();
        const limited = await measureWithDefaultLimiter();
        return [
            ...throughputRows('limiter off (SESSION_HEALTH_REPORTS_RATE=0)', unlimited),
            ...throughputRows(`default limiter (${DEFAULT_RATE_PER_SECOND}/s per client cookie, burst ${DEFAULT_RATE_PER_SECOND * 5})`, limited),
            {
                name: `reports ingest: backend RSS after ${MILLION.toLocaleString('en')} records (limiter off)`, p50: rssMiB, p95: '-', unit: 'MiB',
                note: `in ${millionSeconds.toFixed(0)} s (${BIG_BATCH}/batch, ${errors} non-200), ${rssIdleMiB.toFixed(0)} MiB 5 s later; store on disk ${diskMiB.toFixed(1)} MiB (cap 64 MiB)`
            }
        ];
    } finally {
        connections.forEach(c => c.close());
        await backend.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    runStandalone(async () => {
        const ingest = await runReportsIngestBench();
        collectGarbage();
        return [...ingest, ...await runLogExportBench()];
    });
}
