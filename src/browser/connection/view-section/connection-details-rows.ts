// *****************************************************************************
// The connection numbers the Session Health view shows (formerly the details dialog): the short sid and its
// SHA-256, never the live sid. Pure.
// *****************************************************************************

import { ConnectionSnapshot } from '../state/connection-snapshot';
import { formatSeconds, shortSid, stateLabel, transportLabel } from '../state/connection-labels';
import { sha256Hex } from '../../../common/shared/sha256';
import { nls } from '@theia/core/lib/common/nls';

export interface DetailRow {
    /** `data-field` of the value cell: a stable hook for tests and admins. */
    field: string;
    label: string;
    value: string;
}

/** The sids change rarely and the rows are built once a second while the view is open: hash each sid once. */
const hashes = new Map<string, string>();
function sidHash(sid: string): string {
    let hash = hashes.get(sid);
    if (hash === undefined) {
        if (hashes.size >= 8) {
            hashes.clear();
        }
        hash = sha256Hex(sid);
        hashes.set(sid, hash);
    }
    return hash;
}

/** toLocaleString builds a formatter on every call; these times (connected since, started) rarely change. */
const localTimes = new Map<number | string, string>();
function localTime(at: number | string): string {
    let text = localTimes.get(at);
    if (text === undefined) {
        if (localTimes.size >= 16) {
            localTimes.clear();
        }
        text = new Date(at).toLocaleString();
        localTimes.set(at, text);
    }
    return text;
}

export function connectionDetailRows(s: ConnectionSnapshot, now: number): DetailRow[] {
    const ms = (v: number | undefined) => v === undefined ? '–' : `${Math.round(v)} ms`;
    const iso = (v: number | undefined) => v === undefined ? '–' : localTime(v);
    const row = (field: string, label: string, value: string): DetailRow => ({ field, label, value });
    return [
        row('state', nls.localize('theia-session-health/connection/row.state', 'State'), `${stateLabel(s.state)}${s.reason ? ` — ${s.reason}` : ''}`),
        row('transport', nls.localize('theia-session-health/connection/row.transport', 'Transport'), `${transportLabel(s.transport)} (upgrades ${s.upgrades}, upgrade errors ${s.upgradeErrors})`),
        row('sid', nls.localize('theia-session-health/connection/row.sid', 'Session id (sid)'), shortSid(s.sid)),
        row('sid-hash', nls.localize('theia-session-health/connection/row.sid-hash', 'SHA-256 of the sid (as in the reports)'), s.sid ? sidHash(s.sid) : 'none'),
        row('backend-sid', nls.localize('theia-session-health/connection/row.backend-sid', 'Sid seen by the backend'), s.backendSid ? shortSid(s.backendSid) : 'unknown'),
        row('backend-sid-hash', nls.localize('theia-session-health/connection/row.backend-sid-hash', 'SHA-256 of the sid seen by the backend'), s.backendSid ? sidHash(s.backendSid) : 'unknown'),
        row('connected-since', nls.localize('theia-session-health/connection/row.connected-since', 'Connected since'), iso(s.connectedSince)),
        row('reconnects', nls.localize('theia-session-health/connection/row.reconnects', 'Reconnects'), `${s.reconnects}${s.reconnectAttempt ? ` (attempt ${s.reconnectAttempt} in progress)` : ''}`),
        row('last-disconnect', nls.localize('theia-session-health/connection/row.last-disconnect', 'Last disconnect'), s.lastDisconnect ? `${s.lastDisconnect.reason} at ${iso(s.lastDisconnect.at)}` : 'none'),
        row('connect-error', nls.localize('theia-session-health/connection/row.connect-error', 'Last connection error'), s.lastConnectError ? `${s.lastConnectError.message}: ${s.lastConnectError.explanation}` : 'none'),
        row('cause', nls.localize('theia-session-health/connection/row.cause', 'Diagnosed cause'), s.cause ? `${s.cause.message}${s.cause.fix ? ` Fix: ${s.cause.fix}` : ''}` : 'none'),
        row('round-trip', nls.localize('theia-session-health/connection/row.round-trip', 'Round trip'), `p50 ${ms(s.roundTrip.p50)}, p95 ${ms(s.roundTrip.p95)}, last ${ms(s.roundTrip.last)} (${s.roundTrip.count} samples)`),
        row('heartbeat', nls.localize('theia-session-health/connection/row.heartbeat', 'Heartbeats'), `${s.heartbeatsSent} sent, ${s.missedHeartbeats} missed, last answer ${s.lastHeartbeatAt === undefined ? 'never' : `${formatSeconds(now - s.lastHeartbeatAt)} ago`}`),
        row('instance', nls.localize('theia-session-health/connection/row.instance', 'Backend instance'), s.instance ? `${s.instance.id} on ${s.instance.hostname}, started ${localTime(s.instance.startedAt)}` : 'unknown')
    ];
}
