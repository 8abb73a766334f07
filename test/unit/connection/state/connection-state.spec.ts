import { expect } from 'chai';
import { ConnectionStateMachine } from '../../../../src/browser/connection/state/connection-state';
import { DEFAULT_MONITOR_SETTINGS } from '../../../../src/browser/connection/state/connection-snapshot';
import { BackendInstance, HeartbeatReply } from '../../../../src/common/connection/heartbeat-protocol';
import { classifyConnectError } from '../../../../src/common/shared/engine-io-protocol';

const INSTANCE: BackendInstance = { id: '11111111-2222-3333-4444-555555555555', startedAt: '2026-11-23T10:00:00.000Z', hostname: 'pod-a', version: '0.1.0' };
const reply = (seq: number, extra: Partial<HeartbeatReply> = {}): HeartbeatReply => ({ seq, serverTime: 0, instance: INSTANCE, ...extra });

/** Drives the machine like the browser loop: a tick every 250 ms, a heartbeat every interval, replies after `rtt`. */
class Simulation {
    readonly machine: ConnectionStateMachine;
    now = 1_000_000;
    seq = 0;
    nextHeartbeat = 0;
    pending: { at: number; seq: number }[] = [];
    linkUp = true;
    /** A blackhole that holds the traffic (a stalled TCP path) and delivers it all when the link returns. */
    hold = false;
    rtt = 5;

    constructor(settings = {}) {
        this.machine = new ConnectionStateMachine(this.now, settings);
        this.machine.socketOpened(this.now, 'sid-1', 'websocket');
    }

    /** Advances time in 250 ms ticks; returns the first time (relative to start) the state equals `until`. */
    run(ms: number, until?: string): number | undefined {
        const start = this.now;
        for (let t = 0; t < ms; t += 50) {
            this.now += 50;
            for (const p of this.pending.filter(p => p.at <= this.now && this.linkUp)) {
                // an answer held by a blackhole arrives when the link returns, not when it was due
                this.machine.heartbeatReplied(Math.max(p.at, this.now - 50), reply(p.seq));
            }
            this.pending = this.pending.filter(p => !(p.at <= this.now && this.linkUp));
            if (this.now % 250 === 0) {
                if (this.now >= this.nextHeartbeat) {
                    this.nextHeartbeat = this.now + this.machine.getSettings().heartbeatIntervalMs;
                    const seq = ++this.seq;
                    this.machine.heartbeatSent(this.now, seq);
                    if (this.linkUp || this.hold) {
                        this.pending.push({ at: this.now + this.rtt, seq });
                    }
                }
                this.machine.evaluate(this.now);
                if (until && this.machine.snapshot().state === until) {
                    return this.now - start;
                }
            }
        }
        return undefined;
    }
}

