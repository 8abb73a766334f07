import { expect } from 'chai';
import { ConnectionStateMachine } from '../../../../src/browser/connection/state/connection-state';
import { detailsText } from '../../../../src/browser/connection/status-bar/connection-format';
import { sidForPeople, withoutLiveSids } from '../../../../src/browser/connection/status-bar/sid-display';
import { sha256Hex } from '../../../../src/common/shared/sha256';

const SID = 'AbCdEfGhIjKlMnOpQrSt';

describe('sid-display: what leaves the page of a live sid', () => {
    it('the short sid and its SHA-256 (the hash the reports carry), never the sid', () => {
        expect(sha256Hex('abc')).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
        expect(sidForPeople(SID)).to.equal(`AbCdEfGh… (SHA-256 ${sha256Hex(SID)})`);
        expect(sidForPeople(undefined)).to.equal('none');
    });

    it('the copied connection details carry neither the tab\'s sid nor the backend\'s', () => {
        const m = new ConnectionStateMachine(0);
        m.socketOpened(0, SID, 'websocket');
        m.heartbeatSent(100, 1);
        m.heartbeatReplied(112, { seq: 1, serverTime: 0, sid: SID, instance: { id: 'i-1', startedAt: '2026-01-01T00:00:00Z', hostname: 'h', version: '1' } });
        const snapshot = m.snapshot();
        expect(snapshot.backendSid).to.equal(SID);
        const text = detailsText(withoutLiveSids(snapshot), 200);
        expect(text).to.not.contain(SID);
        expect(text).to.contain(`Session id (sid): AbCdEfGh… (SHA-256 ${sha256Hex(SID)})`);
        expect(text).to.contain(`Session id seen by the backend: AbCdEfGh… (SHA-256 ${sha256Hex(SID)})`);
        // the live snapshot itself is not changed
        expect(m.snapshot().sid).to.equal(SID);
    });
});
