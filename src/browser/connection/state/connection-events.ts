// *****************************************************************************
// What Socket.IO and the recovery logic reported about the connection (transport, sid, reconnects,
// refusals, diagnosed causes), kept as facts and timeline entries. The state machine builds on it.
// *****************************************************************************

import { HandshakeError } from '../../../common/shared/engine-io-protocol';
import { ConnectionCause, ConnectionSnapshot, DEFAULT_MONITOR_SETTINGS, MonitorSettings, TimelineKind } from './connection-snapshot';
import { formatSeconds, shortSid, transportLabel } from './connection-labels';
import { ConnectionTimeline } from './connection-timeline';
import { nls } from '@theia/core/lib/common/nls';

export abstract class ConnectionEvents {
    protected settings: MonitorSettings;
    protected socketOpen = false;
    protected transport: string | undefined;
    protected sid: string | undefined;
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
    protected readonly timeline = new ConnectionTimeline();

    constructor(settings: Partial<MonitorSettings>) {
        this.settings = { ...DEFAULT_MONITOR_SETTINGS, ...settings };
    }

    configure(settings: Partial<MonitorSettings>): void {
        this.settings = { ...this.settings, ...settings };
    }

    getSettings(): Readonly<MonitorSettings> {
        return this.settings;
    }

    /** How many timeline events were ever logged (the timeline itself is bounded). */
    get eventCount(): number {
        return this.timeline.count;
    }

    /** The socket opened: heartbeat clocks start afresh. */
    protected abstract heartbeatsReset(now: number, opened: boolean): void;

    // ---- Socket.IO events ----------------------------------------------------------------------

    socketOpened(now: number, sid: string | undefined, transport: string | undefined): void {
        this.socketOpen = true;
        this.sid = sid;
        this.transport = transport;
        this.connectedSince = now;
        this.reconnecting = false;
        this.attempt = 0;
        this.nextRetryAt = undefined;
        this.heartbeatsReset(now, true);
        this.cause = undefined;
        this.log(now, 'connect', nls.localize('theia-session-health/connection/event.connect', 'Connected over {0}, sid {1}', transportLabel(transport), shortSid(sid)));
    }

    transportUpgraded(now: number, transport: string): void {
        this.transport = transport;
        this.upgrades++;
        this.log(now, 'upgrade', nls.localize('theia-session-health/connection/event.upgrade', 'Transport upgraded to {0}', transportLabel(transport)));
    }

    upgradeFailed(now: number, message: string): void {
        this.upgradeErrors++;
        this.lastUpgradeError = { at: now, message };
        this.log(now, 'upgrade-error', nls.localize('theia-session-health/connection/event.upgradeError', 'WebSocket upgrade failed: {0}', message));
    }

    socketClosed(now: number, reason: string, willReconnect: boolean, description?: string): void {
        const wasOpen = this.socketOpen;
        this.socketOpen = false;
        this.connectedSince = undefined;
        this.reconnecting = willReconnect;
        this.heartbeatsReset(now, false);
        if (wasOpen) {
            this.lastDisconnect = { at: now, reason, description };
            this.log(now, 'disconnect', nls.localize('theia-session-health/connection/reason.disconnected', 'Disconnected: {0}', reason) + (description ? ` (${description})` : ''));
        }
    }

    reconnectScheduled(now: number, delayMs: number): void {
        this.reconnecting = true;
        this.nextRetryAt = now + delayMs;
        this.log(now, 'reconnect-scheduled', nls.localize('theia-session-health/connection/event.reconnectScheduled', 'Next reconnect attempt in {0}', formatSeconds(delayMs)));
    }

    reconnectAttempt(now: number, attempt: number): void {
        this.reconnecting = true;
        this.attempt = attempt;
        this.nextRetryAt = undefined;
        this.log(now, 'reconnect-attempt', nls.localize('theia-session-health/connection/event.reconnectAttempt', 'Reconnect attempt {0}', attempt));
    }

    reconnectSucceeded(now: number, attempts: number): void {
        this.reconnects++;
        this.log(now, 'reconnect', attempts === 1
            ? nls.localize('theia-session-health/connection/event.reconnectedOne', 'Reconnected after 1 attempt')
            : nls.localize('theia-session-health/connection/event.reconnected', 'Reconnected after {0} attempts', attempts));
    }

    connectFailed(now: number, error: HandshakeError): void {
        this.lastConnectError = { ...error, at: now };
        const code = error.code !== undefined ? ` (engine.io code ${error.code})` : error.status ? ` (HTTP ${error.status})` : '';
        this.log(now, 'connect-error', nls.localize('theia-session-health/connection/event.connectError', 'Connection refused: {0}{1}. {2}', error.message, code, error.explanation));
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

    protected log(at: number, kind: TimelineKind, message: string): void {
        this.timeline.log(at, kind, message);
    }
}
