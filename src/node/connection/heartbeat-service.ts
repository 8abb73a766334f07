// *****************************************************************************
// The RPC service behind the frontend's heartbeat.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { BackendInstance, HeartbeatReply, HeartbeatRequest, HeartbeatService } from '../../common/connection/heartbeat-protocol';
import { BackendInstanceProvider } from '../backend-instance';
import { SocketSessionRegistry } from './socket-session-registry';

@injectable()
export class DefaultHeartbeatService implements HeartbeatService {
    @inject(BackendInstanceProvider) protected readonly instanceProvider: BackendInstanceProvider;
    @inject(SocketSessionRegistry) protected readonly sessions: SocketSessionRegistry;

    async heartbeat(request: HeartbeatRequest): Promise<HeartbeatReply> {
        const seq = typeof request?.seq === 'number' ? request.seq : -1;
        const session = typeof request?.frontendId === 'string' ? this.sessions.get(request.frontendId) : undefined;
        return {
            seq,
            serverTime: Date.now(),
            instance: this.instanceProvider.instance,
            sid: session?.sid,
            transport: session?.transport
        };
    }

    async getInstance(): Promise<BackendInstance> {
        return this.instanceProvider.instance;
    }
}
