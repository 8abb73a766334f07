// *****************************************************************************
// The connection state machine: pure logic, fed with timestamps, no timers and no DOM.
// The browser's ConnectionMonitor feeds it Socket.IO events and heartbeat results.
// *****************************************************************************

import { BackendInstance, HeartbeatReply } from '../../common/connection/heartbeat-protocol';
import { HandshakeError } from '../../common/engine-io-protocol';
import { RoundTripSummary, RoundTripWindow } from './round-trip-window';

export type ConnectionState = 'connected' | 'polling' | 'degraded' | 'offline' | 'reconnecting';
export const CONNECTION_STATES: readonly ConnectionState[] = ['connected', 'polling', 'degraded', 'offline', 'reconnecting'];

export interface MonitorSettings {
    /** Time between two application heartbeats. */
    heartbeatIntervalMs: number;
    /** A heartbeat without an answer after this long is missed. */
    heartbeatTimeoutMs: number;
    /** Round trips above this make the connection `degraded`. */
    degradedRoundTripMs: number;
}

export const DEFAULT_MONITOR_SETTINGS: Readonly<MonitorSettings> = {
    heartbeatIntervalMs: 1000,
    heartbeatTimeoutMs: 2000,
    degradedRoundTripMs: 500
};

export type TimelineKind =
    'connect' | 'disconnect' | 'upgrade' | 'upgrade-error' | 'reconnect-scheduled' | 'reconnect-attempt' | 'reconnect'
    | 'connect-error' | 'heartbeat-missed' | 'heartbeat-late' | 'state' | 'instance' | 'instance-changed' | 'paused' | 'sid-mismatch'
    | 'recovery';

/** Why connecting fails, as the recovery logic worked it out (more precise than the raw handshake error). */
export type FailureCause = 'backend-restarted' | 'no-session-affinity' | 'token-refused' | 'session-unknown' | 'unreachable';

export interface ConnectionCause {
    cause: FailureCause;
    /** Plain words for the user. */
    message: string;
    /** What fixes it, when something can be done. */
    fix?: string;
    at: number;
}

export interface TimelineEvent {
    at: number;
    kind: TimelineKind;
    message: string;
}

export interface ConnectionSnapshot {
    state: ConnectionState;
    /** Since when the connection has been in `state` (ms since epoch). */
    stateSince: number;
    /** Why the state is degraded or offline, in plain words. */
    reason?: string;
    socketOpen: boolean;
    transport?: string;
    sid?: string;
    /** The sid the backend reports for this tab (should equal `sid`). */
    backendSid?: string;
    connectedSince?: number;
    reconnectAttempt: number;
    nextRetryAt?: number;
    reconnects: number;
    upgrades: number;
    upgradeErrors: number;
    lastUpgradeError?: { at: number; message: string };
    lastDisconnect?: { at: number; reason: string; description?: string };
    lastConnectError?: HandshakeError & { at: number };
    /** The diagnosed cause of the current or last connection failure. */
    cause?: ConnectionCause;
    roundTrip: RoundTripSummary;
    lastHeartbeatAt?: number;
    heartbeatsSent: number;
    missedHeartbeats: number;
    consecutiveMissed: number;
    instance?: BackendInstance;
    timeline: readonly TimelineEvent[];
}

interface Outstanding {
    sentAt: number;
    missed: boolean;
}

const TIMELINE_CAPACITY = 200;
const MAX_OUTSTANDING = 16;

