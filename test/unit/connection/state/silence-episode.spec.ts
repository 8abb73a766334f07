import { expect } from 'chai';
import { ConnectionStateMachine } from '../../../../src/browser/connection/state/connection-state';
import { DEFAULT_MONITOR_SETTINGS } from '../../../../src/browser/connection/state/connection-snapshot';
import { blockExplainsSilence, SILENCE_SETTLE_MS, SilenceTracker } from '../../../../src/browser/connection/state/silence-episode';

const settings = DEFAULT_MONITOR_SETTINGS;
const delay = (maxMs: number, busyMs = 0) => ({ maxMs, p99Ms: maxMs, busyMs });

/** Connected machine with one answered heartbeat at t = 1000. */
function connected(): ConnectionStateMachine {
    const m = new ConnectionStateMachine(0);
    m.socketOpened(0, 'sid', 'websocket');
    m.heartbeatSent(995, 1);
    m.heartbeatReplied(1000, { seq: 1, loopDelay: delay(20) });
    m.evaluate(1000);
    return m;
}

/** Heartbeats every second from t = 2000 that stay unanswered until `until`; then they are all answered. */
function silence(m: ConnectionStateMachine, until: number): number[] {
    const sent: number[] = [];
    for (let t = 2000, seq = 2; t < until; t += 1000, seq++) {
        m.heartbeatSent(t, seq);
        sent.push(seq);
        for (let e = t; e < t + 1000 && e < until; e += 250) {
            m.evaluate(e);
        }
    }
    return sent;
}

