// *****************************************************************************
// Backend module of connection monitoring: the light heartbeat on each socket
// (with the event-loop delay), the heartbeat RPC (one service per frontend connection), socket sessions, the
// instance route.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { MessagingListenerContribution } from '@theia/core/lib/node/messaging/messaging-listeners';
import { ConnectionContainerModule } from '@theia/core/lib/node/messaging/connection-container-module';
import { HEARTBEAT_SERVICE_PATH, HeartbeatService } from '../../common/connection/heartbeat-protocol';
import { DefaultSocketSessionRegistry, SocketSessionRegistry } from './socket-session-registry';
import { DefaultHeartbeatService } from './heartbeat-service';
import { InstanceHttpContribution } from './instance-http-contribution';
import { EventLoopDelayMonitor } from './event-loop-delay';
import { HeartbeatEndpoint } from './heartbeat-endpoint';
import { isBackendCapabilityEnabled } from '../capabilities/backend-capabilities';

export default new ContainerModule(bind => {
    if (!isBackendCapabilityEnabled('connection')) {
        return; // switched off by SESSION_HEALTH_DISABLE: no route, no RPC, no timer
    }

    bind(DefaultSocketSessionRegistry).toSelf().inSingletonScope();
    bind(SocketSessionRegistry).toService(DefaultSocketSessionRegistry);
    bind(MessagingListenerContribution).toService(DefaultSocketSessionRegistry);

    // Per connection: the service knows the calling tab's socket (MainChannel of that connection's container).
    bind(ConnectionContainerModule).toConstantValue(ConnectionContainerModule.create(({ bind: bindInConnection, bindBackendService }) => {
        bindInConnection(DefaultHeartbeatService).toSelf().inSingletonScope();
        bindInConnection(HeartbeatService).toService(DefaultHeartbeatService);
        bindBackendService(HEARTBEAT_SERVICE_PATH, HeartbeatService);
    }));

    bind(EventLoopDelayMonitor).toSelf().inSingletonScope();
    bind(HeartbeatEndpoint).toSelf().inSingletonScope();
    bind(MessagingListenerContribution).toService(HeartbeatEndpoint);

    bind(InstanceHttpContribution).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(InstanceHttpContribution);
});