export class ConnectionStateMachine {
    protected settings: MonitorSettings;
    protected socketOpen = false;
    protected transport: string | undefined;
    protected sid: string | undefined;
    protected backendSid: string | undefined;
    protected connectedSince: number | undefined;
    protected reconnecting = false;
    protected attempt = 0;
    protected nextRetryAt: number | undefined;
    protected reconnects = 0;
    protected upgrades = 0;
    protected upgradeErrors = 0;
    protected lastUpgradeError: ConnectionSnapshot['lastUpgradeError'];
    protected lastDisconnect: ConnectionSnapshot['lastDisconnect'];
    protected lastConnectError: ConnectionSnapshot['lastConnectError'];
    protected cause: ConnectionCause | undefined;
    protected readonly rtt = new RoundTripWindow(60);
    protected readonly outstanding = new Map<number, Outstanding>();
    /** Last time anything arrived from the backend, or the start of a grace period. */
    protected lastInboundAt: number | undefined;
    protected lastHeartbeatAt: number | undefined;
    protected heartbeatsSent = 0;
    protected missedHeartbeats = 0;
    protected consecutiveMissed = 0;
    protected instance: BackendInstance | undefined;
    protected readonly timeline: TimelineEvent[] = [];
    protected state: ConnectionState = 'offline';
    protected stateSince: number;
    protected reason: string | undefined = 'Connecting to the IDE server…';

    constructor(now: number, settings: Partial<MonitorSettings> = {}) {
        this.settings = { ...DEFAULT_MONITOR_SETTINGS, ...settings };
        this.stateSince = now;
    }

    configure(settings: Partial<MonitorSettings>): void {
        this.settings = { ...this.settings, ...settings };
    }

    getSettings(): Readonly<MonitorSettings> {
        return this.settings;
    }

    // ---- Socket.IO events ----------------------------------------------------------------------

    socketOpened(now: number, sid: string | undefined, transport: string | undefined): void {
        this.socketOpen = true;
        this.sid = sid;
        this.transport = transport;
        this.connectedSince = now;
        this.reconnecting = false;
        this.attempt = 0;
        this.nextRetryAt = undefined;
        this.consecutiveMissed = 0;
        this.outstanding.clear();
        this.lastInboundAt = now;
        this.cause = undefined;
        this.log(now, 'connect', `Connected over ${transportLabel(transport)}, sid ${shortSid(sid)}`);
    }

    transportUpgraded(now: number, transport: string): void {
        this.transport = transport;
        this.upgrades++;
        this.log(now, 'upgrade', `Transport upgraded to ${transportLabel(transport)}`);
    }

    upgradeFailed(now: number, message: string): void {
        this.upgradeErrors++;
        this.lastUpgradeError = { at: now, message };
        this.log(now, 'upgrade-error', `WebSocket upgrade failed: ${message}`);
    }

    socketClosed(now: number, reason: string, willReconnect: boolean, description?: string): void {
        const wasOpen = this.socketOpen;
        this.socketOpen = false;
        this.connectedSince = undefined;
        this.outstanding.clear();
        this.consecutiveMissed = 0;
        this.reconnecting = willReconnect;
        if (wasOpen) {
            this.lastDisconnect = { at: now, reason, description };
            this.log(now, 'disconnect', `Disconnected: ${reason}${description ? ` (${description})` : ''}`);
        }
    }

    reconnectScheduled(now: number, delayMs: number): void {
        this.reconnecting = true;
        this.nextRetryAt = now + delayMs;
        this.log(now, 'reconnect-scheduled', `Next reconnect attempt in ${formatSeconds(delayMs)}`);
    }

    reconnectAttempt(now: number, attempt: number): void {
        this.reconnecting = true;
        this.attempt = attempt;
        this.nextRetryAt = undefined;
        this.log(now, 'reconnect-attempt', `Reconnect attempt ${attempt}`);
    }

    reconnectSucceeded(now: number, attempts: number): void {
        this.reconnects++;
        this.log(now, 'reconnect', `Reconnected after ${attempts} attempt${attempts === 1 ? '' : 's'}`);
    }

    connectFailed(now: number, error: HandshakeError): void {
        this.lastConnectError = { ...error, at: now };
        const code = error.code !== undefined ? ` (engine.io code ${error.code})` : error.status ? ` (HTTP ${error.status})` : '';
        this.log(now, 'connect-error', `Connection refused: ${error.message}${code}. ${error.explanation}`);
    }

