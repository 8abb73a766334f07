// *****************************************************************************
// Admin declarations: mount-point patterns from the settings and the workspace env variable.
// *****************************************************************************

import { StorageClassification, StorageVerdict, WORKSPACE_STORAGE_ENV } from '../../common/storage/storage-protocol';
import { matchesMountPattern } from './mount-pattern';

export interface AdminOverrides {
    /** Glob patterns on the mount point (see mount-pattern.ts): `*` = any characters but `/`, `**` = anything, `?` = one character. */
    persistentMountPatterns?: readonly string[];
    ephemeralMountPatterns?: readonly string[];
    /** The value of SESSION_HEALTH_WORKSPACE_STORAGE (applies to workspace roots only). */
    workspaceEnv?: string;
}

/**
 * The one parser of SESSION_HEALTH_WORKSPACE_STORAGE (the classifier and the readiness check both use it):
 * `persistent` or `ephemeral` (any case, spaces ignored); anything else is reported as ignored.
 */
export function parseWorkspaceEnv(value: string | undefined): { verdict?: 'persistent' | 'ephemeral'; note?: string } {
    if (value === undefined || value.trim() === '') {
        return {};
    }
    const v = value.trim().toLowerCase();
    if (v === 'persistent' || v === 'ephemeral') {
        return { verdict: v };
    }
    return { note: `${WORKSPACE_STORAGE_ENV}=${JSON.stringify(value)} ignored: expected "persistent" or "ephemeral".` };
}

function declare(result: StorageClassification, verdict: StorageVerdict, by: string): StorageClassification {
    const detected = result.mountinfo ?? { verdict: result.verdict, kind: result.kind, reason: result.evidence.reason };
    return {
        ...result,
        verdict,
        decidedBy: 'admin',
        mountinfo: detected,
        notes: result.decidedBy === 'admin' ? result.notes : [...result.notes, `Detected by ${result.decidedBy}: ${result.verdict} (${result.evidence.reason})`],
        evidence: { ...result.evidence, reason: `Declared ${verdict} by the administrator (${by}); detected: ${result.verdict}, ${result.kind}.` }
    };
}

/**
 * Applies the admin declarations. The env variable (for workspace roots) wins over the patterns;
 * of the patterns, an ephemeral match wins over a persistent one (the safer answer).
 */
export function applyAdminOverrides(result: StorageClassification, overrides: AdminOverrides, isWorkspaceRoot: boolean): StorageClassification {
    if (isWorkspaceRoot) {
        const env = parseWorkspaceEnv(overrides.workspaceEnv);
        if (env.note) {
            result = { ...result, notes: [...result.notes, env.note] };
        }
        if (env.verdict) {
            return declare(result, env.verdict, `${WORKSPACE_STORAGE_ENV}=${env.verdict}`);
        }
    }
    const mountPoint = result.evidence.mountPoint;
    if (mountPoint === undefined) {
        return result;
    }
    const ephemeral = matchesMountPattern(mountPoint, overrides.ephemeralMountPatterns);
    if (ephemeral) {
        return declare(result, 'ephemeral', `sessionHealth.storage.ephemeralMountPatterns: ${ephemeral}`);
    }
    const persistent = matchesMountPattern(mountPoint, overrides.persistentMountPatterns);
    if (persistent) {
        return declare(result, 'persistent', `sessionHealth.storage.persistentMountPatterns: ${persistent}`);
    }
    return result;
}
