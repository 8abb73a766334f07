// *****************************************************************************
// The RPC service: classification of the workspace roots and of the Theia configuration directory.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { EnvVariablesServer } from '@theia/core/lib/common/env-variables';
import { FileUri } from '@theia/core/lib/common/file-uri';
import {
    StorageClassification, StorageClassificationService, WorkspaceStorageReport, WorkspaceStorageRequest
} from '../../common/storage/storage-protocol';
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
export class StorageClassificationServiceImpl implements StorageClassificationService {
    @inject(EnvVariablesServer) protected readonly envVariables: EnvVariablesServer;

    protected overrides(request: Partial<WorkspaceStorageRequest> | undefined): AdminOverrides {
        return {
            persistentMountPatterns: stringArray(request?.persistentMountPatterns),
            ephemeralMountPatterns: stringArray(request?.ephemeralMountPatterns),
            workspaceEnv: process.env.SESSION_HEALTH_WORKSPACE_STORAGE
        };
    }

    async classifyWorkspace(request: WorkspaceStorageRequest): Promise<WorkspaceStorageReport> {
        const roots = (Array.isArray(request?.roots) ? request.roots : []).slice(0, MAX_ROOTS);
        const requests: PathRequest[] = [];
        const unusable: { index: number; root: string }[] = [];
        roots.forEach((root, index) => {
            const p = toFsPath(root);
            if (p) {
                requests.push({ path: p, isWorkspaceRoot: true });
            } else {
                unusable.push({ index, root: String(root) });
            }
        });
        let configDir: string | undefined;
        try {
            configDir = FileUri.fsPath(await this.envVariables.getConfigDirUri());
            requests.push({ path: configDir });
        } catch {
            configDir = undefined;
        }
        const results = await classifyPaths(requests, { overrides: this.overrides(request) });
        const rootResults = results.slice(0, results.length - (configDir ? 1 : 0));
        for (const { index, root } of unusable) {
            rootResults.splice(index, 0, {
                path: root, verdict: 'unknown', kind: 'unknown', decidedBy: 'mountinfo', notes: [], checkedAt: new Date().toISOString(),
                evidence: { reason: `${root} is not a file on this machine; its storage cannot be checked here.` }
            });
        }
        return { roots: rootResults, configDir: configDir ? results[results.length - 1] : undefined };
    }

    async classifyPath(p: string, request?: Omit<WorkspaceStorageRequest, 'roots'>): Promise<StorageClassification> {
        const [result] = await classifyPaths([{ path: toFsPath(p) ?? String(p) }], { overrides: { ...this.overrides(request), workspaceEnv: undefined } });
        return result;
    }
}
