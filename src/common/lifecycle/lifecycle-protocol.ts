// *****************************************************************************
// Backend stops and restarts: the `stopping` notice the backend sends every tab on SIGTERM, the restart
// causes published as `previous` on GET /session-health/instance, and the plain words a tab shows for them.
// Names here are public contracts (add, never rename).
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';

/** Socket.IO event the backend emits to every connected tab when it starts to stop (payload {@link StoppingNotice}). */
export const STOPPING_EVENT = 'sh:stopping';

/** Why this backend stops on purpose (written into its stop record). */
export type StopCause = 'sigterm' | 'idle';
export const STOP_CAUSES: readonly StopCause[] = ['sigterm', 'idle'];

export interface StoppingNotice {
    /** The stopping backend instance. */
    instanceId: string;
    cause: StopCause;
    /** Seconds the backend keeps serving open sessions before it exits. */
    drainSeconds: number;
    /** When it will exit at the latest (ms since epoch, backend clock). */
    stopsAt: number;
}

/** What happened to the previous backend instance on this workspace. */
export type RestartCause = 'planned-stop' | 'idle-stop' | 'crash' | 'oom-killed' | 'evicted' | 'error-exit' | 'storage-replaced' | 'unknown';
export const RESTART_CAUSES: readonly RestartCause[] = ['planned-stop', 'idle-stop', 'crash', 'oom-killed', 'evicted', 'error-exit', 'storage-replaced', 'unknown'];

/** `previous` on GET /session-health/instance. */
export interface PreviousInstance {
    /** The previous instance id; empty when not known (storage replaced, known only from Kubernetes). */
    instanceId: string;
    /** When it stopped (ISO 8601): its stop record, the container's `finishedAt`, else its last sign of life; empty when unknown. */
    stoppedAt: string;
    cause: RestartCause;
    /** One sentence in plain words (memory limit, exit code, drain seconds, where the facts came from). */
    detail: string;
}

/** Counter of backend restarts by cause (registered on the reports registry). */
export const RESTARTS_METRIC = 'session_health_backend_restarts_total';

/** What happened, in the words a tab shows (and the CLI prints): localized where Theia loaded a translation. */
const SENTENCES: Record<RestartCause, () => string> = {
    'planned-stop': () => nls.localize('theia-session-health/lifecycle/cause.planned-stop', 'it was stopped on purpose (SIGTERM: a rollout, a node drain or an admin)'),
    'idle-stop': () => nls.localize('theia-session-health/lifecycle/cause.idle-stop', 'it was stopped because the session was idle'),
    'crash': () => nls.localize('theia-session-health/lifecycle/cause.crash', 'the process died without stopping properly'),
    'oom-killed': () => nls.localize('theia-session-health/lifecycle/cause.oom-killed', 'it ran out of memory'),
    'evicted': () => nls.localize('theia-session-health/lifecycle/cause.evicted', 'Kubernetes evicted the pod'),
    'error-exit': () => nls.localize('theia-session-health/lifecycle/cause.error-exit', 'the process exited with an error'),
    'storage-replaced': () => nls.localize('theia-session-health/lifecycle/cause.storage-replaced', 'the workspace storage was replaced, so earlier files may be gone'),
    'unknown': () => nls.localize('theia-session-health/lifecycle/cause.unknown', 'the reason is not known')
};

export function isStoppingNotice(v: unknown): v is StoppingNotice {
    const n = v as Partial<StoppingNotice> | undefined;
    return typeof n === 'object' && n !== null && typeof n.instanceId === 'string' && n.instanceId.length <= 256
        && STOP_CAUSES.includes(n.cause as StopCause) && typeof n.drainSeconds === 'number' && Number.isFinite(n.drainSeconds)
        && typeof n.stopsAt === 'number' && Number.isFinite(n.stopsAt);
}

export function isPreviousInstance(v: unknown): v is PreviousInstance {
    const p = v as Partial<PreviousInstance> | undefined;
    return typeof p === 'object' && p !== null && typeof p.instanceId === 'string' && typeof p.stoppedAt === 'string'
        && RESTART_CAUSES.includes(p.cause as RestartCause) && typeof p.detail === 'string';
}

/**
 * The sentence a tab shows after reconnecting, e.g. "The IDE server restarted at 14:02: it ran out of memory
 * (limit 4 GiB). Your files survived." `time` formats the stop time; the detail's parenthesis comes from the backend.
 */
export function restartSentence(previous: PreviousInstance, time: (iso: string) => string): string {
    const extra = previous.detail ? ` (${previous.detail})` : '';
    return `${restartHeadline(previous, time)}${extra}.${restartFilesClause(previous.cause)}`;
}

/**
 * The sentence's first part without the detail and the full stop, e.g. "The IDE server restarted at 14:02 on pod-7:
 * it ran out of memory" (the restart notification; the detail is in the view's timeline). `host` as the tab knows it.
 */
export function restartHeadline(previous: PreviousInstance, time: (iso: string) => string, host = ''): string {
    const cause = SENTENCES[previous.cause]();
    if (!previous.stoppedAt || Number.isNaN(Date.parse(previous.stoppedAt))) {
        return host
            ? nls.localize('theia-session-health/lifecycle/restartedOn', 'The IDE server restarted on {0}: {1}', host, cause)
            : nls.localize('theia-session-health/lifecycle/restarted', 'The IDE server restarted: {0}', cause);
    }
    const at = time(previous.stoppedAt);
    return host
        ? nls.localize('theia-session-health/lifecycle/restartedAtOn', 'The IDE server restarted at {0} on {1}: {2}', at, host, cause)
        : nls.localize('theia-session-health/lifecycle/restartedAt', 'The IDE server restarted at {0}: {1}', at, cause);
}

/** What the cause alone says about the files (when no persistence check answered), with a leading space. */
export function restartFilesClause(cause: RestartCause): string {
    return ' ' + (cause === 'storage-replaced'
        ? nls.localize('theia-session-health/lifecycle/checkFiles', 'Check your files; restore lost ones from git or backups.')
        : nls.localize('theia-session-health/lifecycle/filesSurvived', 'Your files survived.'));
}

/** Whoever knows what happened to the previous instance (the backend's lifecycle; the instance route asks it). */
export const PreviousInstanceSource = Symbol('PreviousInstanceSource');
export interface PreviousInstanceSource {
    /** Resolves once worked out at start; undefined: this is the first instance as far as anything can tell. */
    previous(): Promise<PreviousInstance | undefined>;
}
