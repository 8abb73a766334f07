// *****************************************************************************
// The live connection monitor: Socket.IO events and application heartbeats into one state.
// *****************************************************************************

import { inject, injectable, postConstruct } from '@theia/core/shared/inversify';
import { Emitter, Event } from '@theia/core/lib/common/event';
import { Disposable, DisposableCollection } from '@theia/core/lib/common/disposable';
import { ILogger } from '@theia/core/lib/common/logger';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { WebSocketConnectionSource } from '@theia/core/lib/browser/messaging/ws-connection-source';
import { FrontendIdProvider } from '@theia/core/lib/browser/messaging/frontend-id-provider';
import { ConnectionCause, ConnectionSnapshot, ConnectionStateMachine, MonitorSettings } from './connection-state';
import { HandshakeError } from '../../common/engine-io-protocol';
import { HeartbeatService } from '../../common/connection/heartbeat-protocol';
import { clampSettings, ConnectionPreferences } from './connection-preferences';
import { forceReconnect, observeSocket, SocketEventSink } from './socket-observer';
import { SocketEventBuffer } from './preload/socket-event-buffer';
import { StartupDoctor } from './preload/startup-doctor';

/** Timers that run this much later than asked were paused (hidden-tab throttling, sleep), not the network. */
const PAUSE_THRESHOLD_MS = 2000;

export const ConnectionMonitor = Symbol('ConnectionMonitor');
export interface ConnectionMonitor {
    readonly onDidChange: Event<ConnectionSnapshot>;
    snapshot(): ConnectionSnapshot;
    /** Closes the transport so that Socket.IO reconnects at once. */
    reconnectNow(): void;
    /** Sends a heartbeat now and re-evaluates. */
    checkNow(): void;
    /** Records what the recovery logic found out. */
    diagnosed(cause: ConnectionCause): void;
    noteRecovery(message: string): void;
}

@injectable()
export class DefaultConnectionMonitor implements ConnectionMonitor, FrontendApplicationContribution, SocketEventSink, Disposable {
    @inject(WebSocketConnectionSource) protected readonly connectionSource: WebSocketConnectionSource;
    @inject(FrontendIdProvider) protected readonly frontendIdProvider: FrontendIdProvider;
    @inject(HeartbeatService) protected readonly service: HeartbeatService;
    @inject(ConnectionPreferences) protected readonly preferences: ConnectionPreferences;
    @inject(ILogger) protected readonly logger: ILogger;
    @inject(SocketEventBuffer) protected readonly earlyEvents: SocketEventBuffer;
    @inject(StartupDoctor) protected readonly startupDoctor: StartupDoctor;

    protected readonly machine = new ConnectionStateMachine(Date.now());
    protected readonly onDidChangeEmitter = new Emitter<ConnectionSnapshot>();
    readonly onDidChange = this.onDidChangeEmitter.event;
    protected readonly toDispose = new DisposableCollection(this.onDidChangeEmitter);

    protected seq = 0;
    protected tickHandle: number | undefined;
    protected lastTickAt = Date.now();
    protected nextHeartbeatAt = 0;

    @postConstruct()
    protected init(): void {
        // Normally the preload module has observed Theia's socket since its creation; replay that, then follow.
        this.toDispose.push(this.earlyEvents.observing ? this.earlyEvents.attach(this) : observeSocket(this.connectionSource.socket, this));
        // What the startup doctor worked out while the IDE was loading goes into the timeline; its banner goes.
        if (this.startupDoctor.lastCause) {
            this.diagnosed(this.startupDoctor.lastCause);
        }
        this.startupDoctor.dismiss();
        this.preferences.ready.then(() => this.applySettings());
        this.toDispose.push(this.preferences.onPreferenceChanged(() => this.applySettings()));
        const onVisibility = () => {
            if (document.visibilityState === 'visible') {
                this.checkNow();
            }
        };
        document.addEventListener('visibilitychange', onVisibility);
        this.toDispose.push(Disposable.create(() => document.removeEventListener('visibilitychange', onVisibility)));
        this.scheduleTick();
    }

    onStop(): void {
        this.dispose();
    }

    dispose(): void {
        window.clearTimeout(this.tickHandle);
        this.toDispose.dispose();
    }

    snapshot(): ConnectionSnapshot {
        return this.machine.snapshot();
    }

