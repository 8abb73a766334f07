// Issue 6: ingest throughput and latency of POST /session-health/reports on the real backend (loopback only),
// and the backend's RSS after one million records (bounded by the store caps and the dedupe window).
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { BenchRow } from './bench-types';
import { percentile } from '../src/common/round-trip-window';
import { startBackend } from '../test/helpers/theia-backend';
import { fetchConnectionCookie } from '../test/helpers/theia-client';
import { TEST_TMP } from '../test/helpers/paths';
import { validRecord } from '../test/helpers/reports-fixtures';
import { REPORTS_ROUTE } from '../src/common/reports-protocol';

const CONCURRENCY = 32;
const DURATION_MS = 10000;
const MAX_REQUESTS = 200000;
const BIG_BATCH = 250;
const MILLION = 1000000;

function post(agent: http.Agent, port: number, cookie: string, body: string): Promise<number> {
    return new Promise((resolve, reject) => {
        const req = http.request({
            host: '127.0.0.1', port, path: REPORTS_ROUTE, method: 'POST', agent,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), cookie }
        }, res => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
    });
}

function rss(pid: number): number {
    return Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
}

export async function runReportsIngestBench(): Promise<BenchRow[]> {
    const dataDir = path.join(TEST_TMP, `bench-reports-${process.pid}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    const backend = await startBackend({ env: { SESSION_HEALTH_DATA_DIR: dataDir, SESSION_HEALTH_REPORTS_RATE: '0' } });
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    try {
        const cookie = await fetchConnectionCookie(backend.url);
        // Warm-up.
        for (let i = 0; i < 200; i++) {
            await post(agent, backend.port, cookie, JSON.stringify({ records: [validRecord(), validRecord()] }));
        }
        // 1) Throughput and latency: small batches (5 records, like a browser's), 32 in flight.
        // Bodies are made before the clock starts: the load generator shares the 2 cores with the backend.
        const bodies = Array.from({ length: 60000 }, () => JSON.stringify({
            records: Array.from({ length: 5 }, (_, i) => validRecord({ type: 'summary', fields: { rttCount: 10, rttP50Ms: 12, transport: 'websocket' } }, i + 1))
        }));
        const latencies: number[] = [];
        let errors = 0;
        let sent = 0;
        const started = Date.now();
        const worker = async () => {
            while (Date.now() - started < DURATION_MS && sent < MAX_REQUESTS) {
                const body = bodies[sent++ % bodies.length];
                const t0 = process.hrtime.bigint();
                const status = await post(agent, backend.port, cookie, body);
                latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
                if (status !== 200) {
                    errors++;
                }
            }
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, worker));
        const elapsed = (Date.now() - started) / 1000;
        const sorted = latencies.sort((a, b) => a - b);
        const perSecond = latencies.length / elapsed;
        const p99 = percentile(sorted, 99)!;

        // 2) One million records in large batches, then the backend's RSS.
        let stored = 0;
        const bigWorker = async () => {
            while (stored < MILLION) {
                stored += BIG_BATCH;
                const records = Array.from({ length: BIG_BATCH }, (_, i) => validRecord({ fields: { reason: 'ping timeout', sessionMs: 1000 } }, i + 1));
                const status = await post(agent, backend.port, cookie, JSON.stringify({ records }));
                if (status !== 200) {
                    errors++;
                }
            }
        };
        const millionStarted = Date.now();
        await Promise.all(Array.from({ length: 8 }, bigWorker));
        const millionSeconds = (Date.now() - millionStarted) / 1000;
        const rssMiB = rss(backend.process.pid!) / 1024 / 1024;
        const diskMiB = fs.readdirSync(dataDir).reduce((sum, f) => sum + fs.statSync(path.join(dataDir, f)).size, 0) / 1024 / 1024;
        return [
            {
                name: 'reports ingest: batches/s (5 records, 32 concurrent)', p50: perSecond, p95: perSecond, unit: 'batches/s', goal: '>= 5000',
                note: `${latencies.length} requests in ${elapsed.toFixed(1)} s, ${errors} non-200`
            },
            {
                name: 'reports ingest: request latency', p50: percentile(sorted, 50)!, p95: percentile(sorted, 95)!, unit: 'ms', goal: 'p99 <= 20',
                note: `p99 ${p99.toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`
            },
            {
                name: 'reports ingest: backend RSS after 1,000,000 records', p50: rssMiB, p95: rssMiB, unit: 'MiB',
                note: `in ${millionSeconds.toFixed(0)} s (${BIG_BATCH}/batch); store on disk ${diskMiB.toFixed(0)} MiB (cap 64 MiB)`
            }
        ];
    } finally {
        agent.destroy();
        await backend.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
    }
}
