// *****************************************************************************
// Texts of the storage status-bar item and warning. Pure.
// *****************************************************************************

import { StorageClassification, StorageVerdict } from '../../common/storage/storage-protocol';
import { nls } from '@theia/core/lib/common/nls';

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
            return r.kubernetes?.claimName || r.kind === 'csi-volume' ? '$(database) PVC' : `$(database) ${nls.localize('theia-session-health/storage/item.persistent', 'Persistent')}`;
        case 'ephemeral':
            return `$(warning) ${nls.localize('theia-session-health/storage/item.ephemeral', 'Ephemeral')}`;
        case 'node-local':
            return `$(warning) ${nls.localize('theia-session-health/storage/item.nodeLocal', 'Node-local')}`;
        default:
            return `$(question) ${nls.localize('theia-session-health/storage/item.unknown', 'Storage unknown')}`;
    }
}

/** What is lost and when, in a few words. */
export function lossWhen(r: StorageClassification): string {
    if (r.kubernetes?.ownedByPod) {
        return nls.localize('theia-session-health/storage/loss.podDeleted', 'deleted when this pod is deleted');
    }
    switch (r.kind) {
        case 'container-overlay': return nls.localize('theia-session-health/storage/loss.overlay', 'deleted when this container restarts or the pod is deleted or restarted');
        case 'tmpfs': return nls.localize('theia-session-health/storage/loss.tmpfs', 'deleted when this pod is deleted or restarted (it lives in memory)');
        case 'empty-dir': return nls.localize('theia-session-health/storage/loss.emptyDir', 'deleted when this pod is deleted or restarted on another node (it survives only a container restart)');
        case 'host-path': return nls.localize('theia-session-health/storage/loss.hostPath', 'lost when the IDE moves to another node or machine');
        default: return r.verdict === 'node-local'
            ? nls.localize('theia-session-health/storage/loss.nodeLocal', 'lost when the IDE moves to another node')
            : nls.localize('theia-session-health/storage/loss.ephemeral', 'deleted when this pod is deleted or restarted');
    }
}

export function storageTooltip(roots: readonly StorageClassification[], configDir?: StorageClassification): string {
    const lines: string[] = [];
    for (const r of roots) {
        lines.push(nls.localize('theia-session-health/storage/tooltip.workspace', 'Workspace {0}: {1} ({2})', r.resolvedPath ?? r.path, r.verdict, r.kind));
        if (r.evidence.mountPoint !== undefined) {
            lines.push('  ' + nls.localize('theia-session-health/storage/tooltip.mountPoint', 'Mount point: {0} ({1} from {2})', r.evidence.mountPoint, r.evidence.fsType, r.evidence.source));
        }
        lines.push(`  ${r.evidence.reason}`);
        lines.push('  ' + nls.localize('theia-session-health/storage/tooltip.decidedBy', 'Decided by: {0}', r.decidedBy));
    }
    if (configDir) {
        lines.push(nls.localize('theia-session-health/storage/tooltip.settingsDir', 'Settings directory {0}: {1} ({2})', configDir.resolvedPath ?? configDir.path, configDir.verdict, configDir.kind));
    }
    lines.push(nls.localize('theia-session-health/connection/tooltip.clickForDetails', 'Click for details'));
    return lines.join('\n');
}

export function warningMessage(r: StorageClassification): string {
    const where = r.resolvedPath ?? r.path;
    return r.verdict === 'node-local'
        ? nls.localize('theia-session-health/storage/warning.nodeLocal', 'Your workspace {0} is on node-local storage ({1}): your files are {2}.', where, r.kind, lossWhen(r))
        : nls.localize('theia-session-health/storage/warning.ephemeral', 'Your workspace {0} is on ephemeral storage ({1}): your files are {2}.', where, r.kind, lossWhen(r));
}
