// *****************************************************************************
// What the live connection monitor already knows, in plain words (Theia's display language), next to the probe
// findings in the IDE.
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';

/** The part of the monitor's snapshot the notes need (see ConnectionSnapshot). */
export interface MonitorFacts {
    transport?: string;
    upgrades: number;
    upgradeErrors: number;
    lastUpgradeError?: { at: number; message: string };
    reconnects: number;
    connectedSince?: number;
    lastConnectError?: { at: number; message: string; explanation?: string };
    lastDisconnect?: { at: number; reason: string };
}

export function monitorNotes(facts: MonitorFacts, now: number): string[] {
    const notes: string[] = [];
    if (facts.transport === 'polling') {
        notes.push(facts.upgrades > 0 ? nls.localize('theia-session-health/probe/monitor.pollingNow', 'The IDE\'s own connection is on HTTP long-polling now.')
            : facts.upgradeErrors ? nls.localize('theia-session-health/probe/monitor.neverUpgradedErrors', 'The IDE\'s own connection has been on HTTP long-polling since it started: it never upgraded to WebSocket ({0} failed upgrade attempt(s)).', facts.upgradeErrors)
                : nls.localize('theia-session-health/probe/monitor.neverUpgraded', 'The IDE\'s own connection has been on HTTP long-polling since it started: it never upgraded to WebSocket.'));
    } else if (facts.transport === 'websocket') {
        notes.push(nls.localize('theia-session-health/probe/monitor.webSocket', 'The IDE\'s own connection uses a WebSocket.'));
    } else {
        notes.push(nls.localize('theia-session-health/probe/monitor.down', 'The IDE\'s own connection is down right now.'));
    }
    if (facts.upgradeErrors && facts.lastUpgradeError) {
        notes.push(nls.localize('theia-session-health/probe/monitor.lastUpgradeError', 'Last failed WebSocket upgrade {0} s ago: {1}.', Math.round((now - facts.lastUpgradeError.at) / 1000), facts.lastUpgradeError.message));
    }
    if (facts.reconnects) {
        const since = facts.connectedSince ? nls.localize('theia-session-health/probe/monitor.connectedAgain', ', connected again for {0} s', Math.round((now - facts.connectedSince) / 1000)) : '';
        const last = facts.lastDisconnect ? nls.localize('theia-session-health/probe/monitor.lastDisconnect', '; last disconnect: {0}', facts.lastDisconnect.reason) : '';
        notes.push(nls.localize('theia-session-health/probe/monitor.reconnected', 'It reconnected {0} time(s) since the page was loaded{1}{2}.', facts.reconnects, since, last));
    } else {
        notes.push(nls.localize('theia-session-health/probe/monitor.notReconnected', 'It has not reconnected since the page was loaded.'));
    }
    if (facts.lastConnectError) {
        const e = facts.lastConnectError;
        const ago = Math.round((now - e.at) / 1000);
        notes.push(e.explanation ? nls.localize('theia-session-health/probe/monitor.lastConnectErrorExplained', 'Last connection error {0} s ago: {1} — {2}.', ago, e.message, e.explanation)
            : nls.localize('theia-session-health/probe/monitor.lastConnectError', 'Last connection error {0} s ago: {1}.', ago, e.message));
    }
    return notes;
}
