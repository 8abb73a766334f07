import { expect } from 'chai';
import * as FakeTimers from '@sinonjs/fake-timers';
import { Container } from '@theia/core/shared/inversify';
import { Emitter } from '@theia/core/lib/common/event';
import { ConnectionSampleStore, HISTORY_CAPACITY, HISTORY_MAX_AGE_MS } from '../../../../src/browser/connection/history/connection-sample-store';
import { ConnectionSampler } from '../../../../src/browser/connection/history/connection-sampler';
import { ConnectionStateMachine } from '../../../../src/browser/connection/state/connection-state';
import { ConnectionSample } from '../../../../src/browser/connection/history/connection-history';
import { ConnectionMonitor } from '../../../../src/browser/connection/monitor/connection-monitor';
import { DefaultConnectionHistory } from '../../../../src/browser/connection/history/default-connection-history';

describe('ConnectionSampleStore', () => {
    it('keeps samples oldest first and answers "since" and "state at"', () => {
        const store = new ConnectionSampleStore();
        store.add({ at: 1000, state: 'offline' });
        store.add({ at: 2000, state: 'connected' });
        store.add({ at: 3000, state: 'connected', roundTripMs: 4 });
        store.add({ at: 2500, state: 'connected', roundTripMs: 5 }); // clock stepped back: kept in order
        expect(store.samples().map(s => s.at)).to.deep.equal([1000, 2000, 3000, 3000]);
        expect(store.samples(2001).map(s => s.roundTripMs)).to.deep.equal([4, 5]);
        expect(store.stateAt(1500)).to.equal('offline');
        expect(store.stateAt(2500)).to.equal('connected');
        expect(store.stateAt(500)).to.equal(undefined);
    });

    it('drops samples older than 24 hours', () => {
        const store = new ConnectionSampleStore();
        store.add({ at: 0, state: 'connected', roundTripMs: 1 });
        store.add({ at: HISTORY_MAX_AGE_MS, state: 'connected', roundTripMs: 2 });
        store.add({ at: HISTORY_MAX_AGE_MS + 1, state: 'connected', roundTripMs: 3 });
        expect(store.samples().map(s => s.roundTripMs)).to.deep.equal([2, 3]);
    });

    it('a day of one answer per second stays within the cap, keeps every state change and miss, and the last 15 minutes in full', () => {
        const store = new ConnectionSampleStore();
        const day = 24 * 3600;
        for (let t = 0; t < day; t++) {
            const at = t * 1000;
            if (t % 3600 === 0) {
                store.add({ at, state: t % 7200 === 0 ? 'offline' : 'connected' });
                store.add({ at, state: 'connected', missed: true });
            }
            store.add({ at, state: 'connected', roundTripMs: 5 });
        }
        expect(store.size).to.be.at.most(HISTORY_CAPACITY);
        const all = store.samples();
        expect(all.filter(s => s.missed)).to.have.length(24);
        expect(all.filter(s => s.roundTripMs === undefined && !s.missed)).to.have.length(24);
        const last15 = store.samples((day - 15 * 60) * 1000).filter(s => s.roundTripMs !== undefined);
        expect(last15).to.have.length(15 * 60);
        expect(all[0].at).to.equal(0);
    });

    it('over the cap with only state changes, the oldest go', () => {
        const store = new ConnectionSampleStore(10);
        for (let i = 0; i < 25; i++) {
            store.add({ at: i, state: i % 2 ? 'offline' : 'connected' });
        }
        expect(store.size).to.equal(10);
        expect(store.samples()[9].at).to.equal(24);
    });
});

describe('ConnectionSampler', () => {
    it('turns the state machine\'s counters into answer, miss and state samples', () => {
        const m = new ConnectionStateMachine(0);
        const sampler = new ConnectionSampler();
        const out: ConnectionSample[] = [];
        const step = (now: number) => {
            m.evaluate(now);
            out.push(...sampler.next(now, m.sampleCounters()));
        };
        step(0);
        m.socketOpened(10, 'sid', 'websocket');
        step(10);
        m.heartbeatSent(100, 1);
        m.heartbeatReplied(107, { seq: 1 });
        step(107);
        m.heartbeatSent(1100, 2);
        step(3200); // no answer within 2 s: missed, and 3 s of silence: offline
        expect(out).to.deep.equal([
            { at: 0, state: 'offline' },
            { at: 10, state: 'connected' },
            { at: 107, state: 'connected', roundTripMs: 7 },
            { at: 3200, state: 'offline' },
            { at: 3200, state: 'offline', missed: true }
        ]);
    });
});

describe('DefaultConnectionHistory', () => {
    let clock: FakeTimers.InstalledClock;
    beforeEach(() => clock = FakeTimers.install({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
    afterEach(() => clock.uninstall());

    function create(): { history: DefaultConnectionHistory; emit: Emitter<ConnectionSample> } {
        const emit = new Emitter<ConnectionSample>();
        const container = new Container();
        container.bind(ConnectionMonitor).toConstantValue({
            onDidSample: emit.event,
            snapshot: () => ({ state: 'offline', stateSince: 999_000 })
        } as unknown as ConnectionMonitor);
        container.bind(DefaultConnectionHistory).toSelf().inSingletonScope();
        return { history: container.get(DefaultConnectionHistory), emit };
    }

    it('records the monitor\'s samples, starting with the state it found', () => {
        const { history, emit } = create();
        emit.fire({ at: 1_000_100, state: 'connected' });
        emit.fire({ at: 1_000_200, state: 'connected', roundTripMs: 3 });
        expect(history.samples()).to.deep.equal([
            { at: 999_000, state: 'offline' },
            { at: 1_000_100, state: 'connected' },
            { at: 1_000_200, state: 'connected', roundTripMs: 3 }
        ]);
        expect(history.samples(1_000_150)).to.have.length(1);
        expect(history.stateAt(1_000_050)).to.equal('offline');
        history.dispose();
    });

    it('announces changes at most once a second', () => {
        const { history, emit } = create();
        const fired: number[] = [];
        history.onDidChange(() => fired.push(Date.now()));
        for (let i = 0; i < 50; i++) {
            emit.fire({ at: Date.now(), state: 'connected', roundTripMs: 2 });
            clock.tick(100);
        }
        clock.tick(2000);
        expect(fired.length).to.be.within(5, 6);
        for (let i = 1; i < fired.length; i++) {
            expect(fired[i] - fired[i - 1]).to.be.at.least(1000);
        }
        const before = fired.length;
        clock.tick(5000); // nothing new: nothing announced
        expect(fired.length).to.equal(before);
        history.dispose();
    });
});
