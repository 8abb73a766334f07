// *****************************************************************************
// Words and numbers for people: status-bar text, tooltip and the copyable details.
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';
import { ConnectionSnapshot, SilenceEpisode } from '../state/connection-snapshot';
import { formatSeconds, shortSid, stateLabel, transportLabel } from '../state/connection-labels';
import { plural } from '../../../common/text/numbers';

const ICONS: Record<ConnectionSnapshot['state'], string> = {
    connected: '$(plug)',
    polling: '$(arrow-swap)',
    degraded: '$(warning)',
    offline: '$(debug-disconnect)',
    reconnecting: '$(sync~spin)',
    stopping: '$(debug-stop)',
    'signed-out': '$(account)'
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
            text = nls.localize('theia-session-health/connection/state.offline', 'Offline');
            break;
        case 'stopping':
            text = nls.localize('theia-session-health/connection/state.stopping', 'Server stopping');
            break;
        case 'signed-out':
            text = nls.localize('theia-session-health/connection/state.signedOut', 'Signed out');
            break;
        case 'reconnecting': {
            const attempt = s.reconnectAttempt || 1;
            text = s.nextRetryAt !== undefined
                ? nls.localize('theia-session-health/connection/reconnectingNext', 'Reconnecting (attempt {0}, next in {1} s)', attempt, Math.max(0, Math.ceil((s.nextRetryAt - now) / 1000)))
                : nls.localize('theia-session-health/connection/reconnecting', 'Reconnecting (attempt {0})', attempt);
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
        return nls.localize('theia-session-health/connection/silence.serverBusy', 'the IDE server was busy for {0}, not the network (at {1})', formatSeconds(e.blockedMs), at);
    }
    const silence = e.answeredAt !== undefined ? ' ' + nls.localize('theia-session-health/connection/silence.for', 'for {0}', formatSeconds(e.answeredAt - e.since)) : '';
    if (e.cause === 'network') {
        return nls.localize('theia-session-health/connection/silence.network', 'network drop: no answer{0} (the IDE server was not busy) at {1}', silence, at);
    }
    return nls.localize('theia-session-health/connection/silence.unknown', 'no answer since {0}{1}: cause not known yet', at, silence);
}

export function tooltipText(s: ConnectionSnapshot, now: number): string {
    const lines = [
        nls.localize('theia-session-health/connection/tooltip.state', 'IDE connection: {0}', stateLabel(s.state)) + (s.reason ? ` (${s.reason})` : ''),
        nls.localize('theia-session-health/connection/tooltip.transport', 'Transport: {0}', transportLabel(s.transport)),
        nls.localize('theia-session-health/connection/tooltip.session', 'Session: {0}', shortSid(s.sid)),
        nls.localize('theia-session-health/connection/tooltip.connectedSince', 'Connected since: {0}', clock(s.connectedSince)),
        nls.localize('theia-session-health/connection/tooltip.reconnects', 'Reconnects: {0}', s.reconnects),
        s.lastDisconnect
            ? nls.localize('theia-session-health/connection/tooltip.lastDisconnect', 'Last disconnect: {0} at {1}', s.lastDisconnect.reason, clock(s.lastDisconnect.at))
            : nls.localize('theia-session-health/connection/tooltip.lastDisconnectNone', 'Last disconnect: none'),
        nls.localize('theia-session-health/connection/tooltip.roundTrip', 'Round trip: p50 {0}, p95 {1} ({2} samples)', ms(s.roundTrip.p50), ms(s.roundTrip.p95), s.roundTrip.count),
        s.lastHeartbeatAt === undefined
            ? nls.localize('theia-session-health/connection/tooltip.lastHeartbeatNone', 'Last heartbeat: none yet')
            : nls.localize('theia-session-health/connection/tooltip.lastHeartbeat', 'Last heartbeat: {0} ago', formatSeconds(now - s.lastHeartbeatAt))
    ];
    if (s.silence) {
        lines.push(nls.localize('theia-session-health/connection/tooltip.lastInterruption', 'Last interruption: {0}', silenceText(s.silence)));
    }
    if (s.cause) {
        lines.push(nls.localize('theia-session-health/connection/tooltip.cause', 'Cause: {0}', s.cause.message));
        if (s.cause.fix) {
            lines.push(nls.localize('theia-session-health/connection/tooltip.fix', 'Fix: {0}', s.cause.fix));
        }
    } else if (s.lastConnectError) {
        lines.push(nls.localize('theia-session-health/connection/tooltip.lastConnectError', 'Last connection error: {0}', s.lastConnectError.explanation));
    }
    lines.push(nls.localize('theia-session-health/connection/tooltip.clickForDetails', 'Click for details'));
    return lines.join('\n');
}

/** Everything an admin needs, as plain text (the "Copy connection details" action): English for support, like a log. */
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
        `Last interruption: ${s.silence ? silenceText(s.silence) : 'none'} (server busy ${plural(s.serverStalls, 'time')})`,
        `Backend instance: ${s.instance ? `${s.instance.id} on ${s.instance.hostname}, started ${s.instance.startedAt}` : 'unknown'}`,
        '',
        'Timeline:',
        ...s.timeline.map(e => `${new Date(e.at).toISOString()}  ${e.kind.padEnd(19)} ${e.message}`)
    ];
    return lines.join('\n');
}
