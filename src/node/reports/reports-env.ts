// *****************************************************************************
// The environment variables of the keep-alive reports (one definition each), how a token is read from one,
// and how an integer setting is read (tokens: ../http/bearer-token.ts).
// See docs/keepalive-metrics.md.
// *****************************************************************************

import { parseNumberOption } from '../../common/shared/number-option';

// The token variables are the http folder's (every guarded route reads them); named here too, as before.
export { ADMIN_TOKEN_ENV, METRICS_TOKEN_ENV } from '../http/bearer-token';

export const DATA_DIR_ENV = 'SESSION_HEALTH_DATA_DIR';
export const MAX_BYTES_ENV = 'SESSION_HEALTH_REPORTS_MAX_BYTES';
export const FILE_BYTES_ENV = 'SESSION_HEALTH_REPORTS_FILE_BYTES';
export const RATE_ENV = 'SESSION_HEALTH_REPORTS_RATE';
export const OTLP_ENDPOINT_ENV = 'OTEL_EXPORTER_OTLP_ENDPOINT';
export const OTLP_METRICS_ENDPOINT_ENV = 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT';
export const OTLP_INTERVAL_ENV = 'OTEL_METRIC_EXPORT_INTERVAL';
export const OTLP_TIMEOUT_ENV = 'OTEL_METRIC_EXPORT_TIMEOUT';
export const OTLP_LOGS_ENDPOINT_ENV = 'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT';
/** The OpenTelemetry batch log record processor's settings (names from the OpenTelemetry specification). */
export const BLRP_MAX_QUEUE_ENV = 'OTEL_BLRP_MAX_QUEUE_SIZE';
export const BLRP_MAX_BATCH_ENV = 'OTEL_BLRP_MAX_EXPORT_BATCH_SIZE';
export const BLRP_SCHEDULE_DELAY_ENV = 'OTEL_BLRP_SCHEDULE_DELAY';
export const BLRP_EXPORT_TIMEOUT_ENV = 'OTEL_BLRP_EXPORT_TIMEOUT';
/** Where the OTLP log export runs: `worker` (default, a worker thread) or `event-loop` (the backend's own thread). */
export const LOG_EXPORT_THREAD_ENV = 'SESSION_HEALTH_LOG_EXPORT_THREAD';
/**
 * How much lower the export worker thread's scheduling priority is than the backend's (Linux nice increment, 0..19;
 * default 10): when the CPU is short, ingest and the IDE run first and the export waits (its buffer is bounded).
 */
export const LOG_EXPORT_NICE_ENV = 'SESSION_HEALTH_LOG_EXPORT_NICE';
export const LOG_EXPORT_NICE_DEFAULT = 10;
/** The pod's name and namespace, set through the downward API (deploy/kustomize/base/statefulset.yaml), first match wins. */
export const POD_NAME_ENVS = ['SESSION_HEALTH_POD_NAME', 'POD_NAME'] as const;
export const POD_NAMESPACE_ENV = 'POD_NAMESPACE';

/** An integer setting from the environment: the fallback (with a warning when set but unusable) unless in min..max. */
export function envInteger(name: string, fallback: number, min: number, max: number, env: NodeJS.ProcessEnv = process.env): number {
    const raw = env[name];
    const parsed = parseNumberOption(raw, { min, max, integer: true });
    if (parsed.status === 'ok') {
        return parsed.value;
    }
    if (parsed.status !== 'absent' && parsed.status !== 'blank') {
        // Read while services are constructed and in the log export's worker thread (no DI there): Theia's backend
        // routes the console into its root logger (setRootLogger).
        // eslint-disable-next-line no-console
        console.warn(`session-health: ${name}=${JSON.stringify(raw)} is not an integer in ${min}..${max}; using ${fallback}`);
    }
    return fallback;
}
