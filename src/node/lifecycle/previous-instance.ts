// *****************************************************************************
// What happened to the previous backend instance, from the lifecycle ledger and (when readable) the own pod's
// status: OOMKilled / Evicted from the pod status win over any file record; else the previous instance's own stop
// record → planned-stop / idle-stop; none → crash, refined by Kubernetes (error-exit); records of another directory,
// or a restarted container without any → storage-replaced. Pure, no I/O.
// *****************************************************************************

import { PreviousInstance } from '../../common/lifecycle/lifecycle-protocol';
import { formatBytes } from '../../common/text/numbers';
import type { PodTermination } from '../storage/pod-termination';
import { isInstanceId, LifecycleRecord } from './lifecycle-records';

export interface PreviousInput {
    /** This instance's id (its own records are not the previous instance). */
    ownId: string;
    /** Records written in this very check directory. */
    records: readonly LifecycleRecord[];
    /** Records found in the file that were written in another directory (copied in, or the storage was replaced). */
    foreign: readonly LifecycleRecord[];
    /** The own pod's status, when the service account may read it. */
    pod?: PodTermination;
}

const SIGNALS: Record<number, string> = { 137: 'SIGKILL', 143: 'SIGTERM', 134: 'SIGABRT', 139: 'SIGSEGV' };

function exitText(code: number | undefined): string {
    if (code === undefined) {
        return 'exit code unknown';
    }
    return SIGNALS[code] ? `exit code ${code}, ${SIGNALS[code]}` : `exit code ${code}`;
}

/** The Kubernetes view of the last termination, when it names one. */
function fromPod(pod: PodTermination | undefined): Pick<PreviousInstance, 'cause' | 'detail'> & { stoppedAt?: string } | undefined {
    if (!pod) {
        return undefined;
    }
    const t = pod.lastTerminated;
    const container = pod.containerName ? `container ${pod.containerName}` : 'the container';
    const restarts = `restart ${pod.restartCount} of ${container}`;
    if (t?.reason === 'OOMKilled') {
        const limit = pod.memoryLimitBytes !== undefined ? `limit ${formatBytes(pod.memoryLimitBytes)}` : 'memory limit unknown';
        return { cause: 'oom-killed', detail: `${limit}; Kubernetes: OOMKilled, ${restarts}`, stoppedAt: t.finishedAt };
    }
    if (pod.podReason === 'Evicted' || t?.reason === 'Evicted') {
        const why = pod.podMessage ?? t?.message;
        return { cause: 'evicted', detail: `Kubernetes: Evicted${why ? `: ${why.slice(0, 200)}` : ''}`, stoppedAt: t?.finishedAt };
    }
    if (t && (t.exitCode ?? 0) !== 0) {
        return { cause: 'error-exit', detail: `${exitText(t.exitCode)}; Kubernetes: ${t.reason ?? 'terminated'}, ${restarts}`, stoppedAt: t.finishedAt };
    }
    return undefined;
}

/**
 * The predecessor as far as the ledger knows it: the last start record (in this directory) of another instance with
 * an id shaped like the ones backends write. Only records of that instance, written after its start record, count:
 * a record with an empty or foreign id (appended by a workspace process, copied from elsewhere) decides nothing.
 */
function predecessor(records: readonly LifecycleRecord[], ownId: string): { start: LifecycleRecord; stop?: LifecycleRecord } | undefined {
    let at = -1;
    records.forEach((r, i) => {
        if (r.kind === 'start' && r.instanceId !== ownId && isInstanceId(r.instanceId)) {
            at = i;
        }
    });
    if (at < 0) {
        return undefined;
    }
    const start = records[at];
    const stop = records.slice(at + 1).find(r => r.kind === 'stop' && r.instanceId === start.instanceId && Date.parse(r.time) >= Date.parse(start.time));
    return { start, stop };
}

export function decidePrevious(input: PreviousInput): PreviousInstance | undefined {
    const known = predecessor(input.records, input.ownId);
    const pod = fromPod(input.pod);
    // The pod's own status is the API server's word; a file record is only the workspace's.
    if (pod && (pod.cause === 'oom-killed' || pod.cause === 'evicted')) {
        return { instanceId: known?.start.instanceId ?? '', stoppedAt: pod.stoppedAt ?? '', cause: pod.cause, detail: pod.detail };
    }
    if (!known) {
        // Records of another directory count only with a start record a backend could have written; their ids
        // were not written here and are never published.
        const foreign = input.foreign.some(r => r.kind === 'start' && isInstanceId(r.instanceId));
        const restarted = (input.pod?.restartCount ?? 0) > 0;
        if (!foreign && !restarted) {
            return undefined; // the first instance on this storage, as far as anything can tell
        }
        const how = foreign ? 'the lifecycle ledger found belongs to another directory (the volume was replaced or copied)'
            : `the container restarted (restart ${input.pod!.restartCount}) but the workspace has no lifecycle ledger`;
        return {
            instanceId: '', stoppedAt: pod?.stoppedAt ?? '', cause: 'storage-replaced',
            detail: `${how}${pod ? `; before that: ${pod.cause}, ${pod.detail}` : ''}`
        };
    }
    const { start, stop } = known;
    if (stop) {
        return {
            instanceId: start.instanceId, stoppedAt: stop.time, cause: stop.cause === 'idle' ? 'idle-stop' : 'planned-stop',
            detail: stop.cause === 'idle' ? `idle timeout; drain ${stop.drainSeconds} s` : `SIGTERM; drain ${stop.drainSeconds} s`
        };
    }
    if (pod) {
        return { instanceId: start.instanceId, stoppedAt: pod.stoppedAt ?? '', cause: pod.cause, detail: pod.detail };
    }
    const t = input.pod?.lastTerminated;
    return {
        instanceId: start.instanceId, stoppedAt: t?.finishedAt ?? '', cause: 'crash',
        detail: `no stop record; last record start at ${start.time}${t ? `; Kubernetes: ${t.reason ?? 'terminated'}, ${exitText(t.exitCode)}` : ''}`
    };
}
