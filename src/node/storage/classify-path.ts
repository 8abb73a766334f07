// *****************************************************************************
// classifyPath(): where does a path live? Mount table + statfs + (in a pod) the Kubernetes API +
// admin declarations. Reusable by other features; never throws.
// *****************************************************************************

import * as fs from 'fs';
import * as path from 'path';
import { classifyMount } from './storage-classifier';
import { MountInfoParseResult, parseMountInfo } from './mountinfo-parser';
import { AdminOverrides, applyAdminOverrides } from './storage-overrides';
import { findPodVolume, kubernetesVerdict } from './kubernetes-volume';
import { StorageClassification, WORKSPACE_STORAGE_ENV } from '../../common/storage/storage-protocol';
import { claimPath, getJson, KubernetesAccess, KubernetesAccessOptions, podPath, resolveKubernetesAccess } from './kubernetes-client';

export const DEFAULT_MOUNTINFO_PATH = '/proc/self/mountinfo';

export interface ClassifyPathOptions {
    /** Where to read the mount table; default /proc/self/mountinfo. */
    mountInfoPath?: string;
    /** The mount table text itself (instead of reading mountInfoPath). */
    mountInfoText?: string;
    /** Default `process.platform`. */
    platform?: string;
    /** statfs(2) f_type of a path; `false` skips the cross-check. Default: `fs.promises.statfs`. */
    statfs?: ((p: string) => Promise<number>) | false;
    /** Resolve symlinks (default true). A path that does not exist is `unknown`. */
    resolveSymlinks?: boolean;
    /** In-cluster API access; `false` never asks Kubernetes. Default: from the environment. */
    kubernetes?: KubernetesAccessOptions | false;
    /** Admin declarations; `workspaceEnv` defaults to $SESSION_HEALTH_WORKSPACE_STORAGE. */
    overrides?: AdminOverrides;
    /** Apply the workspace env declaration to this path (workspace roots). Default false. */
    isWorkspaceRoot?: boolean;
    env?: NodeJS.ProcessEnv;
}

export interface PathRequest {
    path: string;
    isWorkspaceRoot?: boolean;
}

function message(e: unknown): string {
    const err = e as NodeJS.ErrnoException;
    return err?.code ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(e);
}

async function defaultStatfs(p: string): Promise<number> {
    const stats = await fs.promises.statfs(p);
    return Number(stats.type);
}

/** Shared state of one batch: the mount table is read once, the pod fetched once, claims once each. */
class ClassificationContext {
    protected mountInfo: Promise<{ parsed?: MountInfoParseResult; error?: string }> | undefined;
    protected access: KubernetesAccess | { unavailable: string } | undefined;
    protected pod: Promise<{ body?: unknown; error?: string }> | undefined;
    protected readonly claims = new Map<string, Promise<{ body?: unknown; error?: string }>>();

    constructor(protected readonly options: ClassifyPathOptions) { }

    readMountInfo(): Promise<{ parsed?: MountInfoParseResult; error?: string }> {
        this.mountInfo ??= (async () => {
            if (this.options.mountInfoText !== undefined) {
                return { parsed: parseMountInfo(this.options.mountInfoText) };
            }
            try {
                return { parsed: parseMountInfo(await fs.promises.readFile(this.options.mountInfoPath ?? DEFAULT_MOUNTINFO_PATH, 'utf8')) };
            } catch (e) {
                return { error: message(e) };
            }
        })();
        return this.mountInfo;
    }

    kubernetesAccess(): KubernetesAccess | { unavailable: string } {
        if (this.options.kubernetes === false) {
            return { unavailable: 'the Kubernetes API check is turned off' };
        }
        this.access ??= resolveKubernetesAccess({ env: this.options.env, ...this.options.kubernetes });
        return this.access;
    }

    readPod(access: KubernetesAccess): Promise<{ body?: unknown; error?: string }> {
        this.pod ??= getJson(access, podPath(access));
        return this.pod;
    }

    readClaim(access: KubernetesAccess, name: string): Promise<{ body?: unknown; error?: string }> {
        let claim = this.claims.get(name);
        if (!claim) {
            claim = getJson(access, claimPath(access, name));
            this.claims.set(name, claim);
        }
        return claim;
    }
}

