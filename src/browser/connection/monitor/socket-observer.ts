// *****************************************************************************
// Listens to Theia's own Socket.IO client (no second connection) and reports what happens to it.
// *****************************************************************************

import type { Socket } from 'socket.io-client';
import { Disposable, DisposableCollection } from '@theia/core/lib/common/disposable';
import { classifyConnectError, HandshakeError } from '../../../common/shared/engine-io-protocol';

/** What the observer reports, each with the time it happened; the ConnectionMonitor implements it. */
export interface SocketEventSink {
    opened(at: number, sid: string | undefined, transport: string | undefined): void;
    closed(at: number, reason: string, willReconnect: boolean, description?: string): void;
    upgraded(at: number, transport: string): void;
    upgradeFailed(at: number, message: string): void;
    connectFailed(at: number, error: HandshakeError): void;
    reconnectScheduled(at: number, delayMs: number): void;
    reconnectAttempt(at: number, attempt: number): void;
    reconnected(at: number, attempts: number): void;
    inbound(at: number): void;
}

/** Socket.IO does not reconnect by itself after these. */
const FINAL_REASONS = new Set(['io server disconnect', 'io client disconnect']);

/* eslint-disable @typescript-eslint/no-explicit-any */
function describe(value: unknown): string | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    if (typeof value === 'string' || typeof value === 'number') {
        return String(value);
    }
    const v = value as any;
    if (typeof v.message === 'string') {
        return v.description !== undefined && typeof v.description !== 'object' ? `${v.message}: ${v.description}` : v.message;
    }
    if (typeof v.description === 'string' || typeof v.description === 'number') {
        return String(v.description);
    }
    return undefined;
}

export function observeSocket(socket: Socket, sink: SocketEventSink): Disposable {
    const toDispose = new DisposableCollection();
    const manager = socket.io as any;
    const on = (emitter: any, event: string, listener: (...args: any[]) => void) => {
        emitter.on(event, listener);
        toDispose.push(Disposable.create(() => emitter.off(event, listener)));
    };

    let engineListeners = new DisposableCollection();
    toDispose.push(Disposable.create(() => engineListeners.dispose()));
    const attachEngine = () => {
        engineListeners.dispose();
        engineListeners = new DisposableCollection();
        const engine = manager.engine;
        if (!engine) {
            return;
        }
        const add = (event: string, listener: (...args: any[]) => void) => {
            engine.on(event, listener);
            engineListeners.push(Disposable.create(() => engine.off(event, listener)));
        };
        add('packet', () => sink.inbound(Date.now()));
        add('upgrade', (transport: any) => sink.upgraded(Date.now(), transport?.name ?? String(transport)));
        add('upgradeError', (err: any) => sink.upgradeFailed(Date.now(), describe(err) ?? 'unknown error'));
    };

    // A reconnect forced by our recovery (forceReconnect while closed: disconnect + connect) opens through
    // Manager.open, which emits no `reconnect`: the first `connect` after a drop without one still counts. Not after
    // `io client disconnect`: that is Theia renegotiating its channel right after a reconnect, not an outage.
    let down = false;
    let tries = 0;
    on(manager, 'reconnect_attempt', (attempt: number) => tries = attempt);
    on(manager, 'reconnect', () => down = false);
    on(manager, 'open', attachEngine);
    on(socket, 'connect', () => {
        attachEngine();
        if (down) {
            down = false;
            sink.reconnected(Date.now(), Math.max(1, tries));
        }
        sink.opened(Date.now(), manager.engine?.id, manager.engine?.transport?.name);
    });
    on(socket, 'disconnect', (reason: string, description: unknown) => {
        down = reason !== 'io client disconnect';
        tries = 0;
        sink.closed(Date.now(), reason, manager.reconnection?.() !== false && !FINAL_REASONS.has(reason), describe(description));
    });
    on(socket, 'connect_error', (err: any) => {
        let responseText: string | undefined;
        try {
            responseText = typeof err?.context?.responseText === 'string' ? err.context.responseText : undefined;
        } catch {
            // responseText is not readable for every responseType
        }
        sink.connectFailed(Date.now(), classifyConnectError({ message: err?.message, description: err?.description, responseText }));
    });
    on(manager, 'reconnect_attempt', (attempt: number) => sink.reconnectAttempt(Date.now(), attempt));
    on(manager, 'reconnect', (attempt: number) => sink.reconnected(Date.now(), attempt));

    // Socket.IO does not announce the delay before its next attempt; the backoff computes it, so ask it.
    const backoff = manager.backoff;
    if (backoff && typeof backoff.duration === 'function') {
        const original = backoff.duration;
        backoff.duration = function (this: unknown, ...args: unknown[]): number {
            const delay = original.apply(this, args);
            if (typeof delay === 'number') {
                sink.reconnectScheduled(Date.now(), delay);
            }
            return delay;
        };
        toDispose.push(Disposable.create(() => backoff.duration = original));
    }

    if (socket.connected) {
        attachEngine();
        sink.opened(Date.now(), manager.engine?.id, manager.engine?.transport?.name);
    }
    return toDispose;
}

/**
 * Reconnects at once. Connected: closes the engine, so Socket.IO reconnects through its normal path.
 * Not connected (waiting in the reconnect backoff): drops the pending attempt and opens a new one now;
 * if that fails, Socket.IO goes back to its backoff by itself.
 */
export function forceReconnect(socket: Socket): void {
    const manager = socket.io as any;
    if (socket.connected && manager.engine) {
        manager.engine.close();
    } else {
        socket.disconnect();
        socket.connect();
    }
}
