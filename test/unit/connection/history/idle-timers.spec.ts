// Issue 28: an idle tab with the view closed runs no timer for what nobody shows or needs. The history announces
// changes only while someone listens (the view's Connection section, while visible); the recovery's fallback check
// runs only while an outage is being recovered.
import { expect } from 'chai';
import * as FakeTimers from '@sinonjs/fake-timers';
import { Container } from '@theia/core/shared/inversify';
import { Emitter } from '@theia/core/lib/common/event';
import { ConnectionSample } from '../../../../src/browser/connection/history/connection-history';
import { ConnectionMonitor } from '../../../../src/browser/connection/monitor/connection-monitor';
import { DefaultConnectionHistory } from '../../../../src/browser/connection/history/default-connection-history';
import { ConnectionSnapshot } from '../../../../src/browser/connection/state/connection-snapshot';

describe('idle timers (issue 28)', () => {
    let clock: FakeTimers.InstalledClock;
    const g = globalThis as unknown as { window?: unknown };
    let hadWindow: boolean;
    beforeEach(() => {
        hadWindow = g.window !== undefined;
        g.window ??= globalThis;
        clock = FakeTimers.install({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    });
    afterEach(() => {
        clock.uninstall();
        if (!hadWindow) {
            delete g.window;
        }
    });

    it('the connection history runs no timer while nobody listens, and announces again once someone does', () => {
        const emit = new Emitter<ConnectionSample>();
        const container = new Container();
        container.bind(ConnectionMonitor).toConstantValue({
            onDidSample: emit.event, snapshot: () => ({ state: 'connected', stateSince: 999_000 })
        } as unknown as ConnectionMonitor);
        container.bind(DefaultConnectionHistory).toSelf().inSingletonScope();
        const history = container.get(DefaultConnectionHistory);
        for (let i = 0; i < 10; i++) {
            emit.fire({ at: Date.now(), state: 'connected', roundTripMs: 2 });
            expect(clock.countTimers(), 'timers after a sample with nobody listening').to.equal(0);
            clock.tick(1000);
        }
        expect(history.samples().length).to.equal(11); // still recorded
        let fired = 0;
        const listener = history.onDidChange(() => fired++);
        emit.fire({ at: Date.now(), state: 'connected', roundTripMs: 2 });
        clock.tick(1000);
        expect(fired).to.equal(1);
        emit.fire({ at: Date.now(), state: 'connected', roundTripMs: 2 });
        listener.dispose();
        expect(clock.countTimers(), 'the pending announcement goes with the last listener').to.equal(0);
        history.dispose();
    });

    it('the recovery runs its fallback check only while a restart is being recovered', async () => {
        const { ConnectionRecovery } = await import('../../../../src/browser/connection/recovery/connection-recovery');
        const changes = new Emitter<ConnectionSnapshot>();
        let checks = 0;
        const recovery = Object.assign(Object.create(ConnectionRecovery.prototype), {
            monitor: { onDidChange: changes.event, snapshot: () => { checks++; return { socketOpen: true, state: 'connected', consecutiveMissed: 0 }; } }
        }) as InstanceType<typeof ConnectionRecovery> & { pendingRestart: unknown };
        recovery.onStart();
        clock.tick(10_000);
        expect(clock.countTimers(), 'timers of an idle, connected tab').to.equal(0);
        expect(checks).to.equal(0);
        recovery.pendingRestart = { notifiedAt: Date.now() };
        clock.tick(4000);
        expect(checks).to.equal(2);
        recovery.pendingRestart = undefined;
        expect(clock.countTimers()).to.equal(0);
    });
});
