// *****************************************************************************
// The OTLP/HTTP JSON encoding of the exported log records, written by otlp-json-writer.ts into reused buffers: the
// SDK's serializer cost the event loop several µs a record (docs/benchmarks-notes.md). The exporter around it is built
// exactly as OTLPLogExporter builds it (same OTEL_* handling, retries, concurrency limit).
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
import { asciiBytes } from './otlp-json-bytes';
import { JsonWriter } from './otlp-json-writer';

/** The fixed pieces of a log record's JSON. */
const TIME = asciiBytes('{"timeUnixNano":');
const OBSERVED_TIME = asciiBytes(',"observedTimeUnixNano":');
const SEVERITY_NUMBER = asciiBytes(',"severityNumber":');
const SEVERITY_TEXT = asciiBytes(',"severityText":');
const EVENT_NAME = asciiBytes(',"eventName":');
const BODY = asciiBytes(',"body":');
const ATTRIBUTES = asciiBytes(',"attributes":[');
const DROPPED_ATTRIBUTES = asciiBytes(',"droppedAttributesCount":');
const FLAGS = asciiBytes(',"flags":');
const TRACE_ID = asciiBytes(',"traceId":');
const SPAN_ID = asciiBytes(',"spanId":');
const VERSION = asciiBytes(',"version":');
const SCHEMA_URL = asciiBytes(',"schemaUrl":');

/** What follows from a log record's body (for report records: report-log-export.ts). */
export interface LogBodyEncoding {
    /** Attributes the record gets from its body (written before the SDK record's own attributes). */
    attributes?(body: LogBody | undefined): Record<string, string | number> | undefined;
    /** The JSON text of an object body when it is at hand already (the stored NDJSON line): no second stringify. */
    jsonText?(body: object): string | undefined;
}

/**
 * Request bodies are written (UTF-8) into buffers that are reused once their export has finished. A
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

/** ExportLogsServiceRequest as OTLP/JSON, bodies as their JSON text. */
export class OtlpJsonLogSerializer implements ISerializer<ReadableLogRecord[], IExportLogsServiceResponse> {
    /** The JSON of each Resource's attributes (one per provider: written once). */
    protected readonly resources = new WeakMap<Resource, Uint8Array>();
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
            out.text(`${first ? '' : ','}{"resource":{"attributes":[`);
            out.raw(this.resourceAttributes(resource));
            out.text('],"droppedAttributesCount":0},"scopeLogs":[');
            first = false;
            let firstScope = true;
            for (const records of scopes.values()) {
                const scope = records[0].instrumentationScope;
                out.text(`${firstScope ? '' : ','}{"scope":{"name":`);
                out.string(scope.name);
                out.stringField(VERSION, scope.version);
                const before = out.length;
                out.text(',"attributes":[');
                if (out.attributes(scope.attributes)) {
                    out.byte(0x5d);
                } else {
                    out.length = before;
                }
                out.text('},"logRecords":[');
                firstScope = false;
                for (let i = 0; i < records.length; i++) {
                    if (i) {
                        out.byte(0x2c);
                    }
                    this.writeLogRecord(out, records[i]);
                }
                out.byte(0x5d);
                out.stringField(SCHEMA_URL, scope.schemaUrl || undefined);
                out.byte(0x7d);
            }
            out.byte(0x5d);
            out.stringField(SCHEMA_URL, resource.schemaUrl || undefined);
            out.byte(0x7d);
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

    /** The JSON of a Resource's attributes, written once per Resource. */
    protected resourceAttributes(resource: Resource): Uint8Array {
        let bytes = this.resources.get(resource);
        if (bytes === undefined) {
            const writer = new JsonWriter();
            writer.attributes(resource.attributes);
            bytes = Buffer.from(writer.bytes());
            this.resources.set(resource, bytes);
        }
        return bytes;
    }

    /**
     * One log record's JSON, written into the request: the same as stringifying its object form (timeUnixNano,
     * observedTimeUnixNano, severityNumber, severityText, eventName, body, attributes, droppedAttributesCount, flags,
     * traceId, spanId; absent ones left out) without building that object graph or any string first.
     */
    protected writeLogRecord(out: JsonWriter, log: ReadableLogRecord): void {
        out.raw(TIME);
        out.nanos(log.hrTime);
        out.raw(OBSERVED_TIME);
        out.nanos(log.hrTimeObserved);
        out.numberField(SEVERITY_NUMBER, log.severityNumber);
        out.stringField(SEVERITY_TEXT, log.severityText);
        out.stringField(EVENT_NAME, log.eventName);
        if (log.body !== undefined && log.body !== null) {
            const known = typeof log.body === 'object' ? this.encoding.jsonText?.(log.body) : undefined;
            out.raw(BODY);
            out.anyValue(known ?? log.body);
        }
        out.raw(ATTRIBUTES);
        out.attributes(log.attributes as LogAttributes, out.attributes(this.encoding.attributes?.(log.body)));
        out.byte(0x5d);
        out.numberField(DROPPED_ATTRIBUTES, log.droppedAttributesCount || undefined);
        const span = log.spanContext;
        out.numberField(FLAGS, span?.traceFlags);
        out.stringField(TRACE_ID, span?.traceId);
        out.stringField(SPAN_ID, span?.spanId);
        out.byte(0x7d);
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
