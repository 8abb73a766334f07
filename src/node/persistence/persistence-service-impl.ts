// *****************************************************************************
// The RPC service of the persistence check; the HTTP route uses it too.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { validateCheckRequest } from '../../common/persistence/persistence-logic';
import { PersistenceCheckRequest, PersistenceCheckService, PersistenceReport } from '../../common/persistence/persistence-protocol';
import { BackendInstanceProvider } from '../backend-instance';
import { runPersistenceCheck } from './persistence-check';

/** A request that fails validation. */
export class PersistenceRequestError extends Error { }

@injectable()
export class PersistenceCheckServiceImpl implements PersistenceCheckService {
    @inject(BackendInstanceProvider) protected readonly instanceProvider: BackendInstanceProvider;

    async runCheck(request: PersistenceCheckRequest): Promise<PersistenceReport> {
        const checked = validateCheckRequest(request);
        if ('error' in checked) {
            throw new PersistenceRequestError(checked.error);
        }
        const instance = this.instanceProvider.instance;
        return runPersistenceCheck(checked.request, {
            instance: { id: instance.id, hostname: instance.hostname, startedAt: instance.startedAt, source: 'ide' }
        });
    }
}
