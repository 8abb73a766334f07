// A loopback OTLP/HTTP receiver for the log export tests: decodes the JSON encoding of ExportLogsServiceRequest
// (the exporter's only encoding) into plain records (a string body is the record's JSON text), and can answer 503
// to the first N log requests. A request that does not decode (not JSON, a string body that is not JSON) gets 400.
import * as http from 'http';
import { AddressInfo } from 'net';
import * as zlib from 'zlib';

type AnyValue = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean; kvlistValue?: { values?: KeyValue[] }; arrayValue?: { values?: AnyValue[] } };
type KeyValue = { key: string; value: AnyValue };

export function decodeAnyValue(v: AnyValue | undefined): unknown {
    if (!v) {
        return undefined;
    }
    if (v.kvlistValue) {
        return decodeKeyValues(v.kvlistValue.values ?? []);
    }
    if (v.arrayValue) {
        return (v.arrayValue.values ?? []).map(decodeAnyValue);
    }
    if (v.intValue !== undefined) {
        return Number(v.intValue);
    }
    return v.stringValue ?? v.doubleValue ?? v.boolValue;
}

export function decodeKeyValues(values: KeyValue[]): Record<string, unknown> {
    return Object.fromEntries(values.map(kv => [kv.key, decodeAnyValue(kv.value)]));
}

export interface ReceivedLog {
    /** The record: the body's JSON text parsed (or a kvlistValue body decoded). */
    body: Record<string, unknown>;
    /** How the body was sent: `stringValue`, `kvlistValue`, ... */
    bodyKind?: string;
    attributes: Record<string, unknown>;
    resource: Record<string, unknown>;
    severityText?: string;
    eventName?: string;
}

export interface OtlpLogReceiver {
    url: string;
    logs: ReceivedLog[];
    /** Every request: method, path, content type, answer. */
    requests: string[];
    close(): Promise<void>;
}

export async function startLogReceiver(options: { refuseFirst?: number } = {}): Promise<OtlpLogReceiver> {
    const logs: ReceivedLog[] = [];
    const requests: string[] = [];
    let refuse = options.refuseFirst ?? 0;
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', c => chunks.push(c));
        req.on('end', () => {
            if (req.url !== '/v1/logs') {
                requests.push(`${req.method} ${req.url} 200`);
                res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
                return;
            }
            if (refuse > 0) {
                refuse--;
                requests.push(`${req.method} ${req.url} ${req.headers['content-type']} 503`);
                res.writeHead(503, { 'content-type': 'application/json' }).end('{}');
                return;
            }
            let body = Buffer.concat(chunks);
            if (req.headers['content-encoding'] === 'gzip') {
                body = zlib.gunzipSync(body);
            }
            try {
                const parsed = JSON.parse(body.toString('utf8')) as { resourceLogs: { resource?: { attributes?: KeyValue[] }; scopeLogs: { logRecords: { body?: AnyValue; attributes?: KeyValue[]; severityText?: string; eventName?: string }[] }[] }[] };
                for (const rl of parsed.resourceLogs) {
                    const resource = decodeKeyValues(rl.resource?.attributes ?? []);
                    for (const sl of rl.scopeLogs) {
                        for (const lr of sl.logRecords) {
                            const body = decodeAnyValue(lr.body);
                            logs.push({ body: (typeof body === 'string' ? JSON.parse(body) : body) as Record<string, unknown>, bodyKind: Object.keys(lr.body ?? {})[0], attributes: decodeKeyValues(lr.attributes ?? []), resource, severityText: lr.severityText, eventName: lr.eventName });
                        }
                    }
                }
                requests.push(`${req.method} ${req.url} ${req.headers['content-type']} 200`);
                res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
            } catch (error) {
                requests.push(`${req.method} ${req.url} ${req.headers['content-type']} 400 ${error}`);
                res.writeHead(400).end();
            }
        });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        logs,
        requests,
        close: () => new Promise<void>(resolve => { server.closeAllConnections(); server.close(() => resolve()); })
    };
}
