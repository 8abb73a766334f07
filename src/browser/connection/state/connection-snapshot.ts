// *****************************************************************************
// What the connection monitor knows at one moment: states, settings, timeline entries and the snapshot
// listeners receive. Types and defaults only.
// *****************************************************************************

import { BackendInstance, LoopDelay } from '../../../common/connection/heartbeat-protocol';
import { HandshakeError } from '../../../common/shared/engine-io-protocol';
import { RestartCause, StoppingNotice } from '../../../common/lifecycle/lifecycle-protocol';
import { RoundTripSummary } from './round-trip-window';

/**
 * `stopping`: the socket is open, but the backend announced it is shutting down (SIGTERM, drain).
 * `signed-out`: the socket is closed and an authenticating proxy, not Theia, answers (the sign-in expired).
 */
export type ConnectionState = 'connected' | 'polling' | 'degraded' | 'offline' | 'reconnecting' | 'stopping' | 'signed-out';
export const CONNECTION_STATES: readonly ConnectionState[] = ['connected', 'polling', 'degraded', 'offline', 'reconnecting', 'stopping', 'signed-out'];

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
    | 'recovery' | 'server-busy' | 'network-drop' | 'stopping' | 'restart-cause';

/** Why connecting fails, as the recovery logic worked it out (more precise than the raw handshake error). */
/** `signed-out`: an authenticating proxy answers; `session-ended`: the platform removed the session's route (404). */
export type FailureCause = 'backend-restarted' | 'no-session-affinity' | 'token-refused' | 'session-unknown' | 'unreachable'
    | 'signed-out' | 'session-ended';

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

/** What kept the answers away during a silence: a blocked backend event loop, or the network. */
export type SilenceCause = 'server-busy' | 'network';

/** A time without heartbeat answers on an open socket (it made the connection degraded or offline). */
export interface SilenceEpisode {
    /** The last answer before the silence. */
    since: number;
    /** The first answer after it; undefined while the silence lasts. */
    answeredAt?: number;
    /** The longest event-loop block the backend reported for the silence (ms). */
    blockedMs: number;
    /** Undefined until known: at most ~1 s after the answers come back. */
    cause?: SilenceCause;
    decidedAt?: number;
}

/** One heartbeat answer, as the monitor hands it to the state machine (absent fields: unchanged). */
export interface HeartbeatAnswer {
    seq: number;
    instance?: BackendInstance;
    sid?: string;
    transport?: string;
    loopDelay?: LoopDelay;
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
    /** The current or last silence on an open socket, with its cause once known. */
    silence?: SilenceEpisode;
    /** Silences the backend's blocked event loop explained (`server busy`). */
    serverStalls: number;
    /** The backend's stopping notice while it drains (cleared when a socket opens again); `at`: when the tab got it. */
    stopping?: StoppingNotice & { at: number };
    /** Why the backend restarted, as the new instance reported it (once this tab reconnected after a restart). */
    restartCause?: { cause: RestartCause; message: string; at: number };
    timeline: readonly TimelineEvent[];
}
