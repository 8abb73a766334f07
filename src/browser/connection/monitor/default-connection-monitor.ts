// *****************************************************************************
// The live connection monitor: Socket.IO events and application heartbeats into one state (ConnectionMonitor's
// implementation; the interface other capabilities use is in connection-monitor.ts). The timer that drives the
// heartbeats and deadlines is heartbeat-timer.ts.
// *****************************************************************************

import { inject, injectable, postConstruct } from '@theia/core/shared/inversify';
import { Emitter } from '@theia/core/lib/common/event';
import { Disposable, DisposableCollection } from '@theia/core/lib/common/disposable';
import { ILogger } from '@theia/core/lib/common/logger';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { WebSocketConnectionSource } from '@theia/core/lib/browser/messaging/ws-connection-source';
import { ConnectionCause, ConnectionSnapshot, MonitorSettings } from '../state/connection-snapshot';
import { ConnectionStateMachine } from '../state/connection-state';
import { HandshakeError } from '../../../common/shared/engine-io-protocol';
import { decodeHeartbeatAck, HEARTBEAT_EVENT } from '../../../common/connection/heartbeat-protocol';
import { ConnectionPreferences } from '../connection-preferences';
import { clampConnectionSettings } from './monitor-settings';
import { forceReconnect, observeSocket, SocketEventSink } from './socket-observer';
import { SocketEventBuffer } from '../preload/socket-event-buffer';
import { StartupDoctor } from '../preload/startup-doctor';
import { RestartCause, StoppingNotice } from '../../../common/lifecycle/lifecycle-protocol';
import { ConnectionSample } from '../history/connection-history';
import { ConnectionSampler } from '../history/connection-sampler';
import { ConnectionMonitor } from './connection-monitor';
import { HeartbeatTimer } from './heartbeat-timer';

/** An ack that has not come after this long is forgotten (the clocks counted it missed long before). */
const ACK_GIVE_UP_MS = 120_000;

@injectable()
export class DefaultConnectionMonitor implements ConnectionMonitor, FrontendApplicationContribution, SocketEventSink, Disposable {
    @inject(WebSocketConnectionSource) protected readonly connectionSource: WebSocketConnectionSource;
    @inject(ConnectionPreferences) protected readonly preferences: ConnectionPreferences;
    @inject(ILogger) protected readonly logger: ILogger;
    @inject(SocketEventBuffer) protected readonly earlyEvents: SocketEventBuffer;
    @inject(StartupDoctor) protected readonly startupDoctor: StartupDoctor;

    protected readonly machine = new ConnectionStateMachine(Date.now());
    protected readonly onDidChangeEmitter = new Emitter<ConnectionSnapshot>();
    readonly onDidChange = this.onDidChangeEmitter.event;
    protected readonly onDidSampleEmitter = new Emitter<ConnectionSample>();
    readonly onDidSample = this.onDidSampleEmitter.event;
    protected readonly sampler = new ConnectionSampler();
    protected readonly toDispose = new DisposableCollection(this.onDidChangeEmitter, this.onDidSampleEmitter);