describe('ConnectionStateMachine', () => {
    it('starts offline while connecting, then polling, then connected after the upgrade', () => {
        const m = new ConnectionStateMachine(0);
        m.evaluate(0);
        expect(m.snapshot().state).to.equal('offline');
        expect(m.snapshot().reason).to.match(/Connecting/);
        m.socketOpened(10, 'abc', 'polling');
        m.evaluate(10);
        expect(m.snapshot().state).to.equal('polling');
        m.transportUpgraded(20, 'websocket');
        m.evaluate(20);
        const s = m.snapshot();
        expect(s.state).to.equal('connected');
        expect(s.upgrades).to.equal(1);
        expect(s.sid).to.equal('abc');
        expect(s.connectedSince).to.equal(10);
    });

    it('stays polling, with the reason, when the upgrade fails', () => {
        const m = new ConnectionStateMachine(0);
        m.socketOpened(0, 'abc', 'polling');
        m.upgradeFailed(5, 'websocket error');
        m.evaluate(6);
        expect(m.snapshot().state).to.equal('polling');
        expect(m.snapshot().reason).to.match(/upgrade failed/);
        expect(m.snapshot().upgradeErrors).to.equal(1);
        expect(m.snapshot().timeline.map(e => e.kind)).to.include('upgrade-error');
    });

    it('records round trips from heartbeat answers', () => {
        const sim = new Simulation();
        sim.rtt = 20;
        sim.run(10_000);
        const s = sim.machine.snapshot();
        expect(s.state).to.equal('connected');
        expect(s.roundTrip.count).to.be.at.least(9);
        expect(s.roundTrip.p50).to.equal(20);
        expect(s.lastHeartbeatAt).to.be.a('number');
        expect(s.missedHeartbeats).to.equal(0);
    });

    it('detects a silent drop within 2.25 s at default settings, wherever in the heartbeat cycle it starts', () => {
        const detections: number[] = [];
        for (let offset = 0; offset < 1000; offset += 50) {
            const sim = new Simulation();
            sim.run(5000 + offset);
            expect(sim.machine.snapshot().state).to.equal('connected');
            sim.linkUp = false;
            const detected = sim.run(10_000, 'offline');
            expect(detected, `offset ${offset}`).to.not.equal(undefined);
            detections.push(detected!);
        }
        expect(Math.max(...detections)).to.be.at.most(2250);
        expect(Math.min(...detections)).to.be.at.least(1000);
    });

    it('keeps detecting in about 2 s drop after drop when each blackhole delivers its held answers at the end', () => {
        const sim = new Simulation();
        sim.rtt = 20;
        sim.hold = true;
        sim.run(5000);
        const detections: number[] = [];
        for (let drop = 0; drop < 8; drop++) {
            sim.linkUp = false;
            detections.push(sim.run(10_000, 'offline')!);
            sim.run(4000 - detections[drop] + 130 * drop); // the hole lasts ~4 s, ending at another phase each time
            sim.linkUp = true; // the held heartbeats are answered at once, some of them 1-2 s after they were sent
            expect(sim.run(5000, 'connected'), `drop ${drop}: connected again`).to.not.equal(undefined);
            sim.run(3000 + 170 * drop);
        }
        expect(Math.max(...detections), detections.join(', ')).to.be.at.most(2250);
        expect(sim.machine.snapshot().roundTrip.p95).to.equal(20);
    });

    it('does not call a slow but answering backend offline: it is degraded', () => {
        const sim = new Simulation();
        sim.run(5000);
        sim.rtt = 900; // CPU-starved backend: every answer takes 0.9 s
        const offline = sim.run(20_000, 'offline');
        expect(offline).to.equal(undefined);
        expect(sim.machine.snapshot().state).to.equal('degraded');
        expect(sim.machine.snapshot().reason).to.match(/Round trip 900 ms/);
    });

    it('widens the silence needed for offline when round trips are long', () => {
        const sim = new Simulation();
        sim.rtt = 1500;
        sim.run(15_000);
        expect(sim.machine.offlineAfterMs()).to.equal(4 * 1500);
        expect(sim.run(20_000, 'offline')).to.equal(undefined);
        sim.linkUp = false;
        const detected = sim.run(20_000, 'offline');
        expect(detected).to.be.within(4000, 7000);
    });

    it('widens the silence to at most four heartbeat timeouts', () => {
        const m = new ConnectionStateMachine(0, { heartbeatTimeoutMs: 3000 });
        m.socketOpened(0, 's', 'websocket');
        for (let i = 1; i <= 10; i++) {
            m.heartbeatSent(i * 10_000, i);
            m.heartbeatReplied(i * 10_000 + 2900, reply(i));
        }
        expect(m.offlineAfterMs()).to.equal(4 * 2900);
        m.heartbeatSent(200_000, 11);
        m.heartbeatReplied(203_500, reply(11)); // late: not a sample
        expect(m.offlineAfterMs()).to.be.at.most(4 * 3000);
    });

    it('a long silence without an unanswered heartbeat (throttled hidden tab) is not offline', () => {
        const m = new ConnectionStateMachine(0);
        m.socketOpened(0, 's', 'websocket');
        m.heartbeatSent(0, 1);
        m.heartbeatReplied(5, reply(1));
        m.evaluate(60_000);
        expect(m.snapshot().state).to.equal('connected');
    });

    it('heartbeats overdue only because timers were paused are not missed', () => {
        const m = new ConnectionStateMachine(0);
        m.socketOpened(0, 's', 'websocket');
        m.heartbeatSent(1000, 1);
        m.timersPaused(61_000, 60_000);
        m.evaluate(61_000);
        let s = m.snapshot();
        expect(s.state).to.equal('connected');
        expect(s.missedHeartbeats).to.equal(0);
        expect(s.timeline.map(e => e.kind)).to.include('paused');
        m.heartbeatReplied(61_010, reply(1));
        m.evaluate(61_010);
        s = m.snapshot();
        expect(s.roundTrip.last).to.equal(10);
        // ...but a heartbeat that then really goes unanswered still counts
        m.heartbeatSent(62_000, 2);
        m.evaluate(64_500);
        expect(m.snapshot().missedHeartbeats).to.equal(1);
        expect(m.snapshot().state).to.equal('offline');
    });

    it('a late answer counts as missed, not as a round trip, and a timely one recovers', () => {
        const m = new ConnectionStateMachine(0);
        m.socketOpened(0, 's', 'websocket');
        m.heartbeatSent(0, 1);
        m.inbound(1500); // other traffic keeps the link alive
        m.evaluate(2100);
        expect(m.snapshot().state).to.equal('degraded');
        expect(m.snapshot().consecutiveMissed).to.equal(1);
        m.heartbeatReplied(2500, reply(1));
        expect(m.snapshot().roundTrip.count).to.equal(0);
        expect(m.snapshot().timeline.map(e => e.kind)).to.include('heartbeat-late');
        m.heartbeatSent(3000, 2);
        m.heartbeatReplied(3010, reply(2));
        m.evaluate(3010);
        expect(m.snapshot().state).to.equal('connected');
        expect(m.snapshot().missedHeartbeats).to.equal(1);
    });

    it('an answer proves earlier unanswered heartbeats lost (replies come in order)', () => {
        const m = new ConnectionStateMachine(0);
        m.socketOpened(0, 's', 'websocket');
        m.heartbeatSent(0, 1);
        m.heartbeatSent(1000, 2);
        m.heartbeatReplied(1010, reply(2));
        m.evaluate(5000);
        expect(m.snapshot().state).to.equal('connected');
    });

    it('goes reconnecting with attempt and next retry, counts completed reconnects', () => {
        const m = new ConnectionStateMachine(0);
        m.socketOpened(0, 's1', 'websocket');
        m.socketClosed(1000, 'transport close', true);
        m.reconnectScheduled(1000, 1500);
        m.evaluate(1000);
        let s = m.snapshot();
        expect(s.state).to.equal('reconnecting');
        expect(s.nextRetryAt).to.equal(2500);
        expect(s.lastDisconnect).to.deep.include({ reason: 'transport close', at: 1000 });
        m.reconnectAttempt(2500, 1);
        m.connectFailed(2600, classifyConnectError({ message: 'xhr poll error', description: 403 }));
        m.reconnectScheduled(2600, 3000);
        m.evaluate(2600);
        s = m.snapshot();
        expect(s.state).to.equal('reconnecting');
        expect(s.reconnectAttempt).to.equal(1);
        expect(s.lastConnectError?.code).to.equal(4);
        expect(s.reason).to.match(/connection token/);
        m.reconnectAttempt(5600, 2);
        m.reconnectSucceeded(5700, 2);
        m.socketOpened(5700, 's2', 'websocket');
        m.evaluate(5700);
        s = m.snapshot();
        expect(s.state).to.equal('connected');
        expect(s.reconnects).to.equal(1);
        expect(s.reconnectAttempt).to.equal(0);
        expect(s.sid).to.equal('s2');
    });

    it('is offline, not reconnecting, after a disconnect Socket.IO will not retry', () => {
        const m = new ConnectionStateMachine(0);
        m.socketOpened(0, 's', 'websocket');
        m.socketClosed(10, 'io server disconnect', false);
        m.evaluate(10);
        expect(m.snapshot().state).to.equal('offline');
        expect(m.snapshot().reason).to.equal('Disconnected: io server disconnect');
        expect(m.canSendHeartbeat()).to.equal(false);
    });

    it('notes the backend instance and a change of instance in the timeline', () => {
        const m = new ConnectionStateMachine(0);
        m.socketOpened(0, 's', 'websocket');
        m.heartbeatSent(0, 1);
        m.heartbeatReplied(5, reply(1));
        m.heartbeatSent(10, 2);
        m.heartbeatReplied(15, reply(2, { instance: { ...INSTANCE, id: '99999999-0000-0000-0000-000000000000', hostname: 'pod-b' } }));
        const kinds = m.snapshot().timeline.map(e => e.kind);
        expect(kinds.filter(k => k === 'instance')).to.have.length(1);
        expect(kinds).to.include('instance-changed');
        expect(m.snapshot().instance?.hostname).to.equal('pod-b');
    });

    it('keeps the backend view of the sid and flags a mismatch', () => {
        const m = new ConnectionStateMachine(0);
        m.socketOpened(0, 'mine', 'websocket');
        m.heartbeatSent(0, 1);
        m.heartbeatReplied(5, reply(1, { sid: 'theirs' }));
        expect(m.snapshot().backendSid).to.equal('theirs');
        expect(m.snapshot().timeline.map(e => e.kind)).to.include('sid-mismatch');
    });

    it('bounds the timeline', () => {
        const m = new ConnectionStateMachine(0);
        for (let i = 0; i < 500; i++) {
            m.socketOpened(i, 's', 'websocket');
        }
        expect(m.snapshot().timeline).to.have.length(200);
        expect(m.snapshot().timeline[199].at).to.equal(499);
    });

    it('uses the documented defaults', () => {
        expect(DEFAULT_MONITOR_SETTINGS).to.deep.equal({ heartbeatIntervalMs: 1000, heartbeatTimeoutMs: 2000, degradedRoundTripMs: 500 });
    });
});
