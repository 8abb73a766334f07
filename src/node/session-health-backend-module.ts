// *****************************************************************************
// Backend container module of the session-health extension.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { ConnectionHandler, RpcConnectionHandler } from '@theia/core/lib/common/messaging';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { MessagingListenerContribution } from '@theia/core/lib/node/messaging/messaging-listeners';
import { SESSION_HEALTH_SERVICE_PATH, SessionHealthService } from '../common/session-health-protocol';
import { BackendInstanceProvider, DefaultBackendInstanceProvider } from './backend-instance';
import { DefaultSocketSessionRegistry, SocketSessionRegistry } from './socket-session-registry';
import { SessionHealthServiceImpl } from './session-health-service-impl';
import { SessionHealthHttpContribution } from './session-health-http-contribution';
import { bindHealth } from './health/bind-health';
import { bindStorageBackend } from './storage/bind-storage-backend';
import { bindReportsBackend } from './reports/bind-reports-backend';
import { bindPersistenceBackend } from './persistence/bind-persistence-backend';

export default new ContainerModule(bind => {
    bind(BackendInstanceProvider).to(DefaultBackendInstanceProvider).inSingletonScope();

    bind(DefaultSocketSessionRegistry).toSelf().inSingletonScope();
    bind(SocketSessionRegistry).toService(DefaultSocketSessionRegistry);
    bind(MessagingListenerContribution).toService(DefaultSocketSessionRegistry);

    bind(SessionHealthServiceImpl).toSelf().inSingletonScope();
    bind(SessionHealthService).toService(SessionHealthServiceImpl);
    bind(ConnectionHandler).toDynamicValue(ctx =>
        new RpcConnectionHandler(SESSION_HEALTH_SERVICE_PATH, () => ctx.container.get<SessionHealthService>(SessionHealthService))
    ).inSingletonScope();

    bind(SessionHealthHttpContribution).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(SessionHealthHttpContribution);

    bindHealth(bind);
    bindStorageBackend(bind);
    bindReportsBackend(bind);
    bindPersistenceBackend(bind);
});
