// *****************************************************************************
// Answers the browser's light heartbeat (HEARTBEAT_EVENT) on each tab's Socket.IO socket: the ack carries
// the event-loop delay since the previous answer, and only what the tab does not know yet (sid, transport,
// backend instance: first answer on a socket, then on change).
// *****************************************************************************

import * as http from 'http';
import { inject, injectable } from '@theia/core/shared/inversify';
import { MessagingListenerContribution } from '@theia/core/lib/node/messaging/messaging-listeners';
import type { Socket } from 'socket.io';
import { encodeHeartbeatAck, HEARTBEAT_EVENT, HeartbeatNews } from '../../common/connection/heartbeat-protocol';
import { BackendInstanceProvider } from '../capabilities/backend-instance';
import { EventLoopDelayMonitor } from './event-loop-delay';

@injectable()
export class HeartbeatEndpoint implements MessagingListenerContribution {
    @inject(BackendInstanceProvider) protected readonly instanceProvider: BackendInstanceProvider;
    @inject(EventLoopDelayMonitor) protected readonly loopDelay: EventLoopDelayMonitor;

    onDidWebSocketUpgrade(_request: http.IncomingMessage, socket: Socket): void {
        const reader = this.loopDelay.reader();
        const told: HeartbeatNews = {};
        socket.on(HEARTBEAT_EVENT, (...args: unknown[]) => {
            const ack = args[args.length - 1];
            if (typeof ack !== 'function') {
                return;
            }
            const conn = socket.conn as unknown as { id: string; transport: { name: string } };
            const news: HeartbeatNews = {};
            if (told.sid !== conn.id) {
                news.sid = told.sid = conn.id;
            }
            if (told.transport !== conn.transport.name) {
                news.transport = told.transport = conn.transport.name;
            }
            if (!told.instance) {
                news.instance = told.instance = this.instanceProvider.instance;
            }
            ack(...encodeHeartbeatAck(reader.read(), news));
        });
        socket.once('disconnect', () => reader.dispose());
    }
}