async function classifyOne(request: PathRequest, options: ClassifyPathOptions, context: ClassificationContext): Promise<StorageClassification> {
    const env = options.env ?? process.env;
    const platform = options.platform ?? process.platform;
    const checkedAt = new Date().toISOString();
    const asked = typeof request.path === 'string' ? request.path : String(request.path);
    const base = { path: asked, checkedAt, notes: [] as string[] };
    if (asked.trim() === '' || asked.includes('\0')) {
        return { ...base, verdict: 'unknown', kind: 'unknown', decidedBy: 'mountinfo', evidence: { reason: 'No usable path was given.' } };
    }
    let resolved = path.resolve(asked);
    if (options.resolveSymlinks !== false) {
        try {
            resolved = await fs.promises.realpath(resolved);
        } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            if (code === 'ENOENT' || code === 'ENOTDIR') {
                return { ...base, resolvedPath: resolved, verdict: 'unknown', kind: 'unknown', decidedBy: 'mountinfo', evidence: { reason: `${resolved} does not exist.` } };
            }
            base.notes.push(`Symlinks could not be resolved (${message(e)}); classified the path as given.`);
        }
    }
    let statfsMagic: number | undefined;
    let statfsError: string | undefined;
    if (options.statfs !== false && platform === 'linux') {
        try {
            statfsMagic = await (options.statfs ?? defaultStatfs)(resolved);
        } catch (e) {
            statfsError = message(e);
        }
    }
    const mountInfo = platform === 'linux' ? await context.readMountInfo() : {};
    const byMount = classifyMount({ path: resolved, platform, mountInfo: mountInfo.parsed, mountInfoError: mountInfo.error, statfsMagic, statfsError });
    let result: StorageClassification = {
        ...base,
        notes: [...base.notes, ...byMount.notes],
        resolvedPath: resolved,
        verdict: byMount.verdict,
        kind: byMount.kind,
        decidedBy: 'mountinfo',
        evidence: byMount.evidence
    };

    const access = context.kubernetesAccess();
    if ('unavailable' in access) {
        result.notes.push(`Kubernetes not asked: ${access.unavailable}; the mount table decided.`);
    } else {
        const pod = await context.readPod(access);
        const match = !pod.error && pod.body ? findPodVolume(pod.body, [...new Set([resolved, path.resolve(asked)])], access.containerName) : pod.error ?? 'no answer';
        if (typeof match === 'string') {
            result.notes.push(`Kubernetes could not tell: reading pod ${access.namespace}/${access.podName} failed: ${match}; the mount table decided.`);
        } else {
            const claim = match.claimName ? await context.readClaim(access, match.claimName) : undefined;
            const k8s = kubernetesVerdict(match, claim?.error ? undefined : claim?.body, claim?.error, byMount.kind);
            result.kubernetes = k8s.evidence;
            result.notes.push(...k8s.notes);
            if (k8s.verdict === 'unknown') {
                result.notes.push(`Kubernetes: ${k8s.reason} The mount table decided.`);
            } else {
                if (k8s.verdict !== byMount.verdict) {
                    result.notes.push(`The mount table said ${byMount.verdict} (${byMount.kind}); the Kubernetes API wins.`);
                }
                result = {
                    ...result,
                    verdict: k8s.verdict,
                    kind: k8s.kind,
                    decidedBy: 'kubernetes',
                    mountinfo: { verdict: byMount.verdict, kind: byMount.kind, reason: byMount.evidence.reason },
                    evidence: { ...result.evidence, reason: k8s.reason }
                };
            }
        }
    }
    const overrides: AdminOverrides = { workspaceEnv: env[WORKSPACE_STORAGE_ENV], ...options.overrides };
    return applyAdminOverrides(result, overrides, request.isWorkspaceRoot ?? options.isWorkspaceRoot ?? false);
}

/** Classifies several paths with one read of the mount table and one pod lookup. Never rejects. */
export async function classifyPaths(requests: readonly PathRequest[], options: ClassifyPathOptions = {}): Promise<StorageClassification[]> {
    const context = new ClassificationContext(options);
    return Promise.all(requests.map(async request => {
        try {
            return await classifyOne(request, options, context);
        } catch (e) {
            return {
                path: String(request.path), checkedAt: new Date().toISOString(), notes: [], verdict: 'unknown', kind: 'unknown', decidedBy: 'mountinfo',
                evidence: { reason: `Classification failed: ${message(e)}` }
            } satisfies StorageClassification;
        }
    }));
}

/** Classifies one path: verdict, kind, decidedBy and evidence. Never rejects. */
export async function classifyPath(p: string, options: ClassifyPathOptions = {}): Promise<StorageClassification> {
    const [result] = await classifyPaths([{ path: p }], options);
    return result;
}