    /** The recovery logic diagnosed why connecting fails. */
    diagnosed(cause: ConnectionCause): void {
        this.cause = cause;
        this.log(cause.at, 'recovery', cause.message);
    }

    /** A recovery step worth keeping in the timeline. */
    noteRecovery(at: number, message: string): void {
        this.log(at, 'recovery', message);
    }

    /** Anything arrived from the backend: a packet proves the path is alive. */
    inbound(now: number): void {
        if (this.lastInboundAt === undefined || now > this.lastInboundAt) {
            this.lastInboundAt = now;
        }
    }

    // ---- Heartbeats ----------------------------------------------------------------------------

    heartbeatSent(now: number, seq: number): void {
        this.heartbeatsSent++;
        this.outstanding.set(seq, { sentAt: now, missed: false });
        if (this.outstanding.size > MAX_OUTSTANDING) {
            const oldest = this.outstanding.keys().next().value as number;
            this.outstanding.delete(oldest);
        }
    }

    heartbeatReplied(now: number, reply: HeartbeatReply): void {
        const entry = this.outstanding.get(reply.seq);
        if (!entry) {
            return;
        }
        // Replies come in order over one socket: anything older than this one is lost.
        for (const seq of [...this.outstanding.keys()]) {
            if (seq <= reply.seq) {
                this.outstanding.delete(seq);
            }
        }
        this.inbound(now);
        this.lastHeartbeatAt = now;
        const roundTrip = now - entry.sentAt;
        if (!entry.missed && roundTrip <= this.settings.heartbeatTimeoutMs) {
            this.rtt.add(roundTrip);
            this.consecutiveMissed = 0;
        } else {
            this.log(now, 'heartbeat-late', `Late heartbeat answer after ${Math.round(roundTrip)} ms`);
        }
        this.noteInstance(now, reply.instance);
        if (reply.sid && reply.sid !== this.backendSid) {
            this.backendSid = reply.sid;
            if (this.sid && reply.sid !== this.sid) {
                this.log(now, 'sid-mismatch', `The backend sees sid ${shortSid(reply.sid)}, this tab uses ${shortSid(this.sid)}`);
            }
        }
    }

    /** The answer of a heartbeat failed (the RPC rejected); the path still answered, so it is inbound. */
    heartbeatFailed(now: number, seq: number, message: string): void {
        if (this.outstanding.delete(seq)) {
            this.missedHeartbeats++;
            this.consecutiveMissed++;
            this.log(now, 'heartbeat-missed', `Heartbeat failed: ${message}`);
        }
    }

    noteInstance(now: number, instance: BackendInstance): void {
        if (!this.instance) {
            this.log(now, 'instance', `Backend instance ${instance.id.slice(0, 8)} on ${instance.hostname}, started ${new Date(instance.startedAt).toISOString()}`);
        } else if (this.instance.id !== instance.id) {
            this.log(now, 'instance-changed',
                `New backend instance ${instance.id.slice(0, 8)} on ${instance.hostname} (was ${this.instance.id.slice(0, 8)} on ${this.instance.hostname}): the backend restarted or this is another replica`);
        }
        this.instance = instance;
    }

    /**
     * Timers ran late (a hidden tab is throttled, or the machine slept). Heartbeats that are overdue
     * only because of that are not missed: their clocks restart now.
     */
    timersPaused(now: number, pausedMs: number): void {
        for (const entry of this.outstanding.values()) {
            entry.sentAt = now;
        }
        if (this.lastInboundAt !== undefined) {
            this.lastInboundAt = Math.max(this.lastInboundAt, now);
        }
        this.log(now, 'paused', `Timers were paused for ${formatSeconds(pausedMs)} (hidden tab or sleep); not counted as missed heartbeats`);
    }

    /** Whether a heartbeat may be sent now (socket open, not too many unanswered). */
    canSendHeartbeat(): boolean {
        return this.socketOpen;
    }

