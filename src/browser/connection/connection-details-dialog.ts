// *****************************************************************************
// The connection details dialog: the short sid and its SHA-256 (never the live sid), numbers and the recent
// event timeline.
// *****************************************************************************

import { AbstractDialog } from '@theia/core/lib/browser/dialogs';
import { Disposable } from '@theia/core/lib/common/disposable';
import { ConnectionSnapshot, formatSeconds, shortSid, stateLabel, transportLabel } from './connection-state';
import { sha256Hex } from '../../common/sha256';

export interface ConnectionDetailsActions {
    copy(): void;
    reconnect(): void;
}

export class ConnectionDetailsDialog extends AbstractDialog<void> {
    protected readonly body: HTMLDivElement;

    constructor(protected readonly actions: ConnectionDetailsActions) {
        super({ title: 'IDE Connection Details', maxWidth: 900 });
        this.addClass('session-health-details-dialog');
        this.body = document.createElement('div');
        this.body.classList.add('session-health-details');
        this.contentNode.appendChild(this.body);

        const copy = this.createButton('Copy connection details');
        copy.classList.add('secondary', 'session-health-copy');
        copy.addEventListener('click', () => this.actions.copy());
        this.controlPanel.appendChild(copy);
        const reconnect = this.createButton('Reconnect now');
        reconnect.classList.add('secondary', 'session-health-reconnect');
        reconnect.addEventListener('click', () => this.actions.reconnect());
        this.controlPanel.appendChild(reconnect);
        this.appendAcceptButton('Close');
    }

    get value(): void {
        return undefined;
    }

    render(s: ConnectionSnapshot, now: number): void {
        const ms = (v: number | undefined) => v === undefined ? '–' : `${Math.round(v)} ms`;
        const iso = (v: number | undefined) => v === undefined ? '–' : new Date(v).toLocaleString();
        const rows: [string, string, string][] = [
            ['state', 'State', `${stateLabel(s.state)}${s.reason ? ` — ${s.reason}` : ''}`],
            ['transport', 'Transport', `${transportLabel(s.transport)} (upgrades ${s.upgrades}, upgrade errors ${s.upgradeErrors})`],
            ['sid', 'Session id (sid)', shortSid(s.sid)],
            ['sid-hash', 'SHA-256 of the sid (as in the reports)', s.sid ? sha256Hex(s.sid) : 'none'],
            ['backend-sid', 'Sid seen by the backend', s.backendSid ? shortSid(s.backendSid) : 'unknown'],
            ['backend-sid-hash', 'SHA-256 of the sid seen by the backend', s.backendSid ? sha256Hex(s.backendSid) : 'unknown'],
            ['connected-since', 'Connected since', iso(s.connectedSince)],
            ['reconnects', 'Reconnects', `${s.reconnects}${s.reconnectAttempt ? ` (attempt ${s.reconnectAttempt} in progress)` : ''}`],
            ['last-disconnect', 'Last disconnect', s.lastDisconnect ? `${s.lastDisconnect.reason} at ${iso(s.lastDisconnect.at)}` : 'none'],
            ['connect-error', 'Last connection error', s.lastConnectError ? `${s.lastConnectError.message}: ${s.lastConnectError.explanation}` : 'none'],
            ['cause', 'Diagnosed cause', s.cause ? `${s.cause.message}${s.cause.fix ? ` Fix: ${s.cause.fix}` : ''}` : 'none'],
            ['round-trip', 'Round trip', `p50 ${ms(s.roundTrip.p50)}, p95 ${ms(s.roundTrip.p95)}, last ${ms(s.roundTrip.last)} (${s.roundTrip.count} samples)`],
            ['heartbeat', 'Heartbeats', `${s.heartbeatsSent} sent, ${s.missedHeartbeats} missed, last answer ${s.lastHeartbeatAt === undefined ? 'never' : `${formatSeconds(now - s.lastHeartbeatAt)} ago`}`],
            ['instance', 'Backend instance', s.instance ? `${s.instance.id} on ${s.instance.hostname}, started ${new Date(s.instance.startedAt).toLocaleString()}` : 'unknown']
        ];
        const table = document.createElement('table');
        for (const [field, label, value] of rows) {
            const tr = table.insertRow();
            tr.insertCell().textContent = label;
            const cell = tr.insertCell();
            cell.textContent = value;
            cell.dataset.field = field;
        }
        const heading = document.createElement('h4');
        heading.textContent = 'Recent events';
        const list = document.createElement('ol');
        list.classList.add('session-health-timeline');
        for (const event of s.timeline.slice(-50).reverse()) {
            const li = document.createElement('li');
            li.dataset.kind = event.kind;
            li.textContent = `${new Date(event.at).toLocaleTimeString()}  ${event.message}`;
            list.appendChild(li);
        }
        this.body.replaceChildren(table, heading, list);
    }

    /** Re-renders on every change while open. */
    follow(onChange: (listener: () => void) => Disposable): void {
        this.toDispose.push(onChange(() => this.update()));
    }
}
