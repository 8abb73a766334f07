// Issue 17: the log export as the backend runs it, in a worker thread (src/node/reports/report-log-worker.ts): the
// stored lines reach a loopback OTLP receiver once each, across the exporter's retry, and are counted on the main
// thread; the buffer stays bounded; a worker that fails hands over to the export on the event loop, says so once
// and counts what it held. Under ts-node the worker runs the TypeScript entry (the bundled string is lib/'s).
import { expect } from 'chai';
import * as fs from 'fs';
import { ReportRecord } from '../../../../src/common/reports/reports-protocol';
import { LOG_ATTRIBUTES } from '../../../../src/node/reports/log-export/report-log-record';
import { POST_EVERY_MS, WorkerReportLogExport } from '../../../../src/node/reports/log-export/report-log-worker';
import { ReportMetrics } from '../../../../src/node/reports/report-metrics';
import { storedLine } from '../../../../src/node/reports/report-store-format';
import { startLogReceiver } from '../../../integration/fleet/otlp-log-receiver';

function record(n: number, type: ReportRecord['type'] = 'disconnect', fields: ReportRecord['fields'] = { reason: 'transport close', sessionMs: 1000 }): ReportRecord {
    return { id: `rec-${String(n).padStart(8, '0')}`, seq: n, tabId: 'tab-1', instanceId: 'inst-1', sidHash: 'a'.repeat(64), type, at: 1700000000000 + n, fields };
}

async function counter(metrics: ReportMetrics, series: string): Promise<number> {
    const line = (await metrics.exposition()).split('\n').find(l => l.startsWith(series + ' '));
    return Number(line?.split(' ')[1]);
}

/** The nice value of each thread of this process (/proc/self/task/<tid>/stat, field 19), by thread id. */
function threadNices(): Map<number, number> {
    const nices = new Map<number, number>();
    for (const tid of fs.readdirSync('/proc/self/task')) {
        try {
            const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
            // Fields after the command (in parentheses, which may hold spaces): state is field 3, nice field 19.
            const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
            nices.set(Number(tid), Number(fields[19 - 3]));
        } catch {
            // the thread ended meanwhile
        }
    }
    return nices;
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!await condition()) {
        if (Date.now() > deadline) {
            throw new Error(`${what}: not within ${timeoutMs} ms`);
        }
        await new Promise(resolve => setTimeout(resolve, 20));
    }
}

/** Runs `fn` with the logs endpoint in process.env (where the in-thread exporter reads it) pointing at `url`. */
async function withLogsEndpoint<T>(url: string, fn: () => Promise<T>): Promise<T> {
    const saved = process.env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT;
    process.env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT = url;
    try {
        return await fn();
    } finally {
        if (saved === undefined) {
            delete process.env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT;
        } else {
            process.env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT = saved;
        }
    }
}

/** Runs `fn` with console.warn captured. */
async function capturingWarnings<T>(fn: (warnings: string[]) => Promise<T>): Promise<T> {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => { warnings.push(args.map(String).join(' ')); };
    try {
        return await fn(warnings);
    } finally {
        console.warn = original;
    }
}

