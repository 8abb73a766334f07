// *****************************************************************************
// Is the workspace storage persistent? Asked by /ready when SESSION_HEALTH_READY_REQUIRE_PERSISTENT=true.
// *****************************************************************************

import { injectable } from '@theia/core/shared/inversify';
import { WORKSPACE_STORAGE_ENV } from '../../common/storage/storage-protocol';

export interface WorkspacePersistence {
    /** `undefined`: not known. */
    persistent: boolean | undefined;
    reason: string;
}

/**
 * The readiness check's view of the workspace storage. The default reads the admin's declaration in
 * SESSION_HEALTH_WORKSPACE_STORAGE (`persistent` | `ephemeral`); rebind this symbol to plug in the
 * mount-table / Kubernetes classifier.
 */
export const WorkspacePersistenceCheck = Symbol('WorkspacePersistenceCheck');
export interface WorkspacePersistenceCheck {
    check(): Promise<WorkspacePersistence>;
}

@injectable()
export class EnvWorkspacePersistenceCheck implements WorkspacePersistenceCheck {
    async check(): Promise<WorkspacePersistence> {
        const value = (process.env[WORKSPACE_STORAGE_ENV] ?? '').trim().toLowerCase();
        if (value === 'persistent') {
            return { persistent: true, reason: `${WORKSPACE_STORAGE_ENV}=persistent` };
        }
        if (value === 'ephemeral') {
            return { persistent: false, reason: `${WORKSPACE_STORAGE_ENV}=ephemeral` };
        }
        return { persistent: undefined, reason: value ? `${WORKSPACE_STORAGE_ENV}="${value}" is not persistent|ephemeral` : `${WORKSPACE_STORAGE_ENV} not set` };
    }
}
