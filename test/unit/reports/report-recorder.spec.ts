// Connection snapshots to report records (src/browser/reports/report-recorder.ts).
import { expect } from 'chai';
import * as crypto from 'crypto';
import { MAX_COUNT, MAX_DURATION_MS, MAX_FIELD_STRING, validateBatch } from '../../../src/common/reports/reports-protocol';
import { clean, ReportRecorder } from '../../../src/browser/reports/report-recorder';
import { validRecord } from '../../helpers/reports-fixtures';
import { ConnectionStateMachine } from '../../../src/browser/connection/state/connection-state';

describe('reports: recorder', () => {
    it('turns timeline entries and state changes into records with time offline, time to detect and hashed sid', () => {
        let n = 0;
        const recorder = new ReportRecorder({ tabId: 'tab-1', newId: () => `record-${++n}` });
        const m = new ConnectionStateMachine(0, { heartbeatIntervalMs: 1000, heartbeatTimeoutMs: 2000 });
        const instance = { id: 'inst-a', startedAt: '2026-01-01T00:00:00.000Z', hostname: 'h', version: '1' };
        const out = () => { m.evaluate(t); return recorder.update(m.snapshot(), t); };
        let t = 1000;
        m.socketOpened(t, 'sid-1', 'polling');
        let records = out();
        expect(records.map(r => r.type)).to.deep.equal(['connect']);
        expect(records[0].sidHash).to.equal(crypto.createHash('sha256').update('sid-1').digest('hex'));
        m.heartbeatSent(t, 1);
        t = 1050;
        m.heartbeatReplied(t, { seq: 1, serverTime: t, instance });
        m.transportUpgraded(t, 'websocket');
        expect(out().map(r => r.type)).to.deep.equal(['upgrade']);
        t = 2000;
        m.heartbeatSent(t, 2);
        t = 5000;
        records = out();
        expect(records.map(r => r.type)).to.include.members(['heartbeat-missed', 'offline']);
        const offline = records.find(r => r.type === 'offline')!;
        expect(offline.fields.detectMs).to.equal(5000 - 1050);
        expect(offline.instanceId).to.equal('inst-a');
        t = 6000;
        m.socketClosed(t, 'transport close', true);
        records = out();
        expect(records[0].type).to.equal('disconnect');
        expect(records[0].fields).to.include({ reason: 'transport close', sessionMs: 5000 });
        t = 16000;
        m.reconnectSucceeded(t, 3);
        m.socketOpened(t, 'sid-2', 'websocket');
        m.heartbeatSent(t, 3);
        t = 16020;
        m.heartbeatReplied(t, { seq: 3, serverTime: t, instance: { ...instance, id: 'inst-b' } });
        records = out();
        const reconnect = records.find(r => r.type === 'reconnect')!;
        expect(reconnect.fields).to.deep.equal({ attempts: 3, offlineMs: 16000 - 5000, instanceChanged: true });
        expect(records.map(r => r.seq)).to.deep.equal(records.map((_, i) => records[0].seq + i));
        const summary = recorder.summary(m.snapshot(), t, { visibility: 'visible', dropped: 2, queued: 0 });
        expect(summary.fields).to.include({ transport: 'websocket', missedHeartbeats: 1, droppedRecords: 2 });
        expect(validateBatch({ records: [summary, reconnect, offline] }).ok).to.equal(true);
    });
});

