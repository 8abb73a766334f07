// Issue 6: the optional OTLP metrics export of the real backend, received by a small OTLP/HTTP (JSON) collector on loopback.
import { expect } from 'chai';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import * as zlib from 'zlib';
import { AddressInfo } from 'net';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { fetchConnectionCookie } from '../../helpers/theia-client';
import { TEST_TMP } from '../../helpers/paths';
import { postReports, validRecord } from '../../helpers/reports-fixtures';
import { otlpExportEnabled } from '../../../src/node/reports/report-otlp';

interface OtlpAttribute { key: string; value: { stringValue?: string } }
interface OtlpPoint { attributes?: OtlpAttribute[]; asDouble?: number; asInt?: number | string; count?: number | string; sum?: number; bucketCounts?: (number | string)[] }
interface OtlpMetric { name: string; sum?: { dataPoints: OtlpPoint[]; isMonotonic?: boolean }; gauge?: { dataPoints: OtlpPoint[] }; histogram?: { dataPoints: OtlpPoint[] } }
interface OtlpRequest { resourceMetrics: { scopeMetrics: { metrics: OtlpMetric[] }[] }[] }

/** A minimal OTLP/HTTP collector: keeps every JSON body POSTed to /v1/metrics. */
async function startCollector(): Promise<{ url: string; received: OtlpRequest[]; paths: string[]; close(): Promise<void> }> {
    const received: OtlpRequest[] = [];
    const paths: string[] = [];
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', c => chunks.push(c));
        req.on('end', () => {
            paths.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
            let body = Buffer.concat(chunks);
            if (req.headers['content-encoding'] === 'gzip') {
                body = zlib.gunzipSync(body);
            }
            try {
                received.push(JSON.parse(body.toString('utf8')));
                res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
            } catch {
                res.writeHead(400).end();
            }
        });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        received,
        paths,
        close: () => new Promise<void>(resolve => { server.closeAllConnections(); server.close(() => resolve()); })
    };
}

/** The data points of one metric in the newest export that has it. */
function latestPoints(received: OtlpRequest[], name: string): { kind: string; points: OtlpPoint[]; metric: OtlpMetric } | undefined {
    for (let i = received.length - 1; i >= 0; i--) {
        for (const rm of received[i].resourceMetrics ?? []) {
            for (const sm of rm.scopeMetrics ?? []) {
                const metric = sm.metrics.find(m => m.name === name);
                if (metric) {
                    const kind = metric.sum ? 'sum' : metric.gauge ? 'gauge' : 'histogram';
                    return { kind, points: (metric.sum ?? metric.gauge ?? metric.histogram)!.dataPoints, metric };
                }
            }
        }
    }
    return undefined;
}

function pointValue(point: OtlpPoint): number {
    return Number(point.asDouble ?? point.asInt);
}

function attr(point: OtlpPoint, key: string): string | undefined {
    return point.attributes?.find(a => a.key === key)?.value.stringValue;
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 30000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = probe();
        if (value !== undefined) {
            return value;
        }
        if (Date.now() > deadline) {
            throw new Error(`timed out waiting for ${what}`);
        }
        await new Promise(resolve => setTimeout(resolve, 100));
    }
}

