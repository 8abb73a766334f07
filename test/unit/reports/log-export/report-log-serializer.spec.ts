// Issue 17: the OTLP/JSON encoding of exported records (src/node/reports/report-log-serializer.ts) is a valid
// ExportLogsServiceRequest: one body string per record that parses back to the record whatever characters it holds,
// attributes as plain values, times as nanosecond strings (the same as the SDK's own JSON serializer writes).
import { expect } from 'chai';
import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import { JsonLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { ReportRecord } from '../../../../src/common/reports/reports-protocol';
import { ReportLogExport } from '../../../../src/node/reports/log-export/report-log-export';
import { LOG_ATTRIBUTES, logAttributes, reportLogSerializer } from '../../../../src/node/reports/log-export/report-log-record';
import { OtlpJsonLogExporter, OtlpJsonLogSerializer } from '../../../../src/node/reports/log-export/report-log-serializer';
import { JsonWriter } from '../../../../src/node/reports/log-export/otlp-json-writer';
import { ReportMetrics } from '../../../../src/node/reports/report-metrics';
import { storedLine } from '../../../../src/node/reports/report-store-format';
import { startLogReceiver } from '../../../integration/fleet/otlp-log-receiver';

type Value = { stringValue?: string; intValue?: number; doubleValue?: number; boolValue?: boolean };
type KeyValue = { key: string; value: Value };
interface LogRecordJson {
    timeUnixNano: string; observedTimeUnixNano: string; severityNumber: number; severityText: string; eventName?: string;
    body: Value; attributes: KeyValue[]; traceId?: string; spanId?: string; flags?: number;
}
interface RequestJson { resourceLogs: { resource: { attributes: KeyValue[] }; scopeLogs: { scope: { name: string }; logRecords: LogRecordJson[] }[] }[] }

function record(n: number, type: ReportRecord['type'] = 'disconnect', fields: ReportRecord['fields'] = { reason: 'transport close', sessionMs: 1000 }): ReportRecord {
    return { id: `rec-${String(n).padStart(8, '0')}`, seq: n, tabId: 'tab-1', instanceId: 'inst-1', sidHash: 'a'.repeat(64), type, at: 1700000000000 + n, fields };
}

/** The SDK log records ReportLogExport makes of `records` (the real pipeline, up to the exporter). */
async function sdkRecords(records: ReportRecord[]): Promise<ReadableLogRecord[]> {
    const out: ReadableLogRecord[] = [];
    const sink: LogRecordExporter = {
        export: (logs: ReadableLogRecord[], done: (r: ExportResult) => void) => { out.push(...logs); done({ code: ExportResultCode.SUCCESS }); },
        forceFlush: async () => undefined,
        shutdown: async () => undefined
    };
    const logs = new ReportLogExport(new ReportMetrics(), { exporter: sink, instanceId: 'b-1', env: { POD_NAME: 'ide-0', POD_NAMESPACE: 'team-a', OTEL_BLRP_MAX_QUEUE_SIZE: '5000' } });
    logs.emit(records);
    await logs.forceFlush();
    await logs.shutdown();
    return out;
}

/** Strict: the bytes are UTF-8 and one JSON document. */
function decode(bytes: Uint8Array | undefined): RequestJson {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as RequestJson;
}

const logAttributesOf = (body: unknown) => logAttributes(body as ReportRecord);

async function waitFor(condition: () => boolean, timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) {
            throw new Error('condition not met in time');
        }
        await new Promise(resolve => setTimeout(resolve, 10));
    }
}

const attributesOf = (values: KeyValue[]) => Object.fromEntries(values.map(kv => [kv.key, kv.value]));

