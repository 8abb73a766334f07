// *****************************************************************************
// The connection state machine: pure logic, fed with timestamps, no timers and no DOM.
// The browser's ConnectionMonitor feeds it Socket.IO events and heartbeat answers.
// Its parts: the snapshot types (connection-snapshot), the socket's events (connection-events), the heartbeats
// (connection-heartbeats), the timeline, and the server-busy-or-network decision (silence-episode).
// *****************************************************************************

import { RestartCause, StoppingNotice } from '../../../common/lifecycle/lifecycle-protocol';
import { ConnectionSnapshot, ConnectionState, MonitorSettings } from './connection-snapshot';
import { formatSeconds, stateLabel } from './connection-labels';
import { ConnectionHeartbeats } from './connection-heartbeats';
import { SampleCounters } from '../history/connection-sampler';
import { nls } from '@theia/core/lib/common/nls';
import { eventTexts } from './connection-event-texts';
import { closedState } from './closed-state';

export class ConnectionStateMachine extends ConnectionHeartbeats {
    protected state: ConnectionState = 'offline';
    protected stateSince: number;
    protected reason: string | undefined = nls.localize('theia-session-health/connection/reason.connecting', 'Connecting to the IDE server…');
    protected stopping: (StoppingNotice & { at: number }) | undefined;
    protected restartCause: { cause: RestartCause; message: string; at: number } | undefined;

    constructor(now: number, settings: Partial<MonitorSettings> = {}) {
        super(settings);
        this.stateSince = now;
    }

    protected heartbeatsReset(now: number, opened: boolean): void {
        this.consecutiveMissed = 0;
        this.clock.clear();
        if (opened) {
            // a backend still draining says so again on the new socket
            this.stopping = undefined;
            this.lastInboundAt = now;
        } else {
            this.noteSilenceCause(now, this.silences.closed(now));
        }
    }

    /** The backend announced that it is shutting down (SIGTERM): `stopping` while the socket stays open. */
    serverStopping(now: number, notice: StoppingNotice): void {
        if (this.stopping?.instanceId === notice.instanceId) {
            return;
        }
        this.inbound(now);
        this.stopping = { ...notice, at: now };
        this.log(now, 'stopping', eventTexts.stopping(notice.cause === 'idle', notice.drainSeconds));
    }

    /** The new backend said why the previous one stopped (plain words). */
    restartExplained(now: number, cause: RestartCause, message: string): void {
        this.restartCause = { cause, message, at: now };
        this.log(now, 'restart-cause', message);
    }

    // ---- Evaluation ----------------------------------------------------------------------------

    /** Advances time: marks missed heartbeats and recomputes the state. Returns true when the state changed. */
    evaluate(now: number): boolean {
        const oldestWaiting = this.clock.oldestSentAt();
        const newlyMissed = this.clock.markMissed(now, this.settings.heartbeatTimeoutMs);
        const lastAnswer = this.lastHeartbeatAt ?? this.connectedSince ?? now;
        if (newlyMissed > 0) {
            this.silences.missed(lastAnswer, oldestWaiting ?? now);
            if (this.consecutiveMissed === 0) {
                this.log(now, 'heartbeat-missed', eventTexts.noAnswer(this.settings.heartbeatTimeoutMs));
            }
            this.missedHeartbeats += newlyMissed;
            this.consecutiveMissed += newlyMissed;
        }
        this.noteSilenceCause(now, this.silences.expire(now));
        const [state, reason] = this.computeState(now);
        if (state === 'offline' && this.socketOpen) {
            this.silences.missed(lastAnswer, oldestWaiting ?? now);
        }
        const changed = state !== this.state;
        if (changed) {
            this.log(now, 'state', `${stateLabel(this.state)} → ${stateLabel(state)}${reason ? `: ${reason}` : ''}`);
            this.state = state;
            this.stateSince = now;
        }
        this.reason = reason;
        return changed;
    }

