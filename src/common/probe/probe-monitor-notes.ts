// *****************************************************************************
// What the live connection monitor already knows, in plain words, next to the probe findings in the IDE.
// *****************************************************************************

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
        notes.push(facts.upgrades === 0
            ? `The IDE's own connection has been on HTTP long-polling since it started: it never upgraded to WebSocket${facts.upgradeErrors ? ` (${facts.upgradeErrors} failed upgrade attempt(s))` : ''}.`
            : 'The IDE\'s own connection is on HTTP long-polling now.');
    } else if (facts.transport === 'websocket') {
        notes.push('The IDE\'s own connection uses a WebSocket.');
    } else {
        notes.push('The IDE\'s own connection is down right now.');
    }
    if (facts.upgradeErrors && facts.lastUpgradeError) {
        notes.push(`Last failed WebSocket upgrade ${Math.round((now - facts.lastUpgradeError.at) / 1000)} s ago: ${facts.lastUpgradeError.message}.`);
    }
    if (facts.reconnects) {
        const since = facts.connectedSince ? `, connected again for ${Math.round((now - facts.connectedSince) / 1000)} s` : '';
        notes.push(`It reconnected ${facts.reconnects} time(s) since the page was loaded${since}${facts.lastDisconnect ? `; last disconnect: ${facts.lastDisconnect.reason}` : ''}.`);
    } else {
        notes.push('It has not reconnected since the page was loaded.');
    }
    if (facts.lastConnectError) {
        notes.push(`Last connection error ${Math.round((now - facts.lastConnectError.at) / 1000)} s ago: ${facts.lastConnectError.message}${facts.lastConnectError.explanation ? ` — ${facts.lastConnectError.explanation}` : ''}.`);
    }
    return notes;
}
