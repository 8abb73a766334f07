// *****************************************************************************
// The RPC service behind the frontend's heartbeat: one per frontend connection (bound in a connection container
// module), so it answers only for the calling tab's own socket: a frontend id held by another tab gets no sid.
// *****************************************************************************

import { inject, injectable, optional } from '@theia/core/shared/inversify';
import type { Channel } from '@theia/core/lib/common/message-rpc/channel';
import { MainChannel } from '@theia/core/lib/node/messaging/default-messaging-service';
import { BackendInstance, HeartbeatReply, HeartbeatRequest, HeartbeatService } from '../../common/connection/heartbeat-protocol';
import { BackendInstanceProvider } from '../capabilities/backend-instance';
import { sidOfMainChannel } from './channel-socket';
import { SocketSessionRegistry } from './socket-session-registry';

@injectable()
export class DefaultHeartbeatService implements HeartbeatService {
    @inject(BackendInstanceProvider) protected readonly instanceProvider: BackendInstanceProvider;
    @inject(SocketSessionRegistry) protected readonly sessions: SocketSessionRegistry;
    /** The calling connection's main channel; absent outside a connection (then no sid is told). */
    @inject(MainChannel) @optional() protected readonly mainChannel: Channel | undefined;

    async heartbeat(request: HeartbeatRequest): Promise<HeartbeatReply> {
        const seq = typeof request?.seq === 'number' ? request.seq : -1;
        const session = typeof request?.frontendId === 'string' ? this.sessions.get(request.frontendId) : undefined;
        const own = session !== undefined && session.sid === sidOfMainChannel(this.mainChannel) ? session : undefined;
        return {
            seq,
            serverTime: Date.now(),
            instance: this.instanceProvider.instance,
            sid: own?.sid,
            transport: own?.transport
        };
    }

    async getInstance(): Promise<BackendInstance> {
        return this.instanceProvider.instance;
    }
}
