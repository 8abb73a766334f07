// *****************************************************************************
// The RPC service: classification of the workspace roots and of the Theia configuration directory. It classifies
// only paths inside a workspace root this backend has open (its WorkspaceServer) or inside Theia's configuration
// directory: a caller cannot probe the mounts, volumes and Kubernetes claims behind any path it names.
// *****************************************************************************

import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { EnvVariablesServer } from '@theia/core/lib/common/env-variables';
import { FileUri } from '@theia/core/lib/common/file-uri';
import {
    StorageClassification, StorageClassificationService, WorkspaceStorageReport, WorkspaceStorageRequest
} from '../../common/storage/storage-protocol';
import { WorkspaceServer } from '@theia/workspace/lib/common/workspace-protocol';
// isInside is a pure path comparison, imported as is; the file system goes through the injected LedgerService.
import { isInside } from '../ledger/workspace-roots';
import { LedgerService } from '../ledger/ledger-service';
import { AdminOverrides } from './storage-overrides';
import { classifyPaths, PathRequest } from './classify-path';

const MAX_ROOTS = 64;

function stringArray(value: unknown): string[] | undefined {
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').slice(0, 200) : undefined;
}

/** `file:///x` to `/x`; plain paths pass; other schemes are undefined (not on this machine's disk). */
export function toFsPath(rootOrUri: string): string | undefined {
    if (typeof rootOrUri !== 'string' || rootOrUri === '') {
        return undefined;
    }
    if (rootOrUri.startsWith('/')) {
        return rootOrUri;
    }
    if (rootOrUri.startsWith('file:')) {
        try {
            return FileUri.fsPath(rootOrUri);
        } catch {
            return undefined;
        }
    }
    return undefined;
}

@injectable()
export class DefaultStorageClassificationService implements StorageClassificationService {
    @inject(EnvVariablesServer) protected readonly envVariables: EnvVariablesServer;
    @inject(WorkspaceServer) @optional() protected readonly workspaceServer: WorkspaceServer | undefined;
    @inject(LedgerService) protected readonly files: LedgerService;

    protected async configDir(): Promise<string | undefined> {
        try {
            return FileUri.fsPath(await this.envVariables.getConfigDirUri());
        } catch {
            return undefined;
        }
    }

    /** Where classification is allowed: the open workspace's roots and Theia's configuration directory (links resolved). */
    protected async allowedDirectories(): Promise<string[]> {
        const [roots, configDir] = await Promise.all([
            this.workspaceServer?.getMostRecentlyUsedWorkspace().then(uri => this.files.workspaceRoots(uri)).catch(() => []) ?? [],
            this.configDir()
        ]);
        return configDir ? [...roots, await this.files.resolveExisting(configDir)] : roots;
    }

    /** Undefined when `p` may be classified, else the refusal in plain words. */
    protected async refusal(p: string, allowed: readonly string[]): Promise<string | undefined> {
        const resolved = await this.files.resolveExisting(p);
        if (allowed.some(dir => isInside(resolved, dir))) {
            return undefined;
        }
        return `Refused: ${JSON.stringify(p.slice(0, 500))} is neither inside a workspace root this IDE has open nor Theia's configuration directory; `
            + 'only those are classified here (the session-health storage command line classifies any path)';
    }

    protected overrides(request: Partial<WorkspaceStorageRequest> | undefined): AdminOverrides {
        return {
            persistentMountPatterns: stringArray(request?.persistentMountPatterns),
            ephemeralMountPatterns: stringArray(request?.ephemeralMountPatterns),
            workspaceEnv: process.env.SESSION_HEALTH_WORKSPACE_STORAGE
        };
    }

    async classifyWorkspace(request: WorkspaceStorageRequest): Promise<WorkspaceStorageReport> {
        const roots = (Array.isArray(request?.roots) ? request.roots : []).slice(0, MAX_ROOTS);
        const allowed = await this.allowedDirectories();
        const requests: PathRequest[] = [];
        const unusable: { index: number; root: string; reason: string }[] = [];
        for (const [index, root] of roots.entries()) {
            const p = toFsPath(root);
            const refused = p ? await this.refusal(p, allowed) : `${root} is not a file on this machine; its storage cannot be checked here.`;
            if (p && !refused) {
                requests.push({ path: p, isWorkspaceRoot: true });
            } else {
                unusable.push({ index, root: String(root), reason: refused! });
            }
        }
        const configDir = await this.configDir();
        if (configDir) {
            requests.push({ path: configDir });
        }
        const results = await classifyPaths(requests, { overrides: this.overrides(request) });
        const rootResults = results.slice(0, results.length - (configDir ? 1 : 0));
        for (const { index, root, reason } of unusable) {
            rootResults.splice(index, 0, {
                path: root, verdict: 'unknown', kind: 'unknown', decidedBy: 'mountinfo', notes: [], checkedAt: new Date().toISOString(), evidence: { reason }
            });
        }
        return { roots: rootResults, configDir: configDir ? results[results.length - 1] : undefined };
    }

    async classifyPath(p: string, request?: Omit<WorkspaceStorageRequest, 'roots'>): Promise<StorageClassification> {
        const fsPath = toFsPath(p);
        const refused = fsPath ? await this.refusal(fsPath, await this.allowedDirectories()) : `Refused: ${JSON.stringify(String(p).slice(0, 500))} is not an absolute path or file:// URI`;
        if (refused) {
            throw new Error(`Storage classification ${refused[0].toLowerCase()}${refused.slice(1)}`);
        }
        const [result] = await classifyPaths([{ path: fsPath! }], { overrides: { ...this.overrides(request), workspaceEnv: undefined } });
        return result;
    }
}
