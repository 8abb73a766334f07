// *****************************************************************************
// Backend module of the persistence check: RPC service and HTTP route.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { ConnectionHandler, RpcConnectionHandler } from '@theia/core/lib/common/messaging';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { PERSISTENCE_SERVICE_PATH, PersistenceCheckService } from '../../common/persistence/persistence-protocol';
import { DefaultPersistenceCheckService } from './default-persistence-check-service';
import { PersistenceHttpContribution } from './persistence-http-contribution';
import { isBackendCapabilityEnabled } from '../capabilities/backend-capabilities';

export default new ContainerModule(bind => {
    if (!isBackendCapabilityEnabled('persistence')) {
        return; // switched off by SESSION_HEALTH_DISABLE: no route, no RPC, no timer
    }
    bind(DefaultPersistenceCheckService).toSelf().inSingletonScope();
    bind(PersistenceCheckService).toService(DefaultPersistenceCheckService);
    bind(ConnectionHandler).toDynamicValue(ctx =>
        new RpcConnectionHandler(PERSISTENCE_SERVICE_PATH, () => ctx.container.get<PersistenceCheckService>(PersistenceCheckService))
    ).inSingletonScope();
    bind(PersistenceHttpContribution).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(PersistenceHttpContribution);
});
