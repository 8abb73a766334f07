// Issue 17: stored records become OTLP log records once each, with their attributes; a full buffer and a failed
// export are counted, never thrown at ingest.
import { expect } from 'chai';
import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { ReportMetrics } from '../../../../src/node/reports/report-metrics';
import { ReportLogExport } from '../../../../src/node/reports/log-export/report-log-export';
import { LOG_ATTRIBUTES, logAttributes, logExportEnabled, logResourceAttributes, reportLogSerializer } from '../../../../src/node/reports/log-export/report-log-record';
import { ReportRecord } from '../../../../src/common/reports/reports-protocol';

function record(n: number, type = 'disconnect', fields: ReportRecord['fields'] = { reason: 'transport close', sessionMs: 1000 }): ReportRecord {
    return { id: `rec-${String(n).padStart(8, '0')}`, seq: n, tabId: 'tab-1', instanceId: 'inst-1', sidHash: 'a'.repeat(64), type: type as ReportRecord['type'], at: 1700000000000 + n, fields };
}

class Sink implements LogRecordExporter {
    readonly batches: ReadableLogRecord[][] = [];
    constructor(protected readonly answer: () => ExportResult | undefined = () => ({ code: ExportResultCode.SUCCESS })) { }
    export(logs: ReadableLogRecord[], done: (r: ExportResult) => void): void {
        this.batches.push(logs);
        const result = this.answer();
        if (result) {
            setImmediate(() => done(result));
        }
    }
    async forceFlush(): Promise<void> { }
    async shutdown(): Promise<void> { }
}

async function counter(metrics: ReportMetrics, text: string): Promise<number> {
    const line = (await metrics.exposition()).split('\n').find(l => l.startsWith(text + ' '));
    return Number(line?.split(' ')[1]);
}

describe('ReportLogExport', () => {
    const env = { OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://127.0.0.1:1/v1/logs', OTEL_BLRP_SCHEDULE_DELAY: '10', POD_NAME: 'ide-0', POD_NAMESPACE: 'team-a' };

    it('is enabled by either endpoint variable, not by blanks', () => {
        expect(logExportEnabled({})).to.equal(false);
        expect(logExportEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).to.equal(false);
        expect(logExportEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).to.equal(true);
        expect(logExportEnabled({ OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://c:4318/v1/logs' })).to.equal(true);
    });

    it('names the record type, reason, engine.io code, transport, instance and sid hash; the pod on the resource', () => {
        expect(logAttributes(record(1))).to.deep.equal({
            [LOG_ATTRIBUTES.type]: 'disconnect', [LOG_ATTRIBUTES.id]: 'rec-00000001', [LOG_ATTRIBUTES.tabId]: 'tab-1',
            [LOG_ATTRIBUTES.instanceId]: 'inst-1', [LOG_ATTRIBUTES.sidHash]: 'a'.repeat(64), [LOG_ATTRIBUTES.reason]: 'transport close'
        });
        expect(logAttributes(record(2, 'handshake-error', { code: 4, status: 403 }))[LOG_ATTRIBUTES.engineIoCode]).to.equal(4);
        expect(logAttributes(record(3, 'connect', { transport: 'polling' }))[LOG_ATTRIBUTES.transport]).to.equal('polling');
        expect(logResourceAttributes('b-1', env)).to.deep.equal({ 'service.name': 'theia-session-health', 'service.instance.id': 'b-1', 'k8s.pod.name': 'ide-0', 'k8s.namespace.name': 'team-a' });
        expect(logResourceAttributes(undefined, { SESSION_HEALTH_POD_NAME: 'x', POD_NAME: 'y' })).to.deep.equal({ 'service.name': 'theia-session-health', 'k8s.pod.name': 'x' });
    });

    it('exports each record once, in batches, and counts them', async () => {
        const metrics = new ReportMetrics();
        const sink = new Sink();
        const logs = new ReportLogExport(metrics, { exporter: sink, env: { ...env, OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '4' }, instanceId: 'b-1' });
        logs.emit([1, 2, 3, 4, 5, 6].map(n => record(n)));
        await logs.forceFlush();
        const all = sink.batches.flat();
        expect(all.map(l => (l.body as unknown as ReportRecord).id)).to.deep.equal([1, 2, 3, 4, 5, 6].map(n => record(n).id));
        expect(sink.batches.every(b => b.length <= 4), 'batches of at most 4').to.equal(true);
        // The SDK record carries the record as its body; the serializer writes the attributes that follow from it.
        const sent = JSON.parse(Buffer.from(reportLogSerializer().serializeRequest(sink.batches[0])).toString('utf8'));
        const attributes = sent.resourceLogs[0].scopeLogs[0].logRecords[0].attributes as { key: string; value: unknown }[];
        expect(attributes.find(a => a.key === LOG_ATTRIBUTES.reason)?.value).to.deep.equal({ stringValue: 'transport close' });
        expect(all[0].resource.attributes['k8s.namespace.name']).to.equal('team-a');
        expect(all[0].severityText).to.equal('WARN');
        expect(await counter(metrics, 'session_health_log_records_exported_total')).to.equal(6);
        await logs.shutdown();
    });

    it('drops and counts what does not fit the buffer while the collector hangs; emit returns at once', async () => {
        const metrics = new ReportMetrics();
        const sink = new Sink(() => undefined); // never answers
        const logs = new ReportLogExport(metrics, { exporter: sink, env: { ...env, OTEL_BLRP_MAX_QUEUE_SIZE: '10', OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '5', OTEL_BLRP_EXPORT_TIMEOUT: '100' } });
        const started = process.hrtime.bigint();
        logs.emit(Array.from({ length: 30 }, (_, i) => record(i + 1)));
        expect(Number(process.hrtime.bigint() - started) / 1e6, 'ms to queue 30 records').to.be.lessThan(200);
        expect(await counter(metrics, 'session_health_log_records_dropped_total{reason="queue_full"}')).to.equal(20);
    });

    it('counts a batch the exporter gave up on as export_failed', async () => {
        const metrics = new ReportMetrics();
        const logs = new ReportLogExport(metrics, { exporter: new Sink(() => ({ code: ExportResultCode.FAILED, error: new Error('503 from http://user:pw@collector:4318/v1/logs') })), env });
        logs.emit([record(1), record(2)]);
        await logs.forceFlush();
        expect(await counter(metrics, 'session_health_log_records_dropped_total{reason="export_failed"}')).to.equal(2);
        expect(await counter(metrics, 'session_health_log_records_exported_total')).to.equal(0);
    });
});
