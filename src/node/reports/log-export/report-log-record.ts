// *****************************************************************************
// One report record as an OpenTelemetry log record: its attributes, severity and event name, the resource (who
// exports), and the serializer that writes the stored line as the body. Whether the export is on, from the env.
// *****************************************************************************

import { SeverityNumber } from '@opentelemetry/api-logs';
import { ReportRecord } from '../../../common/reports/reports-protocol';
import { OtlpJsonLogSerializer } from './report-log-serializer';
import { OTLP_ENDPOINT_ENV, OTLP_LOGS_ENDPOINT_ENV, POD_NAME_ENVS, POD_NAMESPACE_ENV } from '../reports-env';

export const LOGGER_NAME = 'theia-session-health';
export const SERVICE_NAME = 'theia-session-health';

/** Attribute names of an exported record (one definition each; docs/fleet.md lists them). */
export const LOG_ATTRIBUTES = {
    type: 'session_health.record.type',
    id: 'session_health.record.id',
    tabId: 'session_health.tab_id',
    reason: 'session_health.reason',
    engineIoCode: 'session_health.engine_io.code',
    transport: 'session_health.transport',
    instanceId: 'session_health.backend.instance_id',
    sidHash: 'session_health.sid_hash'
} as const;

/** Record types logged at WARN: the ones that say something went wrong. */
const WARN_TYPES = new Set(['disconnect', 'handshake-error', 'upgrade-error', 'heartbeat-missed', 'offline', 'degraded', 'instance-changed']);

export function logExportEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
    return !!(env[OTLP_ENDPOINT_ENV]?.trim() || env[OTLP_LOGS_ENDPOINT_ENV]?.trim());
}

export function logExportEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
    return env[OTLP_LOGS_ENDPOINT_ENV]?.trim() || env[OTLP_ENDPOINT_ENV]?.trim();
}

/** Resource attributes: who exports (service, this backend instance) and, when the pod sets them, where. */
export function logResourceAttributes(instanceId: string | undefined, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
    const attributes: Record<string, string> = { 'service.name': SERVICE_NAME };
    if (instanceId) {
        attributes['service.instance.id'] = instanceId;
    }
    const pod = POD_NAME_ENVS.map(name => env[name]?.trim()).find(Boolean);
    const namespace = env[POD_NAMESPACE_ENV]?.trim();
    if (pod) {
        attributes['k8s.pod.name'] = pod;
    }
    if (namespace) {
        attributes['k8s.namespace.name'] = namespace;
    }
    return attributes;
}

/** Severity and event name per record type, made once. */
const KINDS = new Map<string, { severityNumber: SeverityNumber; severityText: string; eventName: string }>();
export function kindOf(type: string): { severityNumber: SeverityNumber; severityText: string; eventName: string } {
    let kind = KINDS.get(type);
    if (!kind) {
        const warn = WARN_TYPES.has(type);
        kind = { severityNumber: warn ? SeverityNumber.WARN : SeverityNumber.INFO, severityText: warn ? 'WARN' : 'INFO', eventName: `session_health.${type}` };
        KINDS.set(type, kind);
    }
    return kind;
}

/** The log record attributes of one report record (only the ones it has). */
export function logAttributes(record: ReportRecord): Record<string, string | number> {
    const f = record.fields;
    const attributes: Record<string, string | number> = {
        [LOG_ATTRIBUTES.type]: record.type,
        [LOG_ATTRIBUTES.id]: record.id,
        [LOG_ATTRIBUTES.tabId]: record.tabId,
        [LOG_ATTRIBUTES.instanceId]: record.instanceId,
        [LOG_ATTRIBUTES.sidHash]: record.sidHash
    };
    if (typeof f.reason === 'string') {
        attributes[LOG_ATTRIBUTES.reason] = f.reason;
    }
    if (typeof f.code === 'number') {
        attributes[LOG_ATTRIBUTES.engineIoCode] = f.code;
    }
    if (typeof f.transport === 'string') {
        attributes[LOG_ATTRIBUTES.transport] = f.transport;
    }
    return attributes;
}

/**
 * The serializer of the exported records: body = the record's JSON text (its stored NDJSON line when `lines` has it,
 * without the newline), attributes = `logAttributes(record)`.
 */
export function reportLogSerializer(lines?: WeakMap<object, string>): OtlpJsonLogSerializer {
    return new OtlpJsonLogSerializer({
        attributes: body => body && typeof body === 'object' ? logAttributes(body as unknown as ReportRecord) : undefined,
        jsonText: body => {
            const line = lines?.get(body);
            return line?.endsWith('\n') ? line.slice(0, -1) : line;
        }
    });
}
