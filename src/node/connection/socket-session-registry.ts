// *****************************************************************************
// Which engine.io session serves which frontend: the backend's own view of each tab's socket.
// *****************************************************************************

import * as http from 'http';
import { injectable } from '@theia/core/shared/inversify';
import { MessagingListenerContribution } from '@theia/core/lib/node/messaging/messaging-listeners';
import { ConnectionManagementMessages } from '@theia/core/lib/common/messaging/connection-management';
import type { Socket } from 'socket.io';

export interface SocketSession {
    sid: string;
    transport: string;
    connectedAt: number;
}

export const SocketSessionRegistry = Symbol('SocketSessionRegistry');
export interface SocketSessionRegistry {
    get(frontendId: string): SocketSession | undefined;
    readonly size: number;
}

@injectable()
export class DefaultSocketSessionRegistry implements SocketSessionRegistry, MessagingListenerContribution {
    protected readonly byFrontend = new Map<string, { socket: Socket; connectedAt: number }>();

    onDidWebSocketUpgrade(_request: http.IncomingMessage, socket: Socket): void {
        const remember = (frontendId: unknown) => {
            if (typeof frontendId === 'string' && frontendId.length <= 256) {
                this.byFrontend.set(frontendId, { socket, connectedAt: Date.now() });
                socket.once('disconnect', () => {
                    if (this.byFrontend.get(frontendId)?.socket === socket) {
                        this.byFrontend.delete(frontendId);
                    }
                });
            }
        };
        socket.once(ConnectionManagementMessages.INITIAL_CONNECT, remember);
        socket.once(ConnectionManagementMessages.RECONNECT, remember);
    }

    get(frontendId: string): SocketSession | undefined {
        const entry = this.byFrontend.get(frontendId);
        if (!entry) {
            return undefined;
        }
        // `conn` is the engine.io socket; its `id` is the sid the client sees.
        const conn = entry.socket.conn as unknown as { id: string; transport: { name: string } };
        return { sid: conn.id, transport: conn.transport.name, connectedAt: entry.connectedAt };
    }

    get size(): number {
        return this.byFrontend.size;
    }
}
