// *****************************************************************************
// Is the workspace storage persistent? Asked by /ready when SESSION_HEALTH_READY_REQUIRE_PERSISTENT=true.
// *****************************************************************************

import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { WorkspaceServer } from '@theia/workspace/lib/common/workspace-protocol';
import { StorageClassificationService, WORKSPACE_STORAGE_ENV } from '../../common/storage/storage-protocol';
import { parseWorkspaceEnv } from '../storage/storage-overrides';

export interface WorkspacePersistence {
    /** `undefined`: not known. */
    persistent: boolean | undefined;
    reason: string;
}

/**
 * The readiness check's view of the workspace storage. Rebind this symbol to plug in another source.
 * The default: the admin's declaration in SESSION_HEALTH_WORKSPACE_STORAGE (`persistent` | `ephemeral`) first;
 * otherwise the storage classifier (mount table, Kubernetes API) on the current workspace, when it is bound.
 */
export const StorageReadiness = Symbol('StorageReadiness');
export interface StorageReadiness {
    check(): Promise<WorkspacePersistence>;
}

/** Reads only SESSION_HEALTH_WORKSPACE_STORAGE (with the storage classifier's parser). */
export function persistenceFromEnv(env: NodeJS.ProcessEnv = process.env): WorkspacePersistence {
    const declared = parseWorkspaceEnv(env[WORKSPACE_STORAGE_ENV]);
    if (declared.verdict) {
        return { persistent: declared.verdict === 'persistent', reason: `${WORKSPACE_STORAGE_ENV}=${declared.verdict}` };
    }
    return { persistent: undefined, reason: declared.note ?? `${WORKSPACE_STORAGE_ENV} not set` };
}

@injectable()
export class DefaultStorageReadiness implements StorageReadiness {
    @inject(StorageClassificationService) @optional() protected readonly classifier: StorageClassificationService | undefined;
    @inject(WorkspaceServer) @optional() protected readonly workspaceServer: WorkspaceServer | undefined;

    async check(): Promise<WorkspacePersistence> {
        const declared = persistenceFromEnv();
        if (declared.persistent !== undefined || !this.classifier || !this.workspaceServer) {
            return declared;
        }
        const root = await this.workspaceServer.getMostRecentlyUsedWorkspace();
        if (!root) {
            return { persistent: undefined, reason: 'no workspace open' };
        }
        const report = await this.classifier.classifyWorkspace({ roots: [root] });
        const verdict = report.roots[0]?.verdict;
        return {
            persistent: verdict === 'persistent' ? true : verdict === 'ephemeral' || verdict === 'node-local' ? false : undefined,
            reason: `storage classifier: ${verdict ?? 'no answer'} (${root})`
        };
    }
}