describe('server busy or network: the silence episode', () => {
    it('a block of the backend explains a silence when it covers it up to one interval and a second', () => {
        expect(blockExplainsSilence(4000, 4800, settings)).to.equal(true);
        expect(blockExplainsSilence(4000, 6100, settings)).to.equal(false);
        expect(blockExplainsSilence(20, 4500, settings)).to.equal(false);
        expect(blockExplainsSilence(900, 2000, settings)).to.equal(false);
    });

    it('labels a silence server busy when the late answer carries the blocked event loop, at once', () => {
        const m = connected();
        const seqs = silence(m, 5500);
        expect(m.snapshot().state).to.equal('offline');
        expect(m.snapshot().silence?.cause).to.equal(undefined);
        m.heartbeatReplied(5500, { seq: seqs[0], loopDelay: { maxMs: 25, p99Ms: 20, busyMs: 4100 } });
        m.evaluate(5500);
        const s = m.snapshot();
        expect(s.silence).to.include({ cause: 'server-busy', since: 1000, answeredAt: 5500, decidedAt: 5500, blockedMs: 4100 });
        expect(s.serverStalls).to.equal(1);
        const entry = s.timeline.find(e => e.kind === 'server-busy');
        expect(entry?.message).to.equal('The IDE server was busy for 4.1 s, not the network (no answer for 4.5 s)');
        expect(s.timeline.map(e => e.kind)).to.not.include('network-drop');
    });

    it('an answer without a loop delay (older backend) leaves the cause open for the settle time', () => {
        const m = connected();
        const seqs = silence(m, 5500);
        m.heartbeatReplied(5500, { seq: seqs[0] });
        m.evaluate(5500);
        expect(m.snapshot().silence?.cause).to.equal(undefined);
        expect(m.silenceSettling).to.equal(true);
        expect(m.nextDeadline()).to.be.at.most(5500 + SILENCE_SETTLE_MS);
        m.heartbeatSent(5510, 20);
        m.heartbeatReplied(5530, { seq: 20, loopDelay: delay(4020) });
        m.evaluate(5530);
        expect(m.snapshot().silence?.cause).to.equal('server-busy');
        expect(m.silenceSettling).to.equal(false);
    });

    it('labels a silence a network drop at once when the first answer shows an idle backend', () => {
        const m = connected();
        const seqs = silence(m, 5500);
        m.heartbeatReplied(5500, { seq: seqs[seqs.length - 1], loopDelay: { maxMs: 22, p99Ms: 21, busyMs: 12 } });
        m.evaluate(5500);
        const s = m.snapshot();
        expect(s.silence?.cause).to.equal('network');
        expect(s.serverStalls).to.equal(0);
        expect(s.timeline.find(e => e.kind === 'network-drop')?.message).to.match(/^No answer for 4\.5 s: the network, not the IDE server/);
    });

    it('the burst of late answers that ends a silence makes one label, not a second silence', () => {
        for (const busy of [4100, 5]) {
            const m = connected();
            const seqs = silence(m, 5500);
            seqs.forEach((seq, i) => {
                m.heartbeatReplied(5500 + i * 100, { seq, loopDelay: { maxMs: 20, p99Ms: 20, busyMs: i === 0 ? busy : 1 } });
                m.evaluate(5500 + i * 100);
            });
            m.evaluate(8000);
            const labels = m.snapshot().timeline.filter(e => e.kind === 'server-busy' || e.kind === 'network-drop').map(e => e.kind);
            expect(labels).to.deep.equal([busy > 1000 ? 'server-busy' : 'network-drop']);
        }
    });

    it('a socket that closes during the silence is the network', () => {
        const m = connected();
        silence(m, 4600);
        expect(m.snapshot().state).to.equal('offline');
        m.socketClosed(4600, 'ping timeout', true);
        expect(m.snapshot().silence?.cause).to.equal('network');
    });

    it('a slow link without missed heartbeats opens no episode; a new silence after a decided one is a new episode', () => {
        const t = new SilenceTracker();
        expect(t.answered(10, delay(5000), settings)).to.equal(undefined);
        expect(t.current).to.equal(undefined);
        t.missed(100, 1000);
        expect(t.answered(3000, delay(2800), settings)).to.equal('server-busy');
        t.missed(3000, 2500);
        expect(t.current?.cause, 'a heartbeat of the burst that ended it opens no new silence').to.equal('server-busy');
        t.missed(10_000, 11_000);
        expect(t.current).to.deep.equal({ since: 10_000, blockedMs: 0 });
        expect(t.answered(14_000, undefined, settings)).to.equal(undefined);
        expect(t.expire(14_000 + SILENCE_SETTLE_MS - 1)).to.equal(undefined);
        expect(t.expire(14_000 + SILENCE_SETTLE_MS)).to.equal('network');
        expect(t.serverStalls).to.equal(1);
    });
});

describe('the state machine deadlines (one timer instead of a 250 ms tick)', () => {
    it('names the next time a heartbeat becomes missed and the silence becomes offline', () => {
        const m = connected();
        expect(m.nextDeadline()).to.equal(undefined);
        m.heartbeatSent(1500, 2);
        // silence since the last answer at 1000 with a heartbeat waiting: offline at 1000 + offlineAfterMs
        expect(m.nextDeadline()).to.equal(1000 + m.offlineAfterMs());
        m.evaluate(2999);
        expect(m.snapshot().state).to.equal('connected');
        m.evaluate(3000);
        expect(m.snapshot().state).to.equal('offline');
        expect(m.nextDeadline()).to.equal(1500 + settings.heartbeatTimeoutMs);
        m.evaluate(3500);
        expect(m.nextDeadline()).to.equal(undefined);
    });

    it('the change key moves with what listeners show, not with every answer', () => {
        const m = connected();
        const key = m.changeKey();
        for (let i = 2; i < 10; i++) {
            m.heartbeatSent(i * 1000, i);
            m.heartbeatReplied(i * 1000 + 5, { seq: i, loopDelay: delay(20) });
            m.evaluate(i * 1000 + 5);
        }
        expect(m.changeKey()).to.equal(key);
        m.transportUpgraded(10_000, 'polling');
        expect(m.changeKey()).to.not.equal(key);
    });
});