    protected computeState(now: number): [ConnectionState, string | undefined] {
        if (!this.socketOpen) {
            return closedState({ reconnecting: this.reconnecting, cause: this.cause, lastConnectError: this.lastConnectError, lastDisconnect: this.lastDisconnect });
        }
        if (this.stopping) {
            return ['stopping', this.stopping.cause === 'idle'
                ? nls.localize('theia-session-health/connection/reason.stoppingIdle', 'The IDE server is shutting down (idle stop); unsaved work is kept in this browser')
                : nls.localize('theia-session-health/connection/reason.stopping', 'The IDE server is shutting down (SIGTERM); unsaved work is kept in this browser')];
        }
        const silence = this.lastInboundAt === undefined ? 0 : now - this.lastInboundAt;
        if (this.clock.size > 0 && silence >= this.offlineAfterMs()) {
            return ['offline', nls.localize('theia-session-health/connection/reason.silent', 'Nothing received from the IDE server for {0} although the connection looks open', formatSeconds(silence))];
        }
        if (this.consecutiveMissed > 0) {
            return ['degraded', this.consecutiveMissed === 1
                ? nls.localize('theia-session-health/connection/reason.missedOne', '1 heartbeat missed')
                : nls.localize('theia-session-health/connection/reason.missed', '{0} heartbeats missed', this.consecutiveMissed)];
        }
        const recent = this.rtt.recent(3).sort((a, b) => a - b);
        const median = recent.length ? recent[Math.floor(recent.length / 2)] : 0;
        if (median > this.settings.degradedRoundTripMs) {
            return ['degraded', nls.localize('theia-session-health/connection/reason.slow', 'Round trip {0} ms is above {1} ms', Math.round(median), this.settings.degradedRoundTripMs)];
        }
        if (this.transport !== 'websocket') {
            return ['polling', this.upgradeErrors > 0
                ? nls.localize('theia-session-health/connection/reason.upgradeFailed', 'The WebSocket upgrade failed; using HTTP long-polling')
                : nls.localize('theia-session-health/connection/reason.polling', 'Using HTTP long-polling')];
        }
        return ['connected', undefined];
    }

    snapshot(): ConnectionSnapshot {
        return {
            state: this.state,
            stateSince: this.stateSince,
            reason: this.reason,
            socketOpen: this.socketOpen,
            transport: this.transport,
            sid: this.sid,
            backendSid: this.backendSid,
            connectedSince: this.connectedSince,
            reconnectAttempt: this.attempt,
            nextRetryAt: this.nextRetryAt,
            reconnects: this.reconnects,
            upgrades: this.upgrades,
            upgradeErrors: this.upgradeErrors,
            lastUpgradeError: this.lastUpgradeError,
            lastDisconnect: this.lastDisconnect,
            lastConnectError: this.lastConnectError,
            cause: this.cause,
            roundTrip: this.rtt.summary(),
            lastHeartbeatAt: this.lastHeartbeatAt,
            heartbeatsSent: this.heartbeatsSent,
            missedHeartbeats: this.missedHeartbeats,
            consecutiveMissed: this.consecutiveMissed,
            instance: this.instance,
            silence: this.silences.current,
            serverStalls: this.silences.serverStalls,
            stopping: this.stopping,
            restartCause: this.restartCause,
            timeline: this.timeline.entries()
        };
    }

    sampleCounters(): SampleCounters {
        return { state: this.state, answers: this.answers, lastRoundTripMs: this.lastRoundTripMs, missed: this.missedHeartbeats };
    }

    /**
     * Changes whenever something listeners show or act on changed: the state, a timeline event, the transport,
     * the round trip the status bar shows, the instance, the first answer on a socket. Not on every answer.
     */
    changeKey(): string {
        const p50 = this.rtt.summary().p50;
        const answered = this.lastHeartbeatAt !== undefined && this.connectedSince !== undefined && this.lastHeartbeatAt >= this.connectedSince;
        return `${this.state}|${this.eventCount}|${this.transport}|${p50 === undefined ? '' : Math.round(p50)}|${this.instance?.id}|${answered}|${this.backendSid}`;
    }

    /**
     * The next time `evaluate` can change anything without an event: a heartbeat becoming missed, a silence
     * long enough for offline, or a silence's cause being settled. Undefined: nothing pending.
     */
    nextDeadline(): number | undefined {
        const times: number[] = [];
        const miss = this.clock.nextMissAt(this.settings.heartbeatTimeoutMs);
        if (miss !== undefined) {
            times.push(miss);
        }
        if (this.socketOpen && this.clock.size > 0 && this.lastInboundAt !== undefined && this.state !== 'offline') {
            times.push(this.lastInboundAt + this.offlineAfterMs());
        }
        const decision = this.silences.nextDecisionAt();
        if (decision !== undefined) {
            times.push(decision);
        }
        return times.length ? Math.min(...times) : undefined;
    }
}
