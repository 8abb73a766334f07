// *****************************************************************************
// Words and numbers for people: status-bar text, tooltip and the copyable details.
// *****************************************************************************

import { ConnectionSnapshot, SilenceEpisode } from './connection-snapshot';
import { formatSeconds, shortSid, stateLabel, transportLabel } from './connection-labels';

const ICONS: Record<ConnectionSnapshot['state'], string> = {
    connected: '$(plug)',
    polling: '$(arrow-swap)',
    degraded: '$(warning)',
    offline: '$(debug-disconnect)',
    reconnecting: '$(sync~spin)',
    stopping: '$(debug-stop)'
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
        case 'stopping':
            text = 'Server stopping';
            break;
        case 'reconnecting': {
            const next = s.nextRetryAt !== undefined ? `, next in ${Math.max(0, Math.ceil((s.nextRetryAt - now) / 1000))} s` : '';
            text = `Reconnecting (attempt ${s.reconnectAttempt || 1}${next})`;
            break;
        }
        default:
            // the median of the window: it does not change with every answer, so the item is not repainted every second
            text = `${transportLabel(s.transport)} · ${ms(s.roundTrip.p50)}`;
    }
    if (s.reconnects > 0) {
        text += ` · ↻${s.reconnects}`;
    }
    return `${ICONS[s.state]} ${text}`;
}

/** One silence in words: server busy or network, once known. */
export function silenceText(e: SilenceEpisode): string {
    const at = clock(e.since);
    if (e.cause === 'server-busy') {
        return `the IDE server was busy for ${formatSeconds(e.blockedMs)}, not the network (at ${at})`;
    }
    const silence = e.answeredAt !== undefined ? ` for ${formatSeconds(e.answeredAt - e.since)}` : '';
    if (e.cause === 'network') {
        return `network drop: no answer${silence} (the IDE server was not busy) at ${at}`;
    }
    return `no answer since ${at}${silence}: cause not known yet`;
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
    if (s.silence) {
        lines.push(`Last interruption: ${silenceText(s.silence)}`);
    }
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
        `Last interruption: ${s.silence ? silenceText(s.silence) : 'none'} (server busy ${s.serverStalls} time${s.serverStalls === 1 ? '' : 's'})`,
        `Backend instance: ${s.instance ? `${s.instance.id} on ${s.instance.hostname}, started ${s.instance.startedAt}` : 'unknown'}`,
        '',
        'Timeline:',
        ...s.timeline.map(e => `${new Date(e.at).toISOString()}  ${e.kind.padEnd(19)} ${e.message}`)
    ];
    return lines.join('\n');
}