describe('integration: OTLP metrics export of the real Theia backend', function (): void {
    this.timeout(120000);
    const dataDir = path.join(TEST_TMP, `reports-otlp-${process.pid}`);
    let backend: RunningBackend | undefined;
    let collector: Awaited<ReturnType<typeof startCollector>> | undefined;

    afterEach(async () => {
        await backend?.stop();
        backend = undefined;
        await collector?.close();
        collector = undefined;
        fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('is on only when an OTLP endpoint variable is set', () => {
        expect(otlpExportEnabled({})).to.equal(false);
        expect(otlpExportEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).to.equal(false);
        expect(otlpExportEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).to.equal(true);
        expect(otlpExportEnabled({ OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://collector:4318/v1/metrics' })).to.equal(true);
    });

    it('sends the session_health_ series with the values of the stored records to an OTLP/HTTP JSON collector', async () => {
        collector = await startCollector();
        backend = await startBackend({
            env: {
                SESSION_HEALTH_DATA_DIR: dataDir, SESSION_HEALTH_REPORTS_RATE: '0',
                OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json', OTEL_METRIC_EXPORT_INTERVAL: '300'
            }
        });
        const cookie = await fetchConnectionCookie(backend.url);
        const records = [
            ...Array.from({ length: 3 }, (_, i) => validRecord({ type: 'disconnect', fields: { reason: 'ping timeout', sessionMs: 42000 } }, i + 1)),
            validRecord({ type: 'disconnect', fields: { reason: 'transport close', sessionMs: 5000 } }, 4)
        ];
        const response = await postReports(backend.url, JSON.stringify({ records }), { 'content-type': 'application/json', cookie });
        expect(response.status, response.body).to.equal(200);

        const disconnects = await waitFor('session_health_disconnects_total{reason="ping_timeout"} = 3', () => {
            const found = latestPoints(collector!.received, 'session_health_disconnects_total');
            const point = found?.points.find(p => attr(p, 'reason') === 'ping_timeout');
            return point && pointValue(point) === 3 ? found : undefined;
        });
        expect(disconnects.kind).to.equal('sum');
        expect(disconnects.metric.sum!.isMonotonic).to.equal(true);
        expect(pointValue(disconnects.points.find(p => attr(p, 'reason') === 'transport_close')!)).to.equal(1);
        expect(collector.paths[0]).to.match(/^POST \/v1\/metrics application\/json/);

        const received = latestPoints(collector.received, 'session_health_reports_received_total')!;
        expect(pointValue(received.points.find(p => attr(p, 'channel') === 'http')!)).to.equal(4);
        expect(pointValue(received.points.find(p => attr(p, 'channel') === 'rpc')!)).to.equal(0);

        const duration = latestPoints(collector.received, 'session_health_session_duration_seconds')!;
        expect(duration.kind).to.equal('histogram');
        expect(Number(duration.points[0].count)).to.equal(4);
        expect(duration.points[0].sum).to.equal(3 * 42 + 5);

        // Sending the same batch again counts duplicates and adds nothing to the record series.
        await postReports(backend.url, JSON.stringify({ records }), { 'content-type': 'application/json', cookie });
        await waitFor('session_health_reports_duplicated_total = 4', () => {
            const point = latestPoints(collector!.received, 'session_health_reports_duplicated_total')?.points[0];
            return point && pointValue(point) === 4 ? point : undefined;
        });
        const after = latestPoints(collector.received, 'session_health_disconnects_total')!;
        expect(pointValue(after.points.find(p => attr(p, 'reason') === 'ping_timeout')!)).to.equal(3);
        expect(backend.output()).to.match(/exporting metrics over OTLP/);
    });

    it('says on the console when the collector cannot be reached, and keeps serving', async () => {
        collector = await startCollector();
        const deadUrl = collector.url;
        await collector.close();
        collector = undefined;
        backend = await startBackend({ env: { SESSION_HEALTH_DATA_DIR: dataDir, OTEL_EXPORTER_OTLP_ENDPOINT: deadUrl, OTEL_METRIC_EXPORT_INTERVAL: '200' } });
        await waitFor('the export failure warning', () => /OTLP metrics export failed/.test(backend!.output()) || undefined);
        const cookie = await fetchConnectionCookie(backend.url);
        const response = await postReports(backend.url, JSON.stringify({ records: [validRecord()] }), { 'content-type': 'application/json', cookie });
        expect(response.status).to.equal(200);
        expect(backend.output().match(/OTLP metrics export failed/g), 'warned once, not at every interval').to.have.length(1);
    });

    it('starts no export when no endpoint is set', async () => {
        backend = await startBackend({ env: { SESSION_HEALTH_DATA_DIR: dataDir, OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: '' } });
        const cookie = await fetchConnectionCookie(backend.url);
        const response = await postReports(backend.url, JSON.stringify({ records: [validRecord()] }), { 'content-type': 'application/json', cookie });
        expect(response.status).to.equal(200);
        expect(backend.output()).not.to.match(/OTLP/);
    });
});
