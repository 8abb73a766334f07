// Issue 6 / issue 12 section 5: ingest throughput and latency of POST /session-health/reports on the real backend
// (loopback only), measured twice in the same run: with the rate limiter off (SESSION_HEALTH_REPORTS_RATE=0: what
// the ingest path itself can take) and with the default limiter (20 requests/s per connection, burst 100: what a
// default install stores, the rest answered 429); then the backend's RSS after one million records.
// `BENCH_QUICK=1 node -r ts-node/register bench/reports-ingest.ts` runs a short version; BENCH_LOG_EXPORT_PAIRS=n runs n
// interleaved off/on pairs of the log export comparison (default 1) and reports their medians.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { BenchRow, runStandalone } from './bench-types';
import { percentile } from '../src/browser/connection/round-trip-window';
import { startBackend } from '../test/helpers/theia-backend';
import { fetchConnectionCookie } from '../test/helpers/theia-client';
import { TEST_TMP } from '../test/helpers/paths';
import { validRecord } from '../test/helpers/reports-fixtures';
import { ReportRecord, REPORTS_ROUTE } from '../src/common/reports/reports-protocol';
import { DATA_DIR_ENV, RATE_ENV } from '../src/node/reports/reports-env';
import { DEFAULT_RATE_PER_SECOND } from '../src/node/reports/rate-limiter';

