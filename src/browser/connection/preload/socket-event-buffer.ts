// *****************************************************************************
// Holds what happened to Theia's socket before the ConnectionMonitor exists (the first handshake, an
// upgrade or its failure happen during Theia's preload phase), then forwards to the monitor.
// *****************************************************************************

import { injectable } from '@theia/core/shared/inversify';
import { Disposable } from '@theia/core/lib/common/disposable';
import { HandshakeError } from '../../../common/shared/engine-io-protocol';
import type { SocketEventSink } from '../monitor/socket-observer';

type Replay = (sink: SocketEventSink) => void;
const CAPACITY = 500;

@injectable()
export class SocketEventBuffer implements SocketEventSink {
    /** True once the socket is being observed from its creation. */
    observing = false;
    protected readonly events: Replay[] = [];
    protected lastInbound: number | undefined;
    protected target: SocketEventSink | undefined;
    protected readonly connectFailedTaps: ((at: number, error: HandshakeError) => void)[] = [];

    /** Whether the ConnectionMonitor (and so the IDE application) has started. */
    get attached(): boolean {
        return !!this.target;
    }

    /** Called on every refused connect, before and after the monitor attached. */
    onConnectFailed(tap: (at: number, error: HandshakeError) => void): void {
        this.connectFailedTaps.push(tap);
    }

    /** Replays everything recorded so far into `sink`, then forwards new events to it. */
    attach(sink: SocketEventSink): Disposable {
        this.target = sink;
        for (const replay of this.events.splice(0)) {
            replay(sink);
        }
        if (this.lastInbound !== undefined) {
            sink.inbound(this.lastInbound);
        }
        return Disposable.create(() => this.target = undefined);
    }

    protected push(replay: Replay): void {
        if (this.target) {
            replay(this.target);
        } else if (this.events.length < CAPACITY) {
            this.events.push(replay);
        }
    }

    opened(at: number, sid: string | undefined, transport: string | undefined): void {
        this.push(s => s.opened(at, sid, transport));
    }
    closed(at: number, reason: string, willReconnect: boolean, description?: string): void {
        this.push(s => s.closed(at, reason, willReconnect, description));
    }
    upgraded(at: number, transport: string): void {
        this.push(s => s.upgraded(at, transport));
    }
    upgradeFailed(at: number, message: string): void {
        this.push(s => s.upgradeFailed(at, message));
    }
    connectFailed(at: number, error: HandshakeError): void {
        this.push(s => s.connectFailed(at, error));
        this.connectFailedTaps.forEach(tap => tap(at, error));
    }
    reconnectScheduled(at: number, delayMs: number): void {
        this.push(s => s.reconnectScheduled(at, delayMs));
    }
    reconnectAttempt(at: number, attempt: number): void {
        this.push(s => s.reconnectAttempt(at, attempt));
    }
    reconnected(at: number, attempts: number): void {
        this.push(s => s.reconnected(at, attempts));
    }
    inbound(at: number): void {
        if (this.target) {
            this.target.inbound(at);
        } else {
            this.lastInbound = at;
        }
    }
}