    reconnectNow(): void {
        forceReconnect(this.connectionSource.socket);
    }

    diagnosed(cause: ConnectionCause): void {
        this.record(() => this.machine.diagnosed(cause));
    }

    noteRecovery(message: string): void {
        this.record(() => this.machine.noteRecovery(Date.now(), message));
    }

    checkNow(): void {
        this.noticePause(Date.now());
        this.sendHeartbeat();
        this.evaluate(true);
    }

    protected applySettings(): void {
        const { settings, warnings } = clampSettings(this.preferences as unknown as Record<string, unknown>);
        for (const warning of warnings) {
            this.logger.warn(`session-health: ${warning}`);
        }
        this.applyMonitorSettings(settings);
    }

    protected applyMonitorSettings(settings: MonitorSettings): void {
        this.machine.configure(settings);
        this.nextHeartbeatAt = Math.min(this.nextHeartbeatAt, Date.now() + settings.heartbeatIntervalMs);
        this.evaluate(true);
    }

    // ---- the loop: evaluates 4× per heartbeat interval (at most every 250 ms) and sends heartbeats ----

    protected tickPeriod(): number {
        return Math.min(250, Math.max(50, this.machine.getSettings().heartbeatIntervalMs / 4));
    }

    protected scheduleTick(): void {
        this.tickHandle = window.setTimeout(() => this.tick(), this.tickPeriod());
    }

    protected tick(): void {
        const now = Date.now();
        this.noticePause(now);
        if (now >= this.nextHeartbeatAt) {
            this.sendHeartbeat();
        }
        this.evaluate(false);
        this.scheduleTick();
    }

    protected noticePause(now: number): void {
        const late = now - this.lastTickAt - this.tickPeriod();
        this.lastTickAt = now;
        if (late > PAUSE_THRESHOLD_MS) {
            this.machine.timersPaused(now, late);
        }
    }

    protected sendHeartbeat(): void {
        const now = Date.now();
        this.nextHeartbeatAt = now + this.machine.getSettings().heartbeatIntervalMs;
        if (!this.machine.canSendHeartbeat()) {
            return;
        }
        const seq = ++this.seq;
        this.machine.heartbeatSent(now, seq);
        this.service.heartbeat({ frontendId: this.frontendIdProvider.getId(), seq }).then(
            reply => {
                this.machine.heartbeatReplied(Date.now(), reply);
                this.evaluate(true);
            },
            error => {
                this.machine.heartbeatFailed(Date.now(), seq, error instanceof Error ? error.message : String(error));
                this.evaluate(true);
            }
        );
    }

    protected firedEventCount = 0;

    /** Re-evaluates; listeners hear of every state change and every new timeline event. */
    protected evaluate(alwaysFire: boolean): void {
        const changed = this.machine.evaluate(Date.now());
        if (changed || alwaysFire || this.machine.eventCount !== this.firedEventCount) {
            this.firedEventCount = this.machine.eventCount;
            this.onDidChangeEmitter.fire(this.machine.snapshot());
        }
    }

    // ---- SocketEventSink (events carry their own time: buffered ones are replayed) -------------------

    protected record(update: () => void): void {
        update();
        this.evaluate(true);
    }

    opened(at: number, sid: string | undefined, transport: string | undefined): void {
        this.record(() => this.machine.socketOpened(at, sid, transport));
        this.sendHeartbeat();
    }
    closed(at: number, reason: string, willReconnect: boolean, description?: string): void {
        this.record(() => this.machine.socketClosed(at, reason, willReconnect, description));
    }
    upgraded(at: number, transport: string): void {
        this.record(() => this.machine.transportUpgraded(at, transport));
    }
    upgradeFailed(at: number, message: string): void {
        this.record(() => this.machine.upgradeFailed(at, message));
    }
    connectFailed(at: number, error: HandshakeError): void {
        this.record(() => this.machine.connectFailed(at, error));
    }
    reconnectScheduled(at: number, delayMs: number): void {
        this.record(() => this.machine.reconnectScheduled(at, delayMs));
    }
    reconnectAttempt(at: number, attempt: number): void {
        this.record(() => this.machine.reconnectAttempt(at, attempt));
    }
    reconnected(at: number, attempts: number): void {
        this.record(() => this.machine.reconnectSucceeded(at, attempts));
    }
    inbound(at: number): void {
        this.machine.inbound(at);
    }
}
