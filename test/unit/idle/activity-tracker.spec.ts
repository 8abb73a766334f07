// The backend's activity tracker: last activity across tabs on the backend's clock, tabs that disconnect stop
// counting, the deadline from the configuration only.
import { expect } from 'chai';
import { ActivityTrackerLogic } from '../../../src/node/idle/activity-tracker';
import { IdleConfig } from '../../../src/node/idle/idle-config';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const config: IdleConfig = { timeoutSeconds: 1800, warningSeconds: 300, source: 'session-health', problems: [] };

function tracker(cfg = config) {
    let now = T0;
    const t = new ActivityTrackerLogic(cfg, () => now);
    return { t, advance: (ms: number) => { now += ms; } };
}

describe('idle: ActivityTracker', () => {
    it('counts idle time from the backend start until the first activity', () => {
        const { t, advance } = tracker();
        advance(61_500);
        const s = t.status();
        expect(s.lastActivity).to.equal(new Date(T0).toISOString());
        expect(s.idleSeconds).to.equal(61);
        expect(s.stopsAt).to.equal(new Date(T0 + 1800_000).toISOString());
        expect(s.idleTimeoutSeconds).to.equal(1800);
    });

    it('activity from any tab moves the deadline; a report without activity (visibility, reconnect) does not', () => {
        const { t, advance } = tracker();
        const a = {}, b = {};
        t.connect(a);
        t.connect(b);
        let changes = 0;
        t.onDidChange(() => changes++);
        advance(100_000);
        t.report(a, { activity: false, visible: true });
        expect(t.status().idleSeconds).to.equal(100);
        expect(changes).to.equal(0);
        t.report(b, { activity: true, visible: false });
        expect(changes).to.equal(1);
        const s = t.status();
        expect(s.idleSeconds).to.equal(0);
        expect(s.stopsAt).to.equal(new Date(T0 + 100_000 + 1800_000).toISOString());
        expect(s.connectedTabs).to.equal(2);
        expect(s.visibleTabs).to.equal(1);
    });

    it('a tab that disconnects stops counting, and its late reports are ignored', () => {
        const { t, advance } = tracker();
        const a = {};
        const connection = t.connect(a);
        t.report(a, { activity: false, visible: true });
        expect(t.status()).to.include({ connectedTabs: 1, visibleTabs: 1 });
        connection.dispose();
        advance(10_000);
        t.report(a, { activity: true, visible: true });
        expect(t.status()).to.include({ connectedTabs: 0, visibleTabs: 0, idleSeconds: 10 });
    });

    it('without a timeout there is no deadline, but idle time is still counted', () => {
        const { t, advance } = tracker({ timeoutSeconds: undefined, warningSeconds: 300, source: 'none', problems: [] });
        advance(5_000);
        expect(t.status()).to.include({ idleTimeoutSeconds: null, stopsAt: null, idleSeconds: 5 });
        expect(t.idleSeconds()).to.equal(5);
    });
});
