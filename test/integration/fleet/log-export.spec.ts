// Issue 17 in the real backend: with OTEL_EXPORTER_OTLP_ENDPOINT set, every stored record reaches a loopback OTLP
// receiver exactly once as a log record with its attributes, across one exporter retry (the receiver answers 503
// once); with an unreachable collector the records are dropped and counted, and ingest latency stays the same.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { fetchConnectionCookie } from '../../helpers/theia-client';
import { TEST_TMP } from '../../helpers/paths';
import { freePort } from '../../helpers/probe-proxies';
import { postReports, sampleValue, validRecord } from '../../helpers/reports-fixtures';
import { METRICS_ROUTE, ReportRecord } from '../../../src/common/reports/reports-protocol';
import { LOG_ATTRIBUTES } from '../../../src/node/reports/log-export/report-log-record';
import { OtlpLogReceiver, startLogReceiver } from './otlp-log-receiver';

async function waitFor<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 30000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await fn();
        if (value !== undefined) {
            return value;
        }
        if (Date.now() > deadline) {
            throw new Error(`${what} did not happen within ${timeoutMs} ms`);
        }
        await new Promise(resolve => setTimeout(resolve, 100));
    }
}

const BASE_ENV = {
    OTEL_BLRP_SCHEDULE_DELAY: '100', OTEL_METRIC_EXPORT_INTERVAL: '3600000', OTEL_EXPORTER_OTLP_TIMEOUT: '3000',
    POD_NAME: 'ide-7', POD_NAMESPACE: 'team-fleet'
};

/** Sequential POSTs of `count` 5-record batches; the latency of each in ms. */
async function ingestLatencies(backend: RunningBackend, cookie: string, count: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
        const records = Array.from({ length: 5 }, (_, j) => validRecord({ type: 'disconnect' }, j + 1));
        const started = performance.now();
        const r = await postReports(backend.url, JSON.stringify({ records }), { 'content-type': 'application/json', cookie });
        out.push(performance.now() - started);
        expect(r.status, r.body).to.equal(200);
    }
    return out.sort((a, b) => a - b);
}