describe('reports: OTLP/JSON log serializer', () => {
    it('writes resource, scope, times, severity, event name, the body as the record\'s JSON and plain attributes', async () => {
        const records = [record(1), record(2, 'handshake-error', { code: 4, status: 403, message: 'Forbidden' }), record(3, 'connect', { transport: 'polling' })];
        const json = decode(reportLogSerializer().serializeRequest(await sdkRecords(records)));
        expect(json.resourceLogs).to.have.length(1);
        const [resourceLogs] = json.resourceLogs;
        expect(attributesOf(resourceLogs.resource.attributes)).to.deep.include({
            'service.name': { stringValue: 'theia-session-health' }, 'service.instance.id': { stringValue: 'b-1' },
            'k8s.pod.name': { stringValue: 'ide-0' }, 'k8s.namespace.name': { stringValue: 'team-a' }
        });
        expect(resourceLogs.scopeLogs).to.have.length(1);
        expect(resourceLogs.scopeLogs[0].scope.name).to.equal('theia-session-health');
        const logs = resourceLogs.scopeLogs[0].logRecords;
        expect(logs.map(l => JSON.parse(l.body.stringValue!))).to.deep.equal(records);
        expect(logs[0].timeUnixNano).to.equal('1700000000001000000');
        expect(logs[0].observedTimeUnixNano).to.match(/^\d{19}$/);
        expect(logs[0]).to.deep.include({ severityNumber: 13, severityText: 'WARN', eventName: 'session_health.disconnect' });
        expect(logs[2]).to.deep.include({ severityNumber: 9, severityText: 'INFO', eventName: 'session_health.connect' });
        expect(attributesOf(logs[0].attributes)).to.deep.equal({
            [LOG_ATTRIBUTES.type]: { stringValue: 'disconnect' }, [LOG_ATTRIBUTES.id]: { stringValue: 'rec-00000001' },
            [LOG_ATTRIBUTES.tabId]: { stringValue: 'tab-1' }, [LOG_ATTRIBUTES.instanceId]: { stringValue: 'inst-1' },
            [LOG_ATTRIBUTES.sidHash]: { stringValue: 'a'.repeat(64) }, [LOG_ATTRIBUTES.reason]: { stringValue: 'transport close' }
        });
        expect(attributesOf(logs[1].attributes)[LOG_ATTRIBUTES.engineIoCode]).to.deep.equal({ intValue: 4 });
        expect(attributesOf(logs[2].attributes)[LOG_ATTRIBUTES.transport]).to.deep.equal({ stringValue: 'polling' });
        expect(logs[0]).to.not.have.any.keys('traceId', 'spanId', 'flags');
    });

    it('writes the stored NDJSON line as the body when ingest passed it (no second stringify), else the record\'s JSON', async () => {
        const sent: ReadableLogRecord[][] = [];
        const sink: LogRecordExporter = {
            export: (logs: ReadableLogRecord[], done: (r: ExportResult) => void) => { sent.push(logs); done({ code: ExportResultCode.SUCCESS }); },
            forceFlush: async () => undefined,
            shutdown: async () => undefined
        };
        const logs = new ReportLogExport(new ReportMetrics(), { exporter: sink, env: {} });
        const records = [record(1), record(2), record(3)];
        const lines = records.map(r => storedLine(r, 1700000009999));
        logs.emit(records.slice(0, 2), lines.slice(0, 2));
        logs.emit(records.slice(2));
        await logs.forceFlush();
        const bodies = decode(logs.serializer.serializeRequest(sent.flat())).resourceLogs[0].scopeLogs[0].logRecords.map(l => l.body.stringValue);
        expect(bodies).to.deep.equal([lines[0].slice(0, -1), lines[1].slice(0, -1), JSON.stringify(records[2])]);
        expect(JSON.parse(bodies[0]!)).to.deep.equal({ ...records[0], receivedAt: 1700000009999 });
        await logs.shutdown();
    });

    it('agrees with the SDK\'s JsonLogsSerializer on resource, scope, times, severity and event name', async () => {
        const sdk = await sdkRecords([record(1), record(2, 'summary', { rttCount: 3 })]);
        const ours = decode(reportLogSerializer().serializeRequest(sdk)).resourceLogs[0];
        const theirs = decode(JsonLogsSerializer.serializeRequest(sdk)).resourceLogs[0];
        expect(attributesOf(ours.resource.attributes)).to.deep.equal(attributesOf(theirs.resource.attributes));
        expect(ours.scopeLogs[0].scope).to.deep.equal(theirs.scopeLogs[0].scope);
        const fields = (l: LogRecordJson) => [l.timeUnixNano, l.observedTimeUnixNano, l.severityNumber, l.severityText, l.eventName];
        expect(ours.scopeLogs[0].logRecords.map(fields)).to.deep.equal(theirs.scopeLogs[0].logRecords.map(fields));
    });

    it('keeps odd characters in a record intact: quotes, backslashes, controls, separators, non-BMP and lone surrogates', async () => {
        const odd = '"quoted" \\back\\slash\n\r\t\u0000\u001f \u2028\u2029 </script> ✓ 😀 \ud83d lone \udc00 end';
        const records = [record(1, 'handshake-error', { code: 1, message: odd }), record(2, 'disconnect', { reason: odd })];
        records[1].tabId = 'tab-"1"\\';
        const bytes = reportLogSerializer().serializeRequest(await sdkRecords(records));
        const logs = decode(bytes).resourceLogs[0].scopeLogs[0].logRecords;
        expect(logs.map(l => JSON.parse(l.body.stringValue!))).to.deep.equal(records);
        expect(attributesOf(logs[1].attributes)[LOG_ATTRIBUTES.reason]).to.deep.equal({ stringValue: odd });
        expect(attributesOf(logs[1].attributes)[LOG_ATTRIBUTES.tabId]).to.deep.equal({ stringValue: 'tab-"1"\\' });
        expect(Buffer.from(bytes).includes(Buffer.from('😀')), 'non-ASCII as UTF-8').to.equal(true);
    });

    it('writes a batch larger than one stringify chunk as one document, every record once and in order', async () => {
        const records = Array.from({ length: 1000 }, (_, i) => record(i + 1, 'summary', { rttCount: i, transport: 'websocket' }));
        const logs = decode(reportLogSerializer().serializeRequest(await sdkRecords(records))).resourceLogs[0].scopeLogs[0].logRecords;
        expect(logs.map(l => (JSON.parse(l.body.stringValue!) as ReportRecord).id)).to.deep.equal(records.map(r => r.id));
    });

    it('groups by resource and scope, and writes the SDK record\'s own attributes and span context', () => {
        const scope = { name: 'other', version: '1.0' };
        const base = { hrTime: [1700000000, 5] as [number, number], hrTimeObserved: [0, 7] as [number, number], droppedAttributesCount: 0, instrumentationScope: scope };
        const a = resourceFromAttributes({ 'service.name': 'a' });
        const b = resourceFromAttributes({ 'service.name': 'b', port: 4318 });
        const logs: ReadableLogRecord[] = [
            { ...base, resource: a, body: 'plain text', attributes: { ratio: 0.5, ok: true, n: 7, s: 'x', list: [1, 'two'], 'we"ird\\key\n': 'v"\\' } },
            { ...base, resource: b, body: 42, attributes: {}, spanContext: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 } },
            { ...base, resource: a, attributes: {} }
        ];
        const json = decode(new OtlpJsonLogSerializer().serializeRequest(logs));
        expect(json.resourceLogs.map(r => attributesOf(r.resource.attributes)['service.name'])).to.deep.equal([{ stringValue: 'a' }, { stringValue: 'b' }]);
        expect(attributesOf(json.resourceLogs[1].resource.attributes).port).to.deep.equal({ intValue: 4318 });
        const [first, third] = json.resourceLogs[0].scopeLogs[0].logRecords;
        expect(json.resourceLogs[0].scopeLogs[0].scope).to.deep.equal(scope);
        expect(first.timeUnixNano).to.equal('1700000000000000005');
        expect(first.observedTimeUnixNano).to.equal('7');
        expect(first.body).to.deep.equal({ stringValue: 'plain text' });
        expect(attributesOf(first.attributes)).to.deep.equal({
            ratio: { doubleValue: 0.5 }, ok: { boolValue: true }, n: { intValue: 7 }, s: { stringValue: 'x' }, list: { stringValue: '[1,"two"]' },
            'we"ird\\key\n': { stringValue: 'v"\\' }
        });
        expect(first.attributes.map(kv => kv.key), 'in the order given').to.deep.equal(['ratio', 'ok', 'n', 's', 'list', 'we"ird\\key\n']);
        expect(third).to.not.have.property('body');
        const second = json.resourceLogs[1].scopeLogs[0].logRecords[0];
        expect(second.body).to.deep.equal({ intValue: 42 });
        expect(second).to.deep.include({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', flags: 1 });
    });

    it('writes every string and number as the UTF-8 bytes of JSON.stringify (random text of every kind of character)', () => {
        // the oracle is V8's JSON.stringify and Node's UTF-8 encoder; the writer escapes and encodes on its own
        let seed = 17;
        const random = (n: number) => {
            seed = (seed * 1103515245 + 12345) % 2147483648;
            return seed % n;
        };
        const pools = [[0, 0x20], [0x20, 0x80], [0x80, 0x800], [0x800, 0xd800], [0xd800, 0xdc00], [0xdc00, 0xe000], [0xe000, 0x10000]];
        const writer = new JsonWriter(Buffer.alloc(8)); // grows as it goes
        const expected: Buffer[] = [];
        for (let i = 0; i < 3000; i++) {
            const units: number[] = [];
            for (let length = random(i % 3 ? 40 : 300); length > 0; length--) {
                const [from, to] = pools[random(pools.length)];
                units.push(from + random(to - from));
            }
            const text = String.fromCharCode(...units) + (i % 7 === 0 ? '😀"\\\u2028' : '');
            writer.string(text);
            expected.push(Buffer.from(JSON.stringify(text), 'utf8'));
            const number = [0, 7, 123456789, 2 ** 53 - 1, -3, 0.5, 1e21, -0.25, 2 ** 31, 2 ** 31 - 1, 1e9, 4e9 + 7][i % 12];
            writer.number(number);
            expected.push(Buffer.from(JSON.stringify(number), 'latin1'));
        }
        expect(Buffer.compare(Buffer.from(writer.bytes()), Buffer.concat(expected))).to.equal(0);
    });

    it('formats nanoseconds and reads the collector\'s answer (partial success, empty, not JSON)', () => {
        const nanos = (time: [number, number]) => {
            const writer = new JsonWriter(Buffer.alloc(4));
            writer.nanos(time);
            return Buffer.from(writer.bytes()).toString('latin1');
        };
        expect(nanos([1700000000, 1000000])).to.equal('"1700000000001000000"');
        expect(nanos([1700000000, 0])).to.equal('"1700000000000000000"');
        expect(nanos([0, 0])).to.equal('"0"');
        const serializer = new OtlpJsonLogSerializer();
        expect(serializer.deserializeResponse(Buffer.from('{"partialSuccess":{"rejectedLogRecords":2,"errorMessage":"x"}}')))
            .to.deep.equal({ partialSuccess: { rejectedLogRecords: 2, errorMessage: 'x' } });
        expect(serializer.deserializeResponse(new Uint8Array())).to.deep.equal({});
        expect(serializer.deserializeResponse(Buffer.from('<html>'))).to.deep.equal({});
    });

    it('reuses a request buffer only after its export finished: a retried request still sends its own records', async function (): Promise<void> {
        this.timeout(20000);
        const receiver = await startLogReceiver({ refuseFirst: 1 });
        const restoreEndpoint = pointLogsEndpointAt(`${receiver.url}/v1/logs`);
        const buffers: ArrayBufferLike[] = [];
        class Recording extends OtlpJsonLogSerializer {
            override serializeRequest(logs: ReadableLogRecord[]): Uint8Array {
                const bytes = super.serializeRequest(logs);
                buffers.push(bytes.buffer);
                return bytes;
            }
        }
        try {
            const exporter = new OtlpJsonLogExporter(new Recording({ attributes: body => logAttributesOf(body) }));
            const first = [record(1), record(2)];
            const second = [record(3, 'connect', { transport: 'websocket' })];
            const third = [record(4)];
            const exported = (records: ReportRecord[]) => sdkRecords(records).then(logs => new Promise<ExportResult>(resolve => exporter.export(logs, resolve)));
            // The first request is refused (503) and retried after a backoff; the second is written meanwhile.
            const firstDone = exported(first);
            await waitFor(() => receiver.requests.length === 1);
            const secondDone = exported(second);
            expect((await secondDone).code).to.equal(ExportResultCode.SUCCESS);
            expect((await firstDone).code).to.equal(ExportResultCode.SUCCESS);
            expect(buffers[1], 'a request in flight keeps its buffer').to.not.equal(buffers[0]);
            expect((await exported(third)).code).to.equal(ExportResultCode.SUCCESS);
            expect(buffers.slice(0, 2), 'a finished request\'s buffer is reused').to.include(buffers[2]);
            expect(receiver.requests).to.have.length(4);
            expect(receiver.logs.map(l => l.body).sort((a, b) => (a.seq as number) - (b.seq as number)), 'each record once, as sent').to.deep.equal([...first, ...second, ...third]);
            await exporter.shutdown();
        } finally {
            restoreEndpoint();
            await receiver.close();
        }
    });

    it('goes out through the OTLP/HTTP exporter machinery: the OTEL_* endpoint, JSON content type, a retry after 503', async function (): Promise<void> {
        this.timeout(15000);
        const receiver = await startLogReceiver({ refuseFirst: 1 });
        const restoreEndpoint = pointLogsEndpointAt(`${receiver.url}/v1/logs`);
        try {
            const exporter = new OtlpJsonLogExporter(reportLogSerializer());
            const records = [record(1), record(2, 'connect', { transport: 'websocket' })];
            const logs = await sdkRecords(records);
            const result = await new Promise<ExportResult>(resolve => exporter.export(logs, resolve));
            expect(result.code, String(result.error)).to.equal(ExportResultCode.SUCCESS);
            expect(receiver.requests).to.deep.equal(['POST /v1/logs application/json 503', 'POST /v1/logs application/json 200']);
            expect(receiver.logs.map(l => l.body)).to.deep.equal(records);
            expect(receiver.logs[1].attributes[LOG_ATTRIBUTES.transport]).to.equal('websocket');
            await exporter.shutdown();
        } finally {
            restoreEndpoint();
            await receiver.close();
        }
    });
});

/** Points the exporter's OTLP logs endpoint at `url`; returns what puts the previous value back. */
function pointLogsEndpointAt(url: string): () => void {
    const saved = process.env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT;
    process.env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT = url;
    return () => {
        if (saved === undefined) {
            delete process.env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT;
        } else {
            process.env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT = saved;
        }
    };
}
