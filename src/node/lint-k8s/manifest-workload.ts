// *****************************************************************************
// A workload (Deployment, StatefulSet, ..., Pod) as the rules see it: its pod spec, labels, replicas, containers,
// annotations; read from a loaded resource.
// *****************************************************************************

import { K8sResource, YamlPath } from './lint-types';
import { asArray, get, isMapping } from './yaml-access';

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'DaemonSet', 'Pod'];

export interface ContainerRef {
    index: number;
    /** `containers` or `initContainers` path of this container. */
    path: YamlPath;
    body: Record<string, unknown>;
    name: string;
}

export interface Workload {
    resource: K8sResource;
    podSpecPath: YamlPath;
    podSpec: Record<string, unknown>;
    podLabels: Record<string, string>;
    /** Replicas as written; `undefined` when unset (Kubernetes default 1, or one per node for a DaemonSet). */
    replicas: number | undefined;
    volumeClaimTemplates: string[];
    /** The IDE container, or undefined when this workload does not look like the IDE. */
    ide?: ContainerRef;
    /** How the IDE container was recognised: `name-or-image`, `workspace-mount`, `only-container`. */
    identifiedBy?: 'name-or-image' | 'workspace-mount' | 'only-container';
}

export function toWorkload(r: K8sResource): Workload | undefined {
    const podSpecPath: YamlPath = r.kind === 'Pod' ? ['spec'] : ['spec', 'template', 'spec'];
    const podSpec = get(r.body, podSpecPath);
    if (!isMapping(podSpec)) {
        return undefined;
    }
    const labels = get(r.body, r.kind === 'Pod' ? ['metadata', 'labels'] : ['spec', 'template', 'metadata', 'labels']);
    const replicas = get(r.body, ['spec', 'replicas']);
    return {
        resource: r,
        podSpecPath,
        podSpec,
        podLabels: isMapping(labels) ? Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)])) : {},
        replicas: r.kind === 'Pod' ? 1 : typeof replicas === 'number' ? replicas : undefined,
        volumeClaimTemplates: asArray(get(r.body, ['spec', 'volumeClaimTemplates'])).map(t => get(t, ['metadata', 'name'])).filter((n): n is string => typeof n === 'string')
    };
}

export function containersOf(w: Workload): ContainerRef[] {
    return asArray(w.podSpec.containers).map((c, index) => ({
        index,
        path: [...w.podSpecPath, 'containers', index],
        body: isMapping(c) ? c : {},
        name: isMapping(c) && typeof c.name === 'string' ? c.name : `#${index}`
    }));
}

/** `parent` is `child` or one of its ancestors (both absolute POSIX paths). */
export function pathContains(parent: string, child: string): boolean {
    const p = parent.replace(/\/+$/, '') || '/';
    const c = child.replace(/\/+$/, '') || '/';
    return p === c || p === '/' || c.startsWith(p + '/');
}

export function annotationsOf(r: K8sResource): Record<string, string> {
    const a = get(r.body, ['metadata', 'annotations']);
    return isMapping(a) ? Object.fromEntries(Object.entries(a).map(([k, v]) => [k, String(v)])) : {};
}
