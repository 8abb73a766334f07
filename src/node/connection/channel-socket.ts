// *****************************************************************************
// The Socket.IO socket under a frontend connection's main channel (Theia's `MainChannel`, bound in the container
// it makes per connection). Services that must answer for the calling tab only (the heartbeat RPC) or key limits
// on what the tab's handshake carried (the connection-token cookie) read it here.
// *****************************************************************************

import type { Channel } from '@theia/core/lib/common/message-rpc/channel';
import type { Socket } from 'socket.io';

/**
 * The socket the channel speaks over now (Theia's ReconnectableSocketChannel keeps it in a protected field, and
 * swaps it when the same frontend reconnects); undefined while disconnected or for another kind of channel.
 */
export function socketOfMainChannel(channel: Channel | undefined): Socket | undefined {
    const socket = (channel as unknown as { socket?: Partial<Socket> } | undefined)?.socket;
    return socket && typeof socket === 'object' && socket.conn && socket.handshake ? socket as Socket : undefined;
}

/** The engine.io session id of that socket (what the tab sees as its sid). */
export function sidOfMainChannel(channel: Channel | undefined): string | undefined {
    const conn = socketOfMainChannel(channel)?.conn as unknown as { id?: unknown } | undefined;
    return typeof conn?.id === 'string' ? conn.id : undefined;
}