describe('reports: OTLP log export in a worker thread', function (): void {
    this.timeout(30000);

    it('sends each stored line once from the worker, across a 503 and the retry, and counts them on the main thread', async () => {
        const receiver = await startLogReceiver({ refuseFirst: 1 });
        const metrics = new ReportMetrics();
        const env = { ...process.env, OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${receiver.url}/v1/logs`, OTEL_BLRP_SCHEDULE_DELAY: '10', POD_NAME: 'ide-3' };
        const logs = new WorkerReportLogExport(metrics, { env, instanceId: 'b-1' });
        try {
            expect(logs.where).to.equal('in a worker thread asked to run 10 nice steps lower (SESSION_HEALTH_LOG_EXPORT_NICE; at most nice 19)');
            const records = [record(1), record(2, 'connect', { transport: 'polling' }), record(3, 'handshake-error', { code: 4, status: 403 })];
            const started = process.hrtime.bigint();
            logs.emit(records, records.map(r => storedLine(r, 1700000009999)));
            expect(Number(process.hrtime.bigint() - started) / 1e6, 'ms for emit').to.be.lessThan(50);
            await logs.forceFlush();
            expect(receiver.requests.filter(r => r.startsWith('POST /v1/logs'))).to.deep.equal(['POST /v1/logs application/json 503', 'POST /v1/logs application/json 200']);
            expect(receiver.logs.map(l => l.body.id), 'each once, in order').to.deep.equal(records.map(r => r.id));
            expect(receiver.logs[0].body.receivedAt, 'the body is the stored line').to.equal(1700000009999);
            expect(receiver.logs[1].attributes[LOG_ATTRIBUTES.transport]).to.equal('polling');
            expect(receiver.logs[2].attributes[LOG_ATTRIBUTES.engineIoCode]).to.equal(4);
            expect(receiver.logs[0].resource).to.deep.include({ 'service.instance.id': 'b-1', 'k8s.pod.name': 'ide-3' });
            expect(await counter(metrics, 'session_health_log_records_exported_total')).to.equal(3);
        } finally {
            await logs.shutdown();
            await receiver.close();
        }
    });

    it('posts the lines of many turns in one message (every 10 ms at most), and 256 or more at once', async () => {
        const receiver = await startLogReceiver();
        const env = { ...process.env, OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${receiver.url}/v1/logs`, OTEL_BLRP_SCHEDULE_DELAY: '10' };
        const logs = new WorkerReportLogExport(new ReportMetrics(), { env });
        try {
            // 20 stored batches, each in its own event-loop turn, within a few ms: one or two messages, not 20.
            const started = Date.now();
            for (let i = 1; i <= 20; i++) {
                logs.emit([record(i)]);
                await new Promise(resolve => setImmediate(resolve));
            }
            const elapsed = Date.now() - started; // well under 10 ms unless the machine is very busy
            await waitFor('the lines posted', () => logs.postedMessages > 0);
            expect(logs.postedMessages, `messages for 20 turns in ${elapsed} ms`).to.be.at.most(Math.min(19, Math.ceil(elapsed / POST_EVERY_MS) + 1));
            // 300 lines in one turn go on the next turn, before the 10 ms are up.
            const before = logs.postedMessages;
            logs.emit(Array.from({ length: 300 }, (_, i) => record(100 + i)));
            await new Promise(resolve => setImmediate(resolve));
            expect(logs.postedMessages, 'posted on the next turn').to.equal(before + 1);
            await logs.forceFlush();
            expect(receiver.logs).to.have.length(320);
        } finally {
            await logs.shutdown();
            await receiver.close();
        }
    });

    it('bounds what waits for the worker: the rest is dropped and counted as queue_full at once', async () => {
        const metrics = new ReportMetrics();
        const env = { ...process.env, OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://127.0.0.1:1/v1/logs', OTEL_BLRP_MAX_QUEUE_SIZE: '10', OTEL_EXPORTER_OTLP_TIMEOUT: '200', OTEL_BLRP_EXPORT_TIMEOUT: '200' };
        const logs = new WorkerReportLogExport(metrics, { env });
        try {
            logs.emit(Array.from({ length: 30 }, (_, i) => record(i + 1)));
            expect(await counter(metrics, 'session_health_log_records_dropped_total{reason="queue_full"}')).to.equal(20);
        } finally {
            await logs.shutdown();
        }
    });

    it('runs the worker thread, and only it, 10 nice steps below the backend; SESSION_HEALTH_LOG_EXPORT_NICE sets the step or turns it off', async () => {
        const receiver = await startLogReceiver();
        const base = threadNices().get(process.pid)!;
        const lowered = (step: number) => [...threadNices()].filter(([tid, nice]) => tid !== process.pid && nice === Math.min(19, base + step)).map(([tid]) => tid);
        try {
            for (const [value, step] of [[undefined, 10], ['3', 3], ['0', 0], ['twenty', 10]] as const) {
                await capturingWarnings(async warnings => {
                    const before = lowered(step);
                    const env = { ...process.env, OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${receiver.url}/v1/logs`, OTEL_BLRP_SCHEDULE_DELAY: '10', SESSION_HEALTH_LOG_EXPORT_NICE: value };
                    const logs = new WorkerReportLogExport(new ReportMetrics(), { env });
                    try {
                        logs.emit([record(1)]);
                        await logs.forceFlush(); // the worker is up and has exported
                        if (step) {
                            expect(logs.where).to.equal(`in a worker thread asked to run ${step} nice steps lower (SESSION_HEALTH_LOG_EXPORT_NICE; at most nice 19)`);
                            expect(lowered(step).filter(tid => !before.includes(tid)), `one more thread at nice ${base}+${step}`).to.have.length(1);
                        } else {
                            expect(logs.where).to.equal('in a worker thread');
                        }
                        expect(threadNices().get(process.pid), 'the main thread keeps its priority').to.equal(base);
                    } finally {
                        await logs.shutdown();
                    }
                    expect(warnings.filter(w => w.includes('SESSION_HEALTH_LOG_EXPORT_NICE')), `warnings for ${value}`).to.have.length(value === 'twenty' ? 1 : 0);
                });
            }
            expect(receiver.logs).to.have.length(4);
        } finally {
            await receiver.close();
        }
    });

    it('falls back to the event loop when the worker dies: says so once, counts what it held, exports the rest', async () => {
        const receiver = await startLogReceiver();
        const url = `${receiver.url}/v1/logs`;
        const metrics = new ReportMetrics();
        // A worker that dies on the first records it gets.
        const dying = 'require(\'worker_threads\').parentPort.once(\'message\', () => { throw new Error(\'worker broke\'); });';
        try {
            await withLogsEndpoint(url, () => capturingWarnings(async warnings => {
                const logs = new WorkerReportLogExport(metrics, { env: { ...process.env, OTEL_BLRP_SCHEDULE_DELAY: '10' } }, dying);
                try {
                    logs.emit([record(1), record(2), record(3)]);
                    await waitFor('the fallback', () => logs.where.startsWith('on the event loop'));
                    logs.emit([record(4), record(5)]);
                    await logs.forceFlush();
                } finally {
                    await logs.shutdown();
                }
                const said = warnings.filter(w => w.includes('log export worker thread'));
                expect(said, 'said once').to.have.length(1);
                expect(said[0]).to.contain('worker broke').and.to.contain('exporting on the backend\'s event loop instead');
            }));
            expect(receiver.logs.map(l => l.body.id)).to.deep.equal([record(4).id, record(5).id]);
            expect(await counter(metrics, 'session_health_log_records_dropped_total{reason="export_failed"}'), 'the records the worker held').to.equal(3);
            expect(await counter(metrics, 'session_health_log_records_exported_total')).to.equal(2);
        } finally {
            await receiver.close();
        }
    });

    for (const finish of ['forceFlush', 'shutdown'] as const) {
        it(`hands the lines still waiting on the main thread when the worker fails to the fallback, before its ${finish}`, async () => {
            const receiver = await startLogReceiver();
            const metrics = new ReportMetrics();
            /** The worker failing between a record's storing and the next post (at most 10 ms later). */
            class FailingNow extends WorkerReportLogExport {
                failNow(): void {
                    this.fallBack('failed (by the test)');
                }
            }
            try {
                await withLogsEndpoint(`${receiver.url}/v1/logs`, () => capturingWarnings(async () => {
                    const logs = new FailingNow(metrics, { env: { ...process.env, OTEL_BLRP_SCHEDULE_DELAY: '10' } });
                    try {
                        logs.emit([record(1), record(2)]);
                        logs.failNow();
                        await logs[finish]();
                        expect(receiver.logs.map(l => l.body.id), `exported by the ${finish}`).to.deep.equal([record(1).id, record(2).id]);
                    } finally {
                        await logs.shutdown();
                    }
                }));
                expect(await counter(metrics, 'session_health_log_records_dropped_total{reason="export_failed"}')).to.equal(0);
            } finally {
                await receiver.close();
            }
        });
    }

    it('runs on the event loop when SESSION_HEALTH_LOG_EXPORT_THREAD=event-loop, without a warning', async () => {
        const receiver = await startLogReceiver();
        try {
            await withLogsEndpoint(`${receiver.url}/v1/logs`, () => capturingWarnings(async warnings => {
                const env = { ...process.env, SESSION_HEALTH_LOG_EXPORT_THREAD: 'event-loop', OTEL_BLRP_SCHEDULE_DELAY: '10' };
                const logs = new WorkerReportLogExport(new ReportMetrics(), { env });
                try {
                    expect(logs.where).to.equal('on the event loop (SESSION_HEALTH_LOG_EXPORT_THREAD=event-loop)');
                    logs.emit([record(1), record(2)]);
                    await logs.forceFlush();
                } finally {
                    await logs.shutdown();
                }
                expect(warnings).to.deep.equal([]);
            }));
            expect(receiver.logs.map(l => l.body.id)).to.deep.equal([record(1).id, record(2).id]);
        } finally {
            await receiver.close();
        }
    });

    it('runs on the event loop at once when there is no worker code, and says so', async () => {
        const receiver = await startLogReceiver();
        try {
            await withLogsEndpoint(`${receiver.url}/v1/logs`, () => capturingWarnings(async warnings => {
                const logs = new WorkerReportLogExport(new ReportMetrics(), { env: { ...process.env, OTEL_BLRP_SCHEDULE_DELAY: '10' } }, '');
                try {
                    expect(logs.where).to.match(/^on the event loop/);
                    expect(warnings.join('\n')).to.contain('report-log-worker-source.js is missing');
                    logs.emit([record(1)]);
                    await logs.forceFlush();
                } finally {
                    await logs.shutdown();
                }
            }));
            expect(receiver.logs.map(l => l.body.id)).to.deep.equal([record(1).id]);
        } finally {
            await receiver.close();
        }
    });
});
