// *****************************************************************************
// Words and numbers for people: status-bar text, tooltip and the copyable details.
// *****************************************************************************

import { ConnectionSnapshot, formatSeconds, shortSid, stateLabel, transportLabel } from './connection-state';

const ICONS: Record<ConnectionSnapshot['state'], string> = {
    connected: '$(plug)',
    polling: '$(arrow-swap)',
    degraded: '$(warning)',
    offline: '$(debug-disconnect)',
    reconnecting: '$(sync~spin)'
};

function ms(value: number | undefined): string {
    return value === undefined ? '–' : `${Math.round(value)} ms`;
}

function clock(at: number | undefined): string {
    return at === undefined ? '–' : new Date(at).toLocaleTimeString();
}

export function statusBarText(s: ConnectionSnapshot, now: number): string {
    let text: string;
    switch (s.state) {
        case 'offline':
            text = 'Offline';
            break;
        case 'reconnecting': {
            const next = s.nextRetryAt !== undefined ? `, next in ${Math.max(0, Math.ceil((s.nextRetryAt - now) / 1000))} s` : '';
            text = `Reconnecting (attempt ${s.reconnectAttempt || 1}${next})`;
            break;
        }
        default:
            text = `${transportLabel(s.transport)} · ${ms(s.roundTrip.last)}`;
    }
    if (s.reconnects > 0) {
        text += ` · ↻${s.reconnects}`;
    }
    return `${ICONS[s.state]} ${text}`;
}

export function tooltipText(s: ConnectionSnapshot, now: number): string {
    const lines = [
        `IDE connection: ${stateLabel(s.state)}${s.reason ? ` (${s.reason})` : ''}`,
        `Transport: ${transportLabel(s.transport)}`,
        `Session: ${shortSid(s.sid)}`,
        `Connected since: ${clock(s.connectedSince)}`,
        `Reconnects: ${s.reconnects}`,
        `Last disconnect: ${s.lastDisconnect ? `${s.lastDisconnect.reason} at ${clock(s.lastDisconnect.at)}` : 'none'}`,
        `Round trip: p50 ${ms(s.roundTrip.p50)}, p95 ${ms(s.roundTrip.p95)} (${s.roundTrip.count} samples)`,
        `Last heartbeat: ${s.lastHeartbeatAt === undefined ? 'none yet' : `${formatSeconds(now - s.lastHeartbeatAt)} ago`}`
    ];
    if (s.cause) {
        lines.push(`Cause: ${s.cause.message}`);
        if (s.cause.fix) {
            lines.push(`Fix: ${s.cause.fix}`);
        }
    } else if (s.lastConnectError) {
        lines.push(`Last connection error: ${s.lastConnectError.explanation}`);
    }
    lines.push('Click for details');
    return lines.join('\n');
}

/** Everything an admin needs, as plain text (the "Copy connection details" action). */
export function detailsText(s: ConnectionSnapshot, now: number): string {
    const lines = [
        `State: ${stateLabel(s.state)} since ${new Date(s.stateSince).toISOString()}${s.reason ? ` (${s.reason})` : ''}`,
        `Transport: ${transportLabel(s.transport)} (upgrades ${s.upgrades}, upgrade errors ${s.upgradeErrors})`,
        `Session id (sid): ${s.sid ?? 'none'}`,
        `Session id seen by the backend: ${s.backendSid ?? 'unknown'}`,
        `Connected since: ${s.connectedSince ? new Date(s.connectedSince).toISOString() : '–'}`,
        `Reconnects: ${s.reconnects}${s.reconnectAttempt ? ` (attempt ${s.reconnectAttempt} in progress)` : ''}`,
        `Last disconnect: ${s.lastDisconnect ? `${s.lastDisconnect.reason} at ${new Date(s.lastDisconnect.at).toISOString()}` : 'none'}`,
        `Last connection error: ${s.lastConnectError ? `${s.lastConnectError.message}${s.lastConnectError.code !== undefined ? ` (code ${s.lastConnectError.code})` : ''}: ${s.lastConnectError.explanation}` : 'none'}`,
        `Diagnosed cause: ${s.cause ? `${s.cause.message}${s.cause.fix ? ` Fix: ${s.cause.fix}` : ''}` : 'none'}`,
        `Round trip: last ${ms(s.roundTrip.last)}, p50 ${ms(s.roundTrip.p50)}, p95 ${ms(s.roundTrip.p95)}, max ${ms(s.roundTrip.max)} over ${s.roundTrip.count} samples`,
        `Heartbeats: ${s.heartbeatsSent} sent, ${s.missedHeartbeats} missed; last answer ${s.lastHeartbeatAt === undefined ? 'never' : `${formatSeconds(now - s.lastHeartbeatAt)} ago`}`,
        `Backend instance: ${s.instance ? `${s.instance.id} on ${s.instance.hostname}, started ${s.instance.startedAt}` : 'unknown'}`,
        '',
        'Timeline:',
        ...s.timeline.map(e => `${new Date(e.at).toISOString()}  ${e.kind.padEnd(19)} ${e.message}`)
    ];
    return lines.join('\n');
}