const QUICK = process.env.BENCH_QUICK === '1';
const CONCURRENCY = 32;
const DURATION_MS = QUICK ? 2000 : 10000;
const MAX_REQUESTS = 200000;
const BIG_BATCH = 250;
const MILLION = QUICK ? 100000 : 1000000;

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
    const latencies = new Float64Array(MAX_REQUESTS);
    let done = 0;
    let limited = 0;
    errors = 0;
    let sent = 0;
    const started = performance.now();
    await Promise.all(connections.map(async c => {
        while (performance.now() - started < durationMs && sent < MAX_REQUESTS) {
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

/** The value of one series in a Prometheus text exposition (0 when absent). */
function sample(metrics: string, series: string): number {
    return Number(metrics.split('\n').find(l => l.startsWith(series + ' '))?.split(' ')[1] ?? 0);
}

/**
 * Issue 17: the same throughput phase with the OTLP log export off and on (every stored record exported). Besides
 * throughput and latency (wall time: only meaningful on a quiet machine), the backend's CPU time per stored record,
 * counted until the export has sent every stored record (less sensitive to other processes than wall time, not immune).
 */
async function measureLogExport(exportOn: boolean): Promise<{ result: ThroughputResult; cpuUsPerRecord: number; note: string }> {
    const dataDir = path.join(TEST_TMP, `bench-reports-logs-${exportOn}-${process.pid}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    const sink = exportOn ? await startOtlpSink() : undefined;
    const backend = await startBackend({
        env: { [DATA_DIR_ENV]: dataDir, [RATE_ENV]: '0', OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: sink ? `${sink.url}/v1/logs` : undefined }
    });
    const connections = Array.from({ length: CONCURRENCY }, () => new RawHttpConnection(backend.port));
    try {
        const cookie = await fetchConnectionCookie(backend.url);
        const cpuBefore = cpuMs(backend.process.pid!);
        const threadsBefore = threadCpuMs(backend.process.pid!);
        const result = await measureIngestThroughput(backend.port, cookie, connections);
        const metricsUrl = `${backend.url}/session-health/metrics`;
        let metrics = await (await fetch(metricsUrl)).text();
        const stored = sample(metrics, 'session_health_reports_received_total{channel="http"}');
        const settled = () => sample(metrics, 'session_health_log_records_exported_total') + sample(metrics, 'session_health_log_records_dropped_total{reason="queue_full"}')
            + sample(metrics, 'session_health_log_records_dropped_total{reason="export_failed"}');
        // The last records go out up to OTEL_BLRP_SCHEDULE_DELAY (1 s) later: their export belongs to the cost.
        const deadline = Date.now() + 15000;
        while (sink && settled() < stored && Date.now() < deadline) {
            await new Promise(resolve => setTimeout(resolve, 100));
            metrics = await (await fetch(metricsUrl)).text();
        }
        const cpuUsPerRecord = 1000 * (cpuMs(backend.process.pid!) - cpuBefore) / stored;
        const threads = threadCpuText(threadsBefore, threadCpuMs(backend.process.pid!));
        const note = sink ? `${sink.logRequests()} OTLP log requests; ${stored} stored, exported ${sample(metrics, 'session_health_log_records_exported_total')}, dropped `
            + `${sample(metrics, 'session_health_log_records_dropped_total{reason="queue_full"}')} (buffer full) + `
            + `${sample(metrics, 'session_health_log_records_dropped_total{reason="export_failed"}')} (failed); CPU by thread: ${threads}` : `export off; CPU by thread: ${threads}`;
        if (process.env.BENCH_VERBOSE) {
            console.log(`log export ${exportOn ? 'on' : 'off'}: ${(stored / 5 / result.elapsed).toFixed(0)} batches/s, ${cpuUsPerRecord.toFixed(1)} µs/record; ${note}`);
        }
        return { result, cpuUsPerRecord, note };
    } finally {
        connections.forEach(c => c.close());
        await backend.stop();
        await sink?.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
    }
}

/** Log export off vs on, and the reload-to-alert time of the last fleet end-to-end run (when there was one). */
export async function runLogExportBench(): Promise<BenchRow[]> {
    // BENCH_LOG_EXPORT_PAIRS=n: n off/on pairs, the order alternating (off-on, on-off, ...); medians of the pairs.
    const pairs = Math.max(1, Math.min(50, Number(process.env.BENCH_LOG_EXPORT_PAIRS) || 1));
    const runs: { off: Awaited<ReturnType<typeof measureLogExport>>; on: Awaited<ReturnType<typeof measureLogExport>> }[] = [];
    for (let i = 0; i < pairs; i++) {
        const first = await measureLogExport(i % 2 === 1);
        const second = await measureLogExport(i % 2 === 0);
        runs.push(i % 2 === 1 ? { on: first, off: second } : { off: first, on: second });
    }
    const rate = (r: ThroughputResult) => (r.done - r.errors) / r.elapsed;
    const p99 = (r: ThroughputResult) => percentile(r.sorted, 99)!;
    const median = (xs: number[]) => percentile(xs.slice().sort((a, b) => a - b), 50)!;
    const percents = (f: (run: typeof runs[number]) => number) => runs.map(f).map(x => `${(100 * x).toFixed(0)} %`).join(', ');
    const pairsNote = pairs > 1 ? ` (medians of ${pairs} interleaved pairs)` : '';
    const rows: BenchRow[] = [
        {
            name: `reports ingest, OTLP log export off vs on: batches stored/s${pairsNote}`, p50: median(runs.map(r => rate(r.off.result))),
            p95: median(runs.map(r => rate(r.on.result))), unit: 'batches/s (off | on)', goal: 'on >= 90 % of off',
            note: `on/off per pair ${percents(r => rate(r.on.result) / rate(r.off.result))}; last: ${runs[runs.length - 1].on.note}`
        },
        {
            name: `reports ingest, OTLP log export off vs on: p99 latency${pairsNote}`, p50: median(runs.map(r => p99(r.off.result))),
            p95: median(runs.map(r => p99(r.on.result))), unit: 'ms (off | on)', goal: 'on <= 110 % of off',
            note: `p50 ${median(runs.map(r => percentile(r.off.result.sorted, 50)!)).toFixed(1)} | ${median(runs.map(r => percentile(r.on.result.sorted, 50)!)).toFixed(1)} ms`
        },
        {
            name: `reports ingest, OTLP log export off vs on: backend CPU per stored record${pairsNote}`, p50: median(runs.map(r => r.off.cpuUsPerRecord)),
            p95: median(runs.map(r => r.on.cpuUsPerRecord)), unit: 'µs (off | on)', goal: 'on <= 111 % of off',
            note: `on/off per pair ${percents(r => r.on.cpuUsPerRecord / r.off.cpuUsPerRecord)}; user + system CPU of the backend process (warm-up, `
                + 'throughput phase and, with export on, until every stored record was exported) per stored record'
        }
    ];
    const alertFile = path.join(TEST_TMP, 'fleet-reload-to-alert-ms.txt');
    if (fs.existsSync(alertFile)) {
        rows.push({
            name: 'fleet e2e: nginx -s reload -> SessionHealthMassDisconnect firing', p50: Number(fs.readFileSync(alertFile, 'utf8')) / 1000, p95: '-', unit: 's (one value)',
            goal: '<= 60', note: `from the last run of test/integration/fleet/mass-disconnect.spec.ts (${fs.statSync(alertFile).mtime.toISOString()})`
        });
    }
    return rows;
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
            ...throughputRows(`default limiter (${DEFAULT_RATE_PER_SECOND}/s per connection, burst ${DEFAULT_RATE_PER_SECOND * 5})`, limited),
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
    runStandalone(async () => [...await runReportsIngestBench(), ...await runLogExportBench()]);
}
