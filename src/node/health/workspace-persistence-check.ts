// *****************************************************************************
// Is the workspace storage persistent? Asked by /ready when SESSION_HEALTH_READY_REQUIRE_PERSISTENT=true.
// *****************************************************************************

import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { WorkspaceServer } from '@theia/workspace/lib/common/workspace-protocol';
import { StorageClassificationService, WORKSPACE_STORAGE_ENV } from '../../common/storage/storage-protocol';

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
export const WorkspacePersistenceCheck = Symbol('WorkspacePersistenceCheck');
export interface WorkspacePersistenceCheck {
    check(): Promise<WorkspacePersistence>;
}

/** Reads only SESSION_HEALTH_WORKSPACE_STORAGE. */
export function persistenceFromEnv(env: NodeJS.ProcessEnv = process.env): WorkspacePersistence {
    const value = (env[WORKSPACE_STORAGE_ENV] ?? '').trim().toLowerCase();
    if (value === 'persistent') {
        return { persistent: true, reason: `${WORKSPACE_STORAGE_ENV}=persistent` };
    }
    if (value === 'ephemeral') {
        return { persistent: false, reason: `${WORKSPACE_STORAGE_ENV}=ephemeral` };
    }
    return { persistent: undefined, reason: value ? `${WORKSPACE_STORAGE_ENV}="${value}" is not persistent|ephemeral` : `${WORKSPACE_STORAGE_ENV} not set` };
}

@injectable()
export class DefaultWorkspacePersistenceCheck implements WorkspacePersistenceCheck {
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
