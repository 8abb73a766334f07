// *****************************************************************************
// Tells every connected tab that this backend is stopping: a Socket.IO event (STOPPING_EVENT) on each tab's
// socket, at once on SIGTERM, and at once to a tab that connects during the drain.
// *****************************************************************************

import * as http from 'http';
import { injectable } from '@theia/core/shared/inversify';
import { MessagingListenerContribution } from '@theia/core/lib/node/messaging/messaging-listeners';
import type { Socket } from 'socket.io';
import { STOPPING_EVENT, StoppingNotice } from '../../common/lifecycle/lifecycle-protocol';

@injectable()
export class StoppingBroadcaster implements MessagingListenerContribution {
    protected readonly sockets = new Set<Socket>();
    protected notice: StoppingNotice | undefined;

    onDidWebSocketUpgrade(_request: http.IncomingMessage, socket: Socket): void {
        this.sockets.add(socket);
        socket.once('disconnect', () => this.sockets.delete(socket));
        if (this.notice) {
            socket.emit(STOPPING_EVENT, this.notice);
        }
    }

    /** Sends the notice to every tab now; returns how many sockets were told. */
    broadcast(notice: StoppingNotice): number {
        this.notice = notice;
        for (const socket of this.sockets) {
            socket.emit(STOPPING_EVENT, notice);
        }
        return this.sockets.size;
    }
}
