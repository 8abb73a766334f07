// *****************************************************************************
// Health and readiness routes: the public HTTP contract for load balancers and probes.
// *****************************************************************************

import { parseNumberOption } from '../shared/number-option';

/** `GET /health`: 200 `healthy\n` while the process serves HTTP. */
export const HEALTH_ROUTE = '/health';
/** `GET /ready`: 200 `ready\n`, or 503 `draining\n` / `not ready: ...\n`. */
export const READY_ROUTE = '/ready';
/** Response header with the backend instance id, on /health, /ready and the Socket.IO responses. */
export const INSTANCE_HEADER = 'X-Session-Health-Instance';

export const HEALTH_BODY = 'healthy\n';
export const READY_BODY = 'ready\n';
export const DRAINING_BODY = 'draining\n';
export const EPHEMERAL_NOT_READY_BODY = 'not ready: workspace storage is ephemeral\n';

/** Seconds the backend keeps serving open sessions after SIGTERM (default 30). */
export const DRAIN_SECONDS_ENV = 'SESSION_HEALTH_DRAIN_SECONDS';
export const DEFAULT_DRAIN_SECONDS = 30;
/** `true`: /ready answers 503 while the workspace storage is not persistent. */
export const READY_REQUIRE_PERSISTENT_ENV = 'SESSION_HEALTH_READY_REQUIRE_PERSISTENT';

/** Parses SESSION_HEALTH_DRAIN_SECONDS: a number of seconds 0..3600; anything else falls back to the default. */
export function parseDrainSeconds(value: string | undefined): { seconds: number; error?: string } {
    const parsed = parseNumberOption(value, { min: 0, max: 3600 });
    if (parsed.status === 'ok') {
        return { seconds: parsed.value };
    }
    if (parsed.status === 'absent' || parsed.status === 'blank') {
        return { seconds: DEFAULT_DRAIN_SECONDS };
    }
    return { seconds: DEFAULT_DRAIN_SECONDS, error: `${DRAIN_SECONDS_ENV}="${value}" is not a number of seconds between 0 and 3600; using ${DEFAULT_DRAIN_SECONDS}` };
}
