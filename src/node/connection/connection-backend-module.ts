// *****************************************************************************
// Backend module of connection monitoring: backend instance identity, the light heartbeat on each socket
// (with the event-loop delay), the heartbeat RPC, socket sessions, the instance route.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { ConnectionHandler, RpcConnectionHandler } from '@theia/core/lib/common/messaging';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { MessagingListenerContribution } from '@theia/core/lib/node/messaging/messaging-listeners';
import { HEARTBEAT_SERVICE_PATH, HeartbeatService } from '../../common/connection/heartbeat-protocol';
import { BackendInstanceProvider, DefaultBackendInstanceProvider } from '../backend-instance';
import { DefaultSocketSessionRegistry, SocketSessionRegistry } from './socket-session-registry';
import { DefaultHeartbeatService } from './heartbeat-service';
import { InstanceHttpContribution } from './instance-http-contribution';
import { EventLoopDelayMonitor } from './event-loop-delay';
import { HeartbeatEndpoint } from './heartbeat-endpoint';

export default new ContainerModule(bind => {
    bind(BackendInstanceProvider).to(DefaultBackendInstanceProvider).inSingletonScope();

    bind(DefaultSocketSessionRegistry).toSelf().inSingletonScope();
    bind(SocketSessionRegistry).toService(DefaultSocketSessionRegistry);
    bind(MessagingListenerContribution).toService(DefaultSocketSessionRegistry);

    bind(DefaultHeartbeatService).toSelf().inSingletonScope();
    bind(HeartbeatService).toService(DefaultHeartbeatService);
    bind(ConnectionHandler).toDynamicValue(ctx =>
        new RpcConnectionHandler(HEARTBEAT_SERVICE_PATH, () => ctx.container.get<HeartbeatService>(HeartbeatService))
    ).inSingletonScope();

    bind(EventLoopDelayMonitor).toSelf().inSingletonScope();
    bind(HeartbeatEndpoint).toSelf().inSingletonScope();
    bind(MessagingListenerContribution).toService(HeartbeatEndpoint);

    bind(InstanceHttpContribution).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(InstanceHttpContribution);
});
