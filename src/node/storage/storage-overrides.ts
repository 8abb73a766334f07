// *****************************************************************************
// Admin declarations: mount-point patterns from the settings and the workspace env variable.
// *****************************************************************************

import { StorageClassification, StorageVerdict, WORKSPACE_STORAGE_ENV } from '../../common/storage/storage-protocol';

export interface AdminOverrides {
    /** Glob patterns on the mount point: `*` = any characters but `/`, `**` = anything, `?` = one character. */
    persistentMountPatterns?: readonly string[];
    ephemeralMountPatterns?: readonly string[];
    /** The value of SESSION_HEALTH_WORKSPACE_STORAGE (applies to workspace roots only). */
    workspaceEnv?: string;
}

const globCache = new Map<string, RegExp>();

/** Converts a mount-point glob to a regular expression (anchored). A trailing `/**` also matches the directory itself. */
export function globToRegExp(glob: string): RegExp {
    let re = globCache.get(glob);
    if (!re) {
        let source = '';
        for (let i = 0; i < glob.length; i++) {
            const c = glob[i];
            if (c === '*' && glob[i + 1] === '*') {
                if (glob[i + 2] === '/') {
                    source += '(?:.*/)?';
                    i += 2;
                } else {
                    source += '.*';
                    i++;
                }
            } else if (c === '*') {
                source += '[^/]*';
            } else if (c === '?') {
                source += '[^/]';
            } else {
                source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
            }
        }
        source = source.replace(/\/\.\*$/, '(?:/.*)?');
        re = new RegExp(`^${source}$`);
        if (globCache.size > 500) {
            globCache.clear();
        }
        globCache.set(glob, re);
    }
    return re;
}

export function matchesMountPattern(mountPoint: string, patterns: readonly unknown[] | undefined): string | undefined {
    if (!Array.isArray(patterns)) {
        return undefined;
    }
    for (const pattern of patterns) {
        if (typeof pattern === 'string' && pattern.trim() !== '' && globToRegExp(pattern.trim()).test(mountPoint)) {
            return pattern;
        }
    }
    return undefined;
}

/** Parses the env value: `persistent` or `ephemeral` (any case); anything else is reported as ignored. */
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
