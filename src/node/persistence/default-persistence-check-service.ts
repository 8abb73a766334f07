// *****************************************************************************
// The RPC service of the persistence check; the HTTP route uses it too. It checks only paths inside a
// workspace root the backend has open (from the WorkspaceServer).
// *****************************************************************************

import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { WorkspaceServer } from '@theia/workspace/lib/common/workspace-protocol';
import { PersistenceCheckRequest, PersistenceCheckService, PersistenceReport } from '../../common/persistence/persistence-protocol';
import { BackendInstanceProvider } from '../capabilities/backend-instance';
import { runPersistenceCheck } from './persistence-check';
import { validateCheckRequest } from './persistence-request';
import { LedgerService } from '../ledger/ledger-service';

/** A request that fails validation, or asks about a path outside the open workspace. */
export class PersistenceRequestError extends Error { }

@injectable()
export class DefaultPersistenceCheckService implements PersistenceCheckService {
    @inject(BackendInstanceProvider) protected readonly instanceProvider: BackendInstanceProvider;
    @inject(WorkspaceServer) @optional() protected readonly workspaceServer: WorkspaceServer | undefined;
    @inject(LedgerService) protected readonly files: LedgerService;

    async runCheck(request: PersistenceCheckRequest): Promise<PersistenceReport> {
        const checked = validateCheckRequest(request);
        if ('error' in checked) {
            throw new PersistenceRequestError(checked.error);
        }
        const refusal = await this.files.refuseOutsideRoots(checked.request.path, await this.openRoots());
        if (refusal) {
            throw new PersistenceRequestError(refusal);
        }
        const instance = this.instanceProvider.instance;
        return runPersistenceCheck(checked.request, {
            instance: { id: instance.id, hostname: instance.hostname, startedAt: instance.startedAt, source: 'ide' }
        });
    }

    /** The root folders of the workspace this backend has open. */
    protected async openRoots(): Promise<string[]> {
        return this.files.workspaceRoots(await this.workspaceServer?.getMostRecentlyUsedWorkspace());
    }
}
