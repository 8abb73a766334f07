// *****************************************************************************
// Texts of the storage status-bar item and warning. Pure.
// *****************************************************************************

import { StorageClassification, StorageVerdict } from '../../common/storage/storage-protocol';

const SEVERITY: Record<StorageVerdict, number> = { 'ephemeral': 3, 'node-local': 2, 'unknown': 1, 'persistent': 0 };

/** The root to show: the worst verdict (ephemeral > node-local > unknown > persistent), first on ties. */
export function worstClassification(results: readonly StorageClassification[]): StorageClassification | undefined {
    let worst: StorageClassification | undefined;
    for (const r of results) {
        if (!worst || SEVERITY[r.verdict] > SEVERITY[worst.verdict]) {
            worst = r;
        }
    }
    return worst;
}

export function storageStatusText(r: StorageClassification): string {
    switch (r.verdict) {
        case 'persistent':
            return r.kubernetes?.claimName || r.kind === 'csi-volume' ? '$(database) PVC' : '$(database) Persistent';
        case 'ephemeral':
            return '$(warning) Ephemeral';
        case 'node-local':
            return '$(warning) Node-local';
        default:
            return '$(question) Storage unknown';
    }
}

/** What is lost and when, in a few words. */
export function lossWhen(r: StorageClassification): string {
    if (r.kubernetes?.ownedByPod) {
        return 'deleted when this pod is deleted';
    }
    switch (r.kind) {
        case 'container-overlay': return 'deleted when this container restarts or the pod is deleted or restarted';
        case 'tmpfs': return 'deleted when this pod is deleted or restarted (it lives in memory)';
        case 'empty-dir': return 'deleted when this pod is deleted or restarted on another node (it survives only a container restart)';
        case 'host-path': return 'lost when the IDE moves to another node or machine';
        default: return r.verdict === 'node-local' ? 'lost when the IDE moves to another node' : 'deleted when this pod is deleted or restarted';
    }
}

export function storageTooltip(roots: readonly StorageClassification[], configDir?: StorageClassification): string {
    const lines: string[] = [];
    for (const r of roots) {
        lines.push(`Workspace ${r.resolvedPath ?? r.path}: ${r.verdict} (${r.kind})`);
        if (r.evidence.mountPoint !== undefined) {
            lines.push(`  Mount point: ${r.evidence.mountPoint} (${r.evidence.fsType} from ${r.evidence.source})`);
        }
        lines.push(`  ${r.evidence.reason}`);
        lines.push(`  Decided by: ${r.decidedBy}`);
    }
    if (configDir) {
        lines.push(`Settings directory ${configDir.resolvedPath ?? configDir.path}: ${configDir.verdict} (${configDir.kind})`);
    }
    lines.push('Click for details');
    return lines.join('\n');
}

export function warningMessage(r: StorageClassification): string {
    const where = r.resolvedPath ?? r.path;
    const what = r.verdict === 'node-local' ? 'node-local storage' : 'ephemeral storage';
    return `Your workspace ${where} is on ${what} (${r.kind}): your files are ${lossWhen(r)}.`;
}