    protected seq = 0;
    /** The one timer: the next heartbeat or the next deadline of the state machine, whichever comes first. */
    protected readonly timer = new HeartbeatTimer({
        wake: now => this.wake(now),
        paused: (now, late) => this.machine.timersPaused(now, late),
        awaitingAnswer: () => this.machine.awaitingAnswer
    });
    protected nextHeartbeatAt = 0;
    protected lastSentAt = 0;

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
        this.schedule();
    }

    onStop(): void {
        this.dispose();
    }

    dispose(): void {
        this.timer.dispose();
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

    serverStopping(notice: StoppingNotice): void {
        this.record(() => this.machine.serverStopping(Date.now(), notice));
    }

    restartExplained(cause: RestartCause, message: string): void {
        this.record(() => this.machine.restartExplained(Date.now(), cause, message));
    }

    checkNow(): void {
        this.timer.noticePause(Date.now());
        this.sendHeartbeat();
        this.evaluate();
        this.schedule();
    }

    protected applySettings(): void {
        const { settings, warnings } = clampConnectionSettings(this.preferences as unknown as Record<string, unknown>);
        for (const warning of warnings) {
            this.logger.warn(`session-health: ${warning}`);
        }
        this.applyMonitorSettings(settings);
    }

    protected applyMonitorSettings(settings: MonitorSettings): void {
        this.machine.configure(settings);
        this.nextHeartbeatAt = Math.min(this.nextHeartbeatAt, Date.now() + settings.heartbeatIntervalMs);
        this.evaluate(true);
        this.schedule();
    }

    // ---- the loop: one timer, due at the next heartbeat or the next deadline; nothing runs in between ----

    protected schedule(): void {
        if (this.toDispose.disposed) {
            return;
        }
        const now = Date.now();
        // A pause that began inside a callback after it had read the clock (DevTools pausing the page in a listener
        // of onDidChange) shows only here: re-arming would forget how late the timer is.
        if (this.timer.noticePause(now)) {
            this.evaluate(true); // says so now, not at the next wake-up
        }
        const due = Math.max(now, Math.min(this.nextHeartbeatAt, this.machine.nextDeadline() ?? Infinity));
        this.timer.arm(due, now);
    }

    protected wake(now: number): void {
        if (now >= this.nextHeartbeatAt) {
            this.sendHeartbeat();
        }
        this.evaluate();
        this.schedule();
    }

    protected sendHeartbeat(): void {
        const now = Date.now();
        this.nextHeartbeatAt = now + this.machine.getSettings().heartbeatIntervalMs;
        const socket = this.connectionSource.socket;
        if (!this.machine.canSendHeartbeat() || !socket.connected) {
            return;
        }
        const seq = ++this.seq;
        this.lastSentAt = now;
        this.machine.heartbeatSent(now, seq);
        socket.timeout(ACK_GIVE_UP_MS).emit(HEARTBEAT_EVENT, (error: Error | null, ...args: unknown[]) => {
            if (!error) {
                this.answered(seq, args);
            }
        });
    }

    protected answered(seq: number, args: unknown[]): void {
        const now = Date.now();
        this.timer.noticePause(now);
        const { loopDelay, news } = decodeHeartbeatAck(args);
        this.machine.heartbeatReplied(now, { seq, loopDelay, ...news });
        this.markActivity();
        // Answers are back after a silence: one more heartbeat at once brings the loop delay the backend recorded since.
        if (this.machine.silenceSettling && now - this.lastSentAt > 100) {
            this.sendHeartbeat();
        }
        this.evaluate();
        this.schedule();
    }

    /** An answer is incoming traffic: Theia's own status service then needs no ping of its own (every 5 s). */
    protected markActivity(): void {
        (this.connectionSource as unknown as { onIncomingMessageActivityEmitter?: Emitter<void> }).onIncomingMessageActivityEmitter?.fire();
    }

    protected firedKey: string | undefined;

    /** Re-evaluates; listeners hear of what they show or act on (state, timeline, transport, round trip, instance), not of every answer. */
    protected evaluate(alwaysFire = false): void {
        const now = Date.now();
        // Every path re-evaluates before it reschedules: an overdue timer is noticed here even when an event, or a pause
        // in the middle of a callback, comes before the timer's own wake-up (rescheduling would forget how late it was).
        this.timer.noticePause(now);
        this.machine.evaluate(now);
        for (const sample of this.sampler.next(now, this.machine.sampleCounters())) {
            this.onDidSampleEmitter.fire(sample);
        }
        const key = this.machine.changeKey();
        if (alwaysFire || key !== this.firedKey) {
            this.firedKey = key;
            this.onDidChangeEmitter.fire(this.machine.snapshot());
        }
    }

    // ---- SocketEventSink (events carry their own time: buffered ones are replayed) -------------------

    protected record(update: () => void): void {
        update();
        this.evaluate(true);
        this.schedule();
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
