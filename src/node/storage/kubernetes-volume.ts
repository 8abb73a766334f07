// *****************************************************************************
// What the IDE's own pod says about the volume under a path. Pure: takes the pod and claim JSON.
// *****************************************************************************

import { isObject } from '@theia/core/lib/common/types';
import { mountContains } from './mountinfo-parser';
import { KubernetesStorageEvidence, StorageKind, StorageVerdict } from '../../common/storage/storage-protocol';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type PodJson = any;
export type ClaimJson = any;
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface PodVolumeMatch {
    namespace: string;
    pod: string;
    container?: string;
    mountPath?: string;
    volumeName?: string;
    /** The volume entry of `spec.volumes`, when a mount holds the path. */
    volume?: Record<string, unknown>;
    /** The claim to read: `persistentVolumeClaim.claimName`, or `<pod>-<volume>` for a generic ephemeral volume. */
    claimName?: string;
}

const VOLUME_TYPES = ['persistentVolumeClaim', 'ephemeral', 'emptyDir', 'hostPath', 'nfs', 'csi', 'configMap', 'secret', 'projected',
    'downwardAPI', 'iscsi', 'rbd', 'cephfs', 'glusterfs', 'awsElasticBlockStore', 'gcePersistentDisk', 'azureDisk', 'azureFile', 'image'];

export function volumeType(volume: Record<string, unknown> | undefined): string | undefined {
    if (!volume) {
        return undefined;
    }
    return VOLUME_TYPES.find(t => volume[t] !== undefined && volume[t] !== null) ?? Object.keys(volume).find(k => k !== 'name');
}