describe('integration: stored records exported as OTLP log records', function (): void {
    this.timeout(120000);
    const dir = path.join(TEST_TMP, `fleet-logs-${process.pid}`);
    let receiver: OtlpLogReceiver | undefined;
    let backend: RunningBackend | undefined;
    let healthyLatencies: number[] = [];

    before(() => fs.rmSync(dir, { recursive: true, force: true }));
    afterEach(async () => {
        await backend?.stop();
        backend = undefined;
        await receiver?.close();
        receiver = undefined;
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('delivers each stored record exactly once with its attributes, across a 503 and the exporter\'s retry', async () => {
        receiver = await startLogReceiver({ refuseFirst: 1 });
        backend = await startBackend({ env: { ...BASE_ENV, SESSION_HEALTH_DATA_DIR: path.join(dir, 'a'), OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
        // In a worker thread: the worker's code travels inside the bundled backend (browser-app/lib/backend/main.js).
        expect(backend.output()).to.contain(`exporting stored report records as OTLP log records (HTTP, JSON) to ${receiver.url}, in a worker thread`);
        expect(backend.output()).to.not.contain('log export worker thread');
        const cookie = await fetchConnectionCookie(backend.url);
        const records: ReportRecord[] = [
            validRecord({ type: 'connect', fields: { transport: 'polling' } }, 1),
            validRecord({ type: 'disconnect', fields: { reason: 'transport close', sessionMs: 30400 } }, 2),
            validRecord({ type: 'handshake-error', fields: { code: 4, status: 403, message: 'Forbidden' } }, 3),
            validRecord({ type: 'reconnect', fields: { attempts: 1, offlineMs: 1200, instanceChanged: true } }, 4)
        ];
        let r = await postReports(backend.url, JSON.stringify({ records }), { 'content-type': 'application/json', cookie });
        expect(r.status, r.body).to.equal(200);
        // The same records again (duplicates: not stored, not exported) and one new one.
        const extra = validRecord({ type: 'upgrade', fields: { transport: 'websocket' } }, 5);
        r = await postReports(backend.url, JSON.stringify({ records: [...records, extra] }), { 'content-type': 'application/json', cookie });
        expect(JSON.parse(r.body)).to.deep.equal({ accepted: 1, duplicates: 4 });

        await waitFor('5 log records', () => receiver!.logs.length >= 5 ? true : undefined);
        await new Promise(resolve => setTimeout(resolve, 1500)); // anything sent twice would arrive meanwhile
        expect(receiver.requests.filter(q => q.startsWith('POST /v1/logs'))[0], 'the first export was refused').to.match(/ 503$/);
        expect(receiver.requests.filter(q => /^POST \/v1\/logs application\/json 200/.test(q)).length, 'and retried').to.be.greaterThan(0);
        const ids = receiver.logs.map(l => l.body.id);
        expect([...ids].sort(), 'each stored record exactly once').to.deep.equal([...records, extra].map(x => x.id).sort());

        const byId = new Map(receiver.logs.map(l => [l.body.id, l]));
        const disconnect = byId.get(records[1].id)!;
        expect(disconnect.bodyKind, 'the body: the record\'s JSON text').to.equal('stringValue');
        expect(disconnect.body).to.deep.include({ type: 'disconnect', tabId: 'tab-test', seq: 2 });
        expect(disconnect.body.fields).to.deep.equal({ reason: 'transport close', sessionMs: 30400 });
        expect(disconnect.attributes).to.deep.include({
            [LOG_ATTRIBUTES.type]: 'disconnect', [LOG_ATTRIBUTES.reason]: 'transport close', [LOG_ATTRIBUTES.instanceId]: 'instance-1',
            [LOG_ATTRIBUTES.sidHash]: 'a'.repeat(64), [LOG_ATTRIBUTES.id]: records[1].id
        });
        expect(disconnect.severityText).to.equal('WARN');
        expect(byId.get(records[2].id)!.attributes[LOG_ATTRIBUTES.engineIoCode]).to.equal(4);
        expect(byId.get(records[0].id)!.attributes[LOG_ATTRIBUTES.transport]).to.equal('polling');
        expect(disconnect.resource).to.deep.include({ 'k8s.pod.name': 'ide-7', 'k8s.namespace.name': 'team-fleet', 'service.name': 'theia-session-health' });
        const instance = await (await fetch(`${backend.url}/session-health/instance`)).json() as { id: string };
        expect(disconnect.resource['service.instance.id'], 'the exporting backend').to.equal(instance.id);

        const metrics = await (await fetch(backend.url + METRICS_ROUTE)).text();
        expect(sampleValue(metrics, 'session_health_log_records_exported_total')).to.equal(5);
        expect(sampleValue(metrics, 'session_health_log_records_dropped_total{reason="export_failed"}')).to.equal(0);
        healthyLatencies = await ingestLatencies(backend, cookie, 60);
    });

    it('drops and counts the records when the collector is unreachable; ingest latency stays the same', async () => {
        const dead = `http://user:secret-password@127.0.0.1:${await freePort()}/base?token=x`;
        backend = await startBackend({ env: { ...BASE_ENV, SESSION_HEALTH_DATA_DIR: path.join(dir, 'b'), OTEL_EXPORTER_OTLP_ENDPOINT: dead } });
        const cookie = await fetchConnectionCookie(backend.url);
        const latencies = await ingestLatencies(backend, cookie, 60);
        const dropped = await waitFor('export_failed drops', async () => {
            const text = await (await fetch(backend!.url + METRICS_ROUTE)).text();
            const n = sampleValue(text, 'session_health_log_records_dropped_total{reason="export_failed"}');
            return n > 0 ? n : undefined;
        }, 30000);
        expect(dropped).to.be.within(1, 300);
        expect(backend.output()).to.match(/OTLP log export failed after retries/);
        expect(backend.output(), 'credentials never logged').to.not.match(/secret-password|token=x|user:/);
        const p50 = latencies[Math.floor(latencies.length / 2)];
        const healthyP50 = healthyLatencies[Math.floor(healthyLatencies.length / 2)];
        console.log(`      ingest p50 with an unreachable collector ${p50.toFixed(1)} ms, with a working one ${healthyP50.toFixed(1)} ms`);
        // Generous (a shared 2-core machine): the failing export must not add a retry's wait to any request.
        expect(p50, 'p50 ms').to.be.lessThan(Math.max(3 * healthyP50, healthyP50 + 20));
        expect(latencies[latencies.length - 1], 'max ms: no request waits for a retry (1 s+)').to.be.lessThan(800);
    });
});
