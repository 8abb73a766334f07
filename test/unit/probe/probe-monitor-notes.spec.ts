// The live monitor's facts shown next to the probe findings in the IDE.
import { expect } from 'chai';
import { monitorNotes } from '../../../src/common/probe/probe-monitor-notes';
import { ideBaseUrl } from '../../../src/common/probe/engine-io-packets';

describe('probe: live monitor notes and the IDE base URL', () => {
    const now = 1_000_000;

    it('says "stuck on polling since start" when the connection never upgraded', () => {
        const notes = monitorNotes({ transport: 'polling', upgrades: 0, upgradeErrors: 2, reconnects: 0, lastUpgradeError: { at: now - 5000, message: 'probe error' } }, now);
        expect(notes[0]).to.contain('long-polling since it started').and.contain('2 failed upgrade');
        expect(notes.join(' ')).to.contain('5 s ago: probe error');
    });

    it('reports WebSocket, reconnects and the last connection error', () => {
        const notes = monitorNotes({
            transport: 'websocket', upgrades: 1, upgradeErrors: 0, reconnects: 3, connectedSince: now - 60000,
            lastConnectError: { at: now - 70000, message: 'HTTP 403', explanation: 'token of another backend' }
        }, now);
        expect(notes.join('\n')).to.contain('uses a WebSocket').and.contain('reconnected 3 time(s)').and.contain('for 60 s').and.contain('token of another backend');
    });

    it('the base URL is the page directory, so a /theia/ prefix is kept', () => {
        expect(ideBaseUrl({ href: 'https://host/theia/?folder=/x#frag' })).to.equal('https://host/theia/');
        expect(ideBaseUrl({ href: 'https://host/theia/index.html' })).to.equal('https://host/theia/');
        expect(ideBaseUrl({ href: 'http://127.0.0.1:3000/' })).to.equal('http://127.0.0.1:3000/');
    });
});