function normalize(p: string): string {
    return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

/**
 * Finds the volumeMount (longest mountPath) that holds one of `paths` in the IDE's container.
 * The container is `containerName` when given and present, the only container otherwise, else all
 * containers are searched. Returns a string when the pod JSON is not usable.
 */
export function findPodVolume(pod: PodJson, paths: readonly string[], containerName?: string): PodVolumeMatch | string {
    if (!pod || typeof pod !== 'object' || !pod.spec || !Array.isArray(pod.spec.containers)) {
        return 'the pod JSON has no spec.containers';
    }
    const namespace = String(pod.metadata?.namespace ?? '');
    const podName = String(pod.metadata?.name ?? '');
    const containers: PodJson[] = pod.spec.containers.filter((c: PodJson) => isObject(c));
    const named = containerName ? containers.filter(c => c.name === containerName) : [];
    const candidates = named.length > 0 ? named : containers;
    let best: { container: string; mountPath: string; volumeName: string } | undefined;
    for (const c of candidates) {
        for (const vm of Array.isArray(c.volumeMounts) ? c.volumeMounts : []) {
            if (typeof vm?.mountPath !== 'string' || typeof vm.name !== 'string') {
                continue;
            }
            const mountPath = normalize(vm.mountPath);
            if (paths.some(p => mountContains(mountPath, normalize(p))) && (!best || mountPath.length > best.mountPath.length)) {
                best = { container: String(c.name), mountPath, volumeName: vm.name };
            }
        }
    }
    const container = best?.container ?? (candidates.length === 1 ? String(candidates[0].name) : named[0]?.name);
    if (!best) {
        return { namespace, pod: podName, container };
    }
    const volume = (Array.isArray(pod.spec.volumes) ? pod.spec.volumes : []).find((v: PodJson) => v?.name === best!.volumeName);
    const match: PodVolumeMatch = { namespace, pod: podName, container: best.container, mountPath: best.mountPath, volumeName: best.volumeName, volume };
    if (volume?.persistentVolumeClaim?.claimName) {
        match.claimName = String(volume.persistentVolumeClaim.claimName);
    } else if (volume?.ephemeral) {
        match.claimName = `${podName}-${best.volumeName}`;
    }
    return match;
}

export interface KubernetesVerdict {
    verdict: StorageVerdict;
    kind: StorageKind;
    reason: string;
    evidence: KubernetesStorageEvidence;
    notes: string[];
}

/** Whether a claim is owned by a pod (a generic ephemeral volume, or a claim created for one pod). */
export function ownedByPod(claim: ClaimJson, podName?: string): boolean {
    const refs = claim?.metadata?.ownerReferences;
    return Array.isArray(refs) && refs.some((r: PodJson) => r?.kind === 'Pod' && (r.controller === true || podName === undefined || r.name === podName));
}

/**
 * The verdict for a matched volume. `claim` is the claim JSON when it could be read, `claimError` why not.
 * `mountKind` is the kind the mount table found, kept when it describes a claim better than a guess.
 */
export function kubernetesVerdict(match: PodVolumeMatch, claim: ClaimJson | undefined, claimError: string | undefined, mountKind: StorageKind): KubernetesVerdict {
    const evidence: KubernetesStorageEvidence = { namespace: match.namespace, pod: match.pod };
    if (match.container) {
        evidence.container = match.container;
    }
    const notes: string[] = [];
    if (!match.volumeName) {
        return {
            verdict: 'ephemeral', kind: 'container-overlay', evidence, notes,
            reason: `No volume of pod ${match.pod} is mounted at this path: it is on the container's own filesystem, deleted when this container restarts or the pod is deleted.`
        };
    }
    evidence.mountPath = match.mountPath;
    evidence.volumeName = match.volumeName;
    const type = volumeType(match.volume);
    if (type) {
        evidence.volumeType = type;
    }
    const volume = (match.volume ?? {}) as Record<string, Record<string, unknown> | undefined>;
    const claimKind: StorageKind = mountKind === 'block-volume' || mountKind === 'csi-volume' || mountKind === 'network' ? mountKind : 'csi-volume';
    const volumeLabel = `volume "${match.volumeName}" at ${match.mountPath}`;
    if (type === 'persistentVolumeClaim' || type === 'ephemeral') {
        evidence.claimName = match.claimName;
        if (claim) {
            const storageClass = claim.spec?.storageClassName;
            if (typeof storageClass === 'string') {
                evidence.storageClass = storageClass;
            }
            const modes = claim.status?.accessModes ?? claim.spec?.accessModes;
            if (Array.isArray(modes)) {
                evidence.accessModes = modes.map(String);
            }
            evidence.ownedByPod = ownedByPod(claim, match.pod);
        } else if (claimError) {
            notes.push(`The claim ${match.claimName} could not be read: ${claimError}`);
        }
        const details = [evidence.storageClass ? `storage class ${evidence.storageClass}` : undefined, evidence.accessModes?.length ? evidence.accessModes.join(', ') : undefined]
            .filter(Boolean).join(', ');
        const claimLabel = `PersistentVolumeClaim ${match.claimName}${details ? ` (${details})` : ''}`;
        if (type === 'ephemeral' || evidence.ownedByPod) {
            evidence.ownedByPod = true;
            return {
                verdict: 'ephemeral', kind: claimKind, evidence, notes,
                reason: `The ${volumeLabel} is a generic ephemeral volume: its ${claimLabel} is owned by pod ${match.pod} and deleted when this pod is deleted.`
            };
        }
        return {
            verdict: 'persistent', kind: claimKind, evidence, notes,
            reason: `The ${volumeLabel} is ${claimLabel}: it survives pod deletion and restarts.`
        };
    }
    if (type === 'emptyDir') {
        const medium = volume.emptyDir?.medium;
        if (typeof medium === 'string' && medium !== '') {
            evidence.emptyDirMedium = medium;
        }
        const memory = medium === 'Memory';
        return {
            verdict: 'ephemeral', kind: memory ? 'tmpfs' : 'empty-dir', evidence, notes,
            reason: memory
                ? `The ${volumeLabel} is an emptyDir in memory: deleted when this pod is deleted or restarted.`
                : `The ${volumeLabel} is an emptyDir: survives a container restart, deleted when this pod is deleted or moves to another node.`
        };
    }
    if (type === 'hostPath') {
        return {
            verdict: 'node-local', kind: 'host-path', evidence, notes,
            reason: `The ${volumeLabel} is a hostPath (${String(volume.hostPath?.path ?? '?')}) on the node: lost when the pod moves to another node.`
        };
    }
    if (type === 'nfs' || type === 'cephfs' || type === 'glusterfs' || type === 'azureFile') {
        return { verdict: 'persistent', kind: 'network', evidence, notes, reason: `The ${volumeLabel} is a ${type} network volume: survives pod deletion.` };
    }
    if (type === 'awsElasticBlockStore' || type === 'gcePersistentDisk' || type === 'azureDisk' || type === 'iscsi' || type === 'rbd') {
        return { verdict: 'persistent', kind: 'block-volume', evidence, notes, reason: `The ${volumeLabel} is a ${type} disk: survives pod deletion.` };
    }
    if (type === 'configMap' || type === 'secret' || type === 'projected' || type === 'downwardAPI') {
        return { verdict: 'ephemeral', kind: 'tmpfs', evidence, notes, reason: `The ${volumeLabel} is a ${type} volume, rewritten by the kubelet: never a place for work.` };
    }
    return { verdict: 'unknown', kind: 'unknown', evidence, notes, reason: `The ${volumeLabel} is of type ${type ?? 'unknown'}, which this check does not judge.` };
}
