// *****************************************************************************
// Theia's WebSocketConnectionSource, observed from the moment its Socket.IO client is created.
// It opens no second connection: it only attaches listeners to Theia's own socket (and removes them when
// connection is switched off by SESSION_HEALTH_DISABLE).
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { WebSocketConnectionSource } from '@theia/core/lib/browser/messaging/ws-connection-source';
import type { Socket } from 'socket.io-client';
import { observeSocket } from '../monitor/socket-observer';
import { SocketEventBuffer } from './socket-event-buffer';
import { StartupDoctor } from './startup-doctor';
import { FrontendCapabilities } from '../../capabilities/frontend-capabilities';

@injectable()
export class ObservedWebSocketConnectionSource extends WebSocketConnectionSource {
    @inject(SocketEventBuffer) protected readonly socketEvents: SocketEventBuffer;
    @inject(StartupDoctor) protected readonly startupDoctor: StartupDoctor;

    protected override createWebSocket(url: string): Socket {
        const socket = super.createWebSocket(url);
        const observer = observeSocket(socket, this.socketEvents);
        this.socketEvents.observing = true;
        // Theia may open its socket while the preload phase still asks which capabilities are on.
        FrontendCapabilities.whenKnown().then(() => {
            if (FrontendCapabilities.isEnabled('connection')) {
                this.startupDoctor.start(socket);
            } else {
                observer.dispose();
                this.socketEvents.observing = false;
            }
        });
        return socket;
    }
}
