// *****************************************************************************
// Frontend preload module: loaded before Theia creates its connection, so the connection is observed
// from its first handshake on.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { WebSocketConnectionSource } from '@theia/core/lib/browser/messaging/ws-connection-source';
import { SocketEventBuffer } from './socket-event-buffer';
import { ObservedWebSocketConnectionSource } from './observed-connection-source';
import { StartupDoctor } from './startup-doctor';

export default new ContainerModule((bind, _unbind, isBound, rebind) => {
    bind(SocketEventBuffer).toSelf().inSingletonScope();
    bind(ObservedWebSocketConnectionSource).toSelf().inSingletonScope();
    bind(StartupDoctor).toSelf().inSingletonScope();
    if (isBound(WebSocketConnectionSource)) {
        rebind(WebSocketConnectionSource).toService(ObservedWebSocketConnectionSource);
    }
});
