// *****************************************************************************
// What the IDE's own pod says about its last container termination: `containerStatuses[].lastState.terminated`
// (reason, exit code, finishedAt), `restartCount`, the pod's `status.reason`/`message` (Evicted) and the
// container's memory limit. Needs `get` on `pods` for the own pod. Never throws.
// *****************************************************************************

import { getJson, KubernetesAccessOptions, podPath, resolveKubernetesAccess } from './kubernetes-client';

export interface PodTermination {
    podName: string;
    containerName?: string;
    restartCount: number;
    /** The container's previous termination, when it restarted. */
    lastTerminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string; message?: string };
    /** Pod-level `status.reason` (e.g. `Evicted`) and message. */
    podReason?: string;
    podMessage?: string;
    memoryLimitBytes?: number;
}

const QUANTITY = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|K|M|G|T|P|E|m)?$/;
const FACTORS: Record<string, number> = {
    '': 1, 'm': 1e-3, 'k': 1e3, 'K': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
    'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60
};

/** A Kubernetes memory quantity ("4Gi", "512M", "1e9" not supported) in bytes; undefined when unreadable. */
export function parseMemoryQuantity(value: unknown): number | undefined {
    if (typeof value !== 'string' && typeof value !== 'number') {
        return undefined;
    }
    const m = QUANTITY.exec(String(value).trim());
    return m ? Math.round(Number(m[1]) * FACTORS[m[2] ?? '']) : undefined;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Json : undefined;
const arr = (v: unknown): Json[] => Array.isArray(v) ? v.map(obj).filter((x): x is Json => !!x) : [];
const str = (v: unknown): string | undefined => typeof v === 'string' && v.length <= 1024 ? v : undefined;
const int = (v: unknown): number | undefined => typeof v === 'number' && Number.isInteger(v) ? v : undefined;

/** Reads a pod document (as the API server returns it); the container named, else the only or first one. */
export function podTermination(pod: unknown, containerName?: string): PodTermination | undefined {
    const p = obj(pod);
    const status = obj(p?.status);
    if (!p || !status) {
        return undefined;
    }
    const statuses = arr(status.containerStatuses);
    const cs = (containerName ? statuses.find(s => s.name === containerName) : undefined) ?? statuses[0];
    const name = str(cs?.name) ?? containerName;
    const spec = arr(obj(p.spec)?.containers).find(c => c.name === name);
    const terminated = obj(obj(cs?.lastState)?.terminated);
    return {
        podName: str(obj(p.metadata)?.name) ?? '',
        containerName: name,
        restartCount: int(cs?.restartCount) ?? 0,
        lastTerminated: terminated ? {
            reason: str(terminated.reason), exitCode: int(terminated.exitCode), signal: int(terminated.signal),
            finishedAt: str(terminated.finishedAt), message: str(terminated.message)
        } : undefined,
        podReason: str(status.reason),
        podMessage: str(status.message),
        memoryLimitBytes: parseMemoryQuantity(obj(obj(spec?.resources)?.limits)?.memory)
    };
}

/** Reads the own pod through the service account; `unavailable` says why not (not in a pod, RBAC, timeout). */
export async function readPodTermination(options: KubernetesAccessOptions = {}): Promise<PodTermination | { unavailable: string }> {
    const access = resolveKubernetesAccess(options);
    if ('unavailable' in access) {
        return access;
    }
    const result = await getJson(access, podPath(access));
    if (result.error) {
        return { unavailable: `reading pod ${access.namespace}/${access.podName}: ${result.error}` };
    }
    return podTermination(result.body, access.containerName) ?? { unavailable: 'the pod document has no status' };
}
