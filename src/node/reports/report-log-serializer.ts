// *****************************************************************************
// The OTLP/HTTP JSON encoding of the exported log records, written directly as text (no object graph per record;
// JSON.stringify only for each string), one string per 64 records, UTF-8 by TextEncoder.encodeInto into a request
// buffer that is reused once its export has finished.
// The SDK's JsonLogsSerializer turns each record body into a nested kvlistValue (toAnyValue), walks every attribute
// value generically and stringifies the whole batch into one string: about 9-10 µs a record on the backend's event loop (docs/fleet.md). Here the body is one `stringValue`
// holding the record's JSON, and attributes are plain string / int / double / bool values. The exporter around it is
// the OTLP/HTTP one of @opentelemetry/otlp-exporter-base (endpoint, headers, timeout and compression from the OTEL_*
// variables, retries with backoff, concurrency limit), built exactly as OTLPLogExporter builds it, with this serializer.
// *****************************************************************************

import type { LogAttributes, LogBody } from '@opentelemetry/api-logs';
import { OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
// The package's `./node-http` entry is an "exports" subpath, which our moduleResolution ("node") cannot see:
// the types come from the file it maps to, the code through the entry itself (resolved by Node and the bundler).
import type * as OtlpNodeHttp from '@opentelemetry/otlp-exporter-base/build/src/index-node-http';
import type { IExportLogsServiceResponse, IExporterMetricsHelper, ISerializer } from '@opentelemetry/otlp-transformer';
import type { ExportResult } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';

/** What follows from a log record's body (for report records: report-log-export.ts). */
export interface LogBodyEncoding {
    /** Attributes the record gets from its body (written before the SDK record's own attributes). */
    attributes?(body: LogBody | undefined): Record<string, string | number> | undefined;
    /** The JSON text of an object body when it is at hand already (the stored NDJSON line): no second stringify. */
    jsonText?(body: object): string | undefined;
}

/**
 * One attribute or body value as OTLP AnyValue JSON (int64 as a number, like the SDK's JSON encoder); arrays, maps and
 * bytes are written as their JSON text (a report record body: its JSON).
 */
function valueJson(value: unknown): string {
    switch (typeof value) {
        case 'string': return `{"stringValue":${JSON.stringify(value)}}`;
        case 'number': return Number.isInteger(value) ? `{"intValue":${JSON.stringify(value)}}`
            : Number.isFinite(value) ? `{"doubleValue":${JSON.stringify(value)}}` : `{"stringValue":${JSON.stringify(String(value))}}`;
        case 'boolean': return `{"boolValue":${JSON.stringify(value)}}`;
        default: return `{"stringValue":${JSON.stringify(jsonText(value))}}`;
    }
}

/** The JSON of each attribute's key (fixed names: made once each). */
const keyJson = new Map<string, string>();

/** `prefix` and the JSON (`{"key":…,"value":…}`) of each attribute with a value, comma-separated. */
function attributesJson(attributes: Record<string, unknown> | undefined, prefix: string): string {
    let json = prefix;
    if (attributes) {
        for (const key of Object.keys(attributes)) {
            const value = attributes[key];
            if (value !== undefined && value !== null) {
                let k = keyJson.get(key);
                if (k === undefined) {
                    k = `{"key":${JSON.stringify(key)},"value":`;
                    if (keyJson.size < 1000) {
                        keyJson.set(key, k);
                    }
                }
                json += `${json ? ',' : ''}${k}${valueJson(value)}}`;
            }
        }
    }
    return json;
}

function jsonText(value: unknown): string {
    try {
        return JSON.stringify(value) ?? String(value);
    } catch {
        return String(value);
    }
}

/** HrTime as the decimal string of nanoseconds since the epoch (fixed64 in the JSON encoding). */
export function nanosText(time: readonly [number, number]): string {
    const [seconds, nanos] = time;
    return seconds > 0 ? `${seconds}${String(nanos).padStart(9, '0')}` : String(nanos);
}

/**
 * Records per string written: each string stays well under V8's large-object size (128 KiB), so it is made in the
 * young generation. One string for a whole batch of 512 (about 500 KB) goes to the large-object space, fresh pages
 * every time: about 3.7 ms a batch on the 2-core test machine (page faults), more than the rest of the serialization.
 */
const RECORDS_PER_STRINGIFY = 64;
const encoder = new TextEncoder();

/**
 * Request bodies are written (UTF-8, `encodeInto`) into buffers that are reused once their export has finished. A
 * fresh buffer of a batch's size (about 500 KB) is new memory every time: its pages fault in as it is written, about
 * 1.5 ms a batch on the loaded 2-core test machine (3 µs a record), against 0.05 ms for writing into a buffer in use.
 */
export class RequestBufferPool {
    protected readonly free: Buffer[] = [];

    constructor(protected readonly maxFree = 4) { }

    take(): Buffer {
        return this.free.pop() ?? Buffer.allocUnsafeSlow(64 * 1024);
    }

    give(buffer: Buffer): void {
        if (this.free.length < this.maxFree) {
            this.free.push(buffer);
        }
    }
}

/** One request body, written into a buffer (grown when needed); `bytes()` is a view of it, not a copy. */
class JsonWriter {
    protected length = 0;

    constructor(public buffer: Buffer) { }

    text(json: string): void {
        // A UTF-16 code unit takes at most 3 bytes in UTF-8.
        if (this.length + json.length * 3 > this.buffer.length) {
            const grown = Buffer.allocUnsafeSlow(Math.max(this.length + json.length * 3, this.buffer.length * 2));
            this.buffer.copy(grown, 0, 0, this.length);
            this.buffer = grown;
        }
        this.length += encoder.encodeInto(json, this.buffer.subarray(this.length)).written;
    }

    bytes(): Uint8Array {
        return this.buffer.subarray(0, this.length);
    }
}

/** ExportLogsServiceRequest as OTLP/JSON, bodies as their JSON text. */
export class OtlpJsonLogSerializer implements ISerializer<ReadableLogRecord[], IExportLogsServiceResponse> {
    /** The JSON of each Resource's attributes (one per provider: written once). */
    protected readonly resources = new WeakMap<Resource, string>();
    protected readonly pool = new RequestBufferPool();
    /** While `reusingBuffers` runs an export: the buffers its requests are written into. */
    protected leased: Buffer[] | undefined;

    constructor(protected readonly encoding: LogBodyEncoding = {}) { }

    /**
     * Runs `exportCall` (which serializes synchronously, like the OTLP export delegate) with request bodies written
     * into reused buffers, and returns the function that gives them back: call it once that export has finished (its
     * result callback: after the last retry), never earlier. Outside of it every request gets a buffer of its own.
     */
    reusingBuffers(exportCall: () => void): () => void {
        const leased: Buffer[] = [];
        this.leased = leased;
        try {
            exportCall();
        } finally {
            this.leased = undefined;
        }
        return () => {
            for (const buffer of leased.splice(0)) {
                this.pool.give(buffer);
            }
        };
    }

    serializeRequest(logs: ReadableLogRecord[]): Uint8Array {
        // Grouped by resource, then scope (identity), like the SDK's serializer; ours has one of each.
        const groups = new Map<Resource, Map<object, ReadableLogRecord[]>>();
        for (const log of logs) {
            let scopes = groups.get(log.resource);
            if (!scopes) {
                scopes = new Map();
                groups.set(log.resource, scopes);
            }
            const same = scopes.get(log.instrumentationScope);
            if (same) {
                same.push(log);
            } else {
                scopes.set(log.instrumentationScope, [log]);
            }
        }
        const leased = this.leased;
        const out = new JsonWriter(leased ? this.pool.take() : Buffer.allocUnsafeSlow(64 * 1024));
        out.text('{"resourceLogs":[');
        let first = true;
        for (const [resource, scopes] of groups) {
            out.text(`${first ? '' : ','}{"resource":{"attributes":[${this.resourceAttributes(resource)}],"droppedAttributesCount":0},"scopeLogs":[`);
            first = false;
            let firstScope = true;
            for (const records of scopes.values()) {
                const scope = records[0].instrumentationScope;
                const scopeAttributes = attributesJson(scope.attributes, '');
                const scopeJson = `{"name":${JSON.stringify(scope.name)}${scope.version !== undefined ? `,"version":${JSON.stringify(scope.version)}` : ''}`
                    + `${scopeAttributes ? `,"attributes":[${scopeAttributes}]` : ''}}`;
                out.text(`${firstScope ? '' : ','}{"scope":${scopeJson},"logRecords":[`);
                firstScope = false;
                for (let i = 0; i < records.length; i += RECORDS_PER_STRINGIFY) {
                    let json = '';
                    const end = Math.min(records.length, i + RECORDS_PER_STRINGIFY);
                    for (let j = i; j < end; j++) {
                        json += j ? `,${this.logRecordJson(records[j])}` : this.logRecordJson(records[j]);
                    }
                    out.text(json);
                }
                out.text(`]${scope.schemaUrl ? `,"schemaUrl":${JSON.stringify(scope.schemaUrl)}` : ''}}`);
            }
            out.text(`]${resource.schemaUrl ? `,"schemaUrl":${JSON.stringify(resource.schemaUrl)}` : ''}}`);
        }
        out.text(']}');
        leased?.push(out.buffer);
        return out.bytes();
    }

    deserializeResponse(data: Uint8Array): IExportLogsServiceResponse {
        if (data.length === 0) {
            return {};
        }
        try {
            return JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8')) as IExportLogsServiceResponse;
        } catch {
            return {};
        }
    }

    protected resourceAttributes(resource: Resource): string {
        let out = this.resources.get(resource);
        if (out === undefined) {
            out = attributesJson(resource.attributes, '');
            this.resources.set(resource, out);
        }
        return out;
    }

    /**
     * One log record's JSON, written as text: the same as stringifying its object form (timeUnixNano,
     * observedTimeUnixNano, severityNumber, severityText, eventName, body, attributes, droppedAttributesCount, flags,
     * traceId, spanId; absent ones left out) without building that object graph first.
     */
    protected logRecordJson(log: ReadableLogRecord): string {
        let json = `{"timeUnixNano":"${nanosText(log.hrTime)}","observedTimeUnixNano":"${nanosText(log.hrTimeObserved)}"`;
        if (log.severityNumber !== undefined) {
            json += `,"severityNumber":${JSON.stringify(log.severityNumber)}`;
        }
        if (log.severityText !== undefined) {
            json += `,"severityText":${JSON.stringify(log.severityText)}`;
        }
        if (log.eventName !== undefined) {
            json += `,"eventName":${JSON.stringify(log.eventName)}`;
        }
        if (log.body !== undefined && log.body !== null) {
            const known = typeof log.body === 'object' ? this.encoding.jsonText?.(log.body) : undefined;
            json += `,"body":${valueJson(known ?? log.body)}`;
        }
        json += ',"attributes":[';
        const fromBody = attributesJson(this.encoding.attributes?.(log.body), '');
        json += attributesJson(log.attributes as LogAttributes, fromBody) + ']';
        if (log.droppedAttributesCount) {
            json += `,"droppedAttributesCount":${JSON.stringify(log.droppedAttributesCount)}`;
        }
        const span = log.spanContext;
        if (span) {
            for (const [key, value] of [['flags', span.traceFlags], ['traceId', span.traceId], ['spanId', span.spanId]] as const) {
                if (value !== undefined) {
                    json += `,"${key}":${JSON.stringify(value)}`;
                }
            }
        }
        return json + '}';
    }
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { convertLegacyHttpOptions, createOtlpHttpExportDelegate } = require('@opentelemetry/otlp-exporter-base/node-http') as typeof OtlpNodeHttp;

const LOGS_METRICS_HELPER: IExporterMetricsHelper<ReadableLogRecord[]> = { name: 'log', countItems: logs => logs.length };

/**
 * OTLPLogExporter's construction (node, HTTP, JSON) with our serializer: the same OTEL_EXPORTER_OTLP_(LOGS_)ENDPOINT,
 * _HEADERS, _TIMEOUT and _COMPRESSION handling, the same retrying transport and concurrency limit.
 */
export class OtlpJsonLogExporter extends OTLPExporterBase<ReadableLogRecord[]> implements LogRecordExporter {
    constructor(protected readonly serializer: OtlpJsonLogSerializer) {
        super(createOtlpHttpExportDelegate(
            convertLegacyHttpOptions({}, 'LOGS', 'v1/logs', { 'Content-Type': 'application/json' }),
            serializer, 'otlp_http_log_exporter', LOGS_METRICS_HELPER, undefined
        ));
    }

    /** Each request's buffer goes back to the serializer's pool when its export has finished (retries included). */
    override export(items: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
        // The callback may run before reusingBuffers returns (an export refused at once): then release after it.
        const lease: { release?: () => void; finished?: boolean } = {};
        lease.release = this.serializer.reusingBuffers(() => super.export(items, result => {
            lease.finished = true;
            lease.release?.();
            resultCallback(result);
        }));
        if (lease.finished) {
            lease.release();
        }
    }
}