describe('reports: a reconnect waiting for its first answer', () => {
    const instance = { id: 'inst-a', startedAt: '2026-01-01T00:00:00.000Z', hostname: 'h', version: '1' };
    /** A tab connected at 1000, offline at 5000 (silence), disconnected at 6000, reconnected at 16000 (no answer yet). */
    function reconnectedUnanswered(): { recorder: ReportRecorder; m: ConnectionStateMachine; out: (t: number) => ReturnType<ReportRecorder['update']> } {
        let n = 0;
        const recorder = new ReportRecorder({ tabId: 'tab-3', newId: () => `record-${++n}` });
        const m = new ConnectionStateMachine(0, { heartbeatIntervalMs: 1000, heartbeatTimeoutMs: 2000 });
        const out = (t: number) => { m.evaluate(t); return recorder.update(m.snapshot(), t); };
        m.socketOpened(1000, 'sid-1', 'websocket');
        m.heartbeatSent(1000, 1);
        m.heartbeatReplied(1020, { seq: 1, serverTime: 1020, instance });
        out(1020);
        m.heartbeatSent(2000, 2);
        out(5000);
        m.socketClosed(6000, 'transport close', true);
        out(6000);
        m.reconnectSucceeded(16000, 2);
        m.socketOpened(16000, 'sid-2', 'websocket');
        m.heartbeatSent(16000, 3);
        expect(out(16000).map(r => r.type)).to.not.include('reconnect');
        return { recorder, m, out };
    }

    it('dropped and back 718 ms later (a connection held through a blackhole): one reconnect, offline from the start of the outage', () => {
        const { m, out } = reconnectedUnanswered();
        m.socketClosed(16100, 'transport close', true);
        expect(out(16100).map(r => r.type)).to.include('disconnect');
        m.reconnectSucceeded(16818, 1);
        m.socketOpened(16818, 'sid-3', 'websocket');
        m.heartbeatSent(16818, 4);
        m.heartbeatReplied(16830, { seq: 4, serverTime: 16830, instance });
        const reconnects = out(16830).filter(r => r.type === 'reconnect');
        expect(reconnects.map(r => r.fields)).to.deep.equal([{ attempts: 3, offlineMs: 16818 - 5000, instanceChanged: false }]);
    });

    it('dropped, it is not sent after the 10 s wait while the socket is down; the next reconnect counts the whole outage once', () => {
        const { m, out } = reconnectedUnanswered();
        m.socketClosed(16100, 'transport close', true);
        const types: string[] = out(16100).map(r => r.type);
        for (const t of [20000, 26500, 29000]) { // reconnecting, past the 10 s wait of the dropped one
            m.reconnectAttempt(t, 1);
            types.push(...out(t).map(r => r.type));
        }
        expect(types, 'nothing sent for the dropped reconnect').to.not.include('reconnect');
        m.reconnectSucceeded(30000, 3);
        m.socketOpened(30000, 'sid-3', 'websocket');
        m.heartbeatSent(30000, 4);
        m.heartbeatReplied(30010, { seq: 4, serverTime: 30010, instance });
        const reconnects = out(30010).filter(r => r.type === 'reconnect');
        expect(reconnects.map(r => r.fields)).to.deep.equal([{ attempts: 5, offlineMs: 30000 - 5000, instanceChanged: false }]);
    });

    it('answered, then dropped before the recorder looked: a recovery, sent before the drop, and the drop a new outage', () => {
        const { m, out } = reconnectedUnanswered();
        m.heartbeatReplied(16020, { seq: 3, serverTime: 16020, instance });
        m.socketClosed(16100, 'transport close', true);
        const records = out(16100);
        expect(records.map(r => r.type).slice(0, 2)).to.deep.equal(['reconnect', 'disconnect']);
        expect(records[0].fields).to.deep.equal({ attempts: 2, offlineMs: 16000 - 5000, instanceChanged: false });
        m.reconnectSucceeded(17000, 1);
        m.socketOpened(17000, 'sid-3', 'websocket');
        m.heartbeatSent(17000, 4);
        m.heartbeatReplied(17010, { seq: 4, serverTime: 17010, instance });
        expect(out(17010).find(r => r.type === 'reconnect')?.fields).to.deep.equal({ attempts: 1, offlineMs: 17000 - 16100, instanceChanged: false });
    });

    it('answered slowly on an open socket, it is one outage and the short silence after it another: their times do not overlap', () => {
        const { m, out } = reconnectedUnanswered();
        const records = out(18000); // the first answer is late: offline again, the socket open
        expect(records.map(r => r.type)).to.include('offline');
        m.heartbeatReplied(18500, { seq: 3, serverTime: 18500, instance });
        const after = out(18500);
        m.heartbeatSent(19000, 4);
        m.heartbeatReplied(19010, { seq: 4, serverTime: 19010, instance });
        after.push(...out(19010));
        expect(after.find(r => r.type === 'reconnect')?.fields).to.deep.equal({ attempts: 2, offlineMs: 16000 - 5000, instanceChanged: false });
        const recovered = after.find(r => r.type === 'recovered');
        expect(recovered?.fields.offlineMs, 'the silence after the reconnect only').to.equal(recovered!.at - 18000);
    });
});

describe('reports: recorder caps what it sends', () => {
    it('caps counts at MAX_COUNT and durations at 30 days, so every record validates', () => {
        const fields = clean({ attempts: 123456, droppedRecords: 1e12, missedHeartbeats: 10000.4, offlineMs: 1e15, reason: 'r'.repeat(600) });
        expect(fields).to.include({ attempts: MAX_COUNT, droppedRecords: MAX_COUNT, missedHeartbeats: MAX_COUNT, offlineMs: MAX_DURATION_MS });
        expect((fields.reason as string).length).to.equal(MAX_FIELD_STRING);
        expect(validateBatch({ records: [validRecord({ fields })] }).ok).to.equal(true);
        expect(validateBatch({ records: [validRecord({ fields: { attempts: MAX_COUNT + 1 } })] })).to.deep.equal({
            ok: false, reason: `records[0].fields.attempts: larger than ${MAX_COUNT}`
        });
    });
});
