// A real socket.io-client speaking Theia's protocol from Node: gets the connection-token cookie,
// negotiates the frontend connection and opens RPC proxies over Theia's channel multiplexer.
import { io, Socket } from 'socket.io-client';
import { ChannelMultiplexer, ForwardingChannel } from '@theia/core/lib/common/message-rpc/channel';
import { Uint8ArrayReadBuffer, Uint8ArrayWriteBuffer } from '@theia/core/lib/common/message-rpc/uint8-array-message-buffer';
import { RpcProxy, RpcProxyFactory } from '@theia/core/lib/common/messaging/proxy-factory';
import { ConnectionManagementMessages } from '@theia/core/lib/common/messaging/connection-management';
import { randomUUID } from 'crypto';

// As Theia's frontend and backend do at start: without its msgpack extensions an RPC error reply cannot be decoded
// and the call hangs. Importing the package's index registers them, once per process (the module cache): calling
// registerMsgPackExtensions() here as well made a later import of the index throw "already registered".
import '@theia/core/lib/common/message-rpc';

/** GET / and return the `theia-connection-token` cookie as a Cookie header value. */
export async function fetchConnectionCookie(baseUrl: string): Promise<string> {
    const response = await fetch(baseUrl + '/');
    await response.arrayBuffer();
    const cookies = response.headers.getSetCookie().map(c => c.split(';')[0]);
    const token = cookies.find(c => c.startsWith('theia-connection-token='));
    if (!token) {
        throw new Error(`No theia-connection-token cookie from ${baseUrl}/ (got: ${cookies.join(', ') || 'none'})`);
    }
    return token;
}

export interface TheiaClient {
    socket: Socket;
    frontendId: string;
    /** `target` answers the backend's calls on that path (a client object such as IdleClient). */
    createProxy<T extends object>(path: string, target?: object): Promise<RpcProxy<T>>;
    close(): void;
}

export function openSocket(baseUrl: string, cookie?: string, transports?: string[]): Socket {
    return io(baseUrl + '/services', {
        path: '/socket.io',
        reconnection: false,
        transports,
        extraHeaders: cookie ? { cookie } : undefined,
        forceNew: true
    });
}

export async function connectTheiaClient(baseUrl: string, options: { transports?: string[] } = {}): Promise<TheiaClient> {
    const cookie = await fetchConnectionCookie(baseUrl);
    const socket = openSocket(baseUrl, cookie, options.transports);
    const frontendId = randomUUID();
    await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
    });
    await new Promise<void>(resolve => {
        socket.once(ConnectionManagementMessages.INITIAL_CONNECT, () => resolve());
        socket.emit(ConnectionManagementMessages.INITIAL_CONNECT, frontendId);
    });
    const channel = new ForwardingChannel('any', () => undefined, () => {
        const buffer = new Uint8ArrayWriteBuffer();
        buffer.onCommit(data => socket.send(data));
        return buffer;
    });
    socket.on('message', (data: Uint8Array) => channel.onMessageEmitter.fire(() => new Uint8ArrayReadBuffer(new Uint8Array(data))));
    const multiplexer = new ChannelMultiplexer(channel);
    return {
        socket,
        frontendId,
        async createProxy<T extends object>(path: string, target?: object): Promise<RpcProxy<T>> {
            const factory = new RpcProxyFactory<T>(target);
            factory.listen(await multiplexer.open(path));
            return factory.createProxy();
        },
        close: () => socket.disconnect()
    };
}