    // ---- Evaluation ----------------------------------------------------------------------------

    /**
     * How long a silence with a heartbeat outstanding must last before the link counts as dead: the heartbeat
     * timeout, widened to 4× the recent p95 round trip on a slow link (samples never exceed the timeout, so
     * this is at most 4× the timeout).
     */
    offlineAfterMs(): number {
        return Math.max(this.settings.heartbeatTimeoutMs, 4 * (this.rtt.summary().p95 ?? 0));
    }

    /** Advances time: marks missed heartbeats and recomputes the state. Returns true when the state changed. */
    evaluate(now: number): boolean {
        let newlyMissed = 0;
        for (const entry of this.outstanding.values()) {
            if (!entry.missed && now - entry.sentAt >= this.settings.heartbeatTimeoutMs) {
                entry.missed = true;
                newlyMissed++;
            }
        }
        if (newlyMissed > 0) {
            if (this.consecutiveMissed === 0) {
                this.log(now, 'heartbeat-missed', `No heartbeat answer within ${this.settings.heartbeatTimeoutMs} ms`);
            }
            this.missedHeartbeats += newlyMissed;
            this.consecutiveMissed += newlyMissed;
        }
        const [state, reason] = this.computeState(now);
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
            if (this.reconnecting) {
                return ['reconnecting', this.cause?.message ?? this.lastConnectError?.explanation ?? this.lastDisconnect?.reason];
            }
            return ['offline', this.lastDisconnect ? `Disconnected: ${this.lastDisconnect.reason}` : 'Connecting to the IDE server…'];
        }
        const silence = this.lastInboundAt === undefined ? 0 : now - this.lastInboundAt;
        if (this.outstanding.size > 0 && silence >= this.offlineAfterMs()) {
            return ['offline', `Nothing received from the IDE server for ${formatSeconds(silence)} although the connection looks open`];
        }
        if (this.consecutiveMissed > 0) {
            return ['degraded', `${this.consecutiveMissed} heartbeat${this.consecutiveMissed === 1 ? '' : 's'} missed`];
        }
        const recent = this.rtt.recent(3).sort((a, b) => a - b);
        const median = recent.length ? recent[Math.floor(recent.length / 2)] : 0;
        if (median > this.settings.degradedRoundTripMs) {
            return ['degraded', `Round trip ${Math.round(median)} ms is above ${this.settings.degradedRoundTripMs} ms`];
        }
        if (this.transport !== 'websocket') {
            return ['polling', this.upgradeErrors > 0 ? 'The WebSocket upgrade failed; using HTTP long-polling' : 'Using HTTP long-polling'];
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
            timeline: this.timeline.slice()
        };
    }

    protected logged = 0;

    /** How many timeline events were ever logged (the timeline itself is bounded). */
    get eventCount(): number {
        return this.logged;
    }

    protected log(at: number, kind: TimelineKind, message: string): void {
        this.logged++;
        this.timeline.push({ at, kind, message });
        if (this.timeline.length > TIMELINE_CAPACITY) {
            this.timeline.splice(0, this.timeline.length - TIMELINE_CAPACITY);
        }
    }
}

export function transportLabel(transport: string | undefined): string {
    switch (transport) {
        case 'websocket': return 'WebSocket';
        case 'polling': return 'Polling';
        case 'webtransport': return 'WebTransport';
        default: return transport ?? 'none';
    }
}

export function stateLabel(state: ConnectionState): string {
    switch (state) {
        case 'connected': return 'Connected';
        case 'polling': return 'Polling';
        case 'degraded': return 'Degraded';
        case 'offline': return 'Offline';
        case 'reconnecting': return 'Reconnecting';
    }
}

export function shortSid(sid: string | undefined): string {
    return sid ? (sid.length > 8 ? `${sid.slice(0, 8)}…` : sid) : 'none';
}

export function formatSeconds(ms: number): string {
    return ms < 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
