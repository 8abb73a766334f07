// Where the idle deadline comes from: the backend's environment only.
import { expect } from 'chai';
import { idleConfigLine, readIdleConfig } from '../../../src/node/idle/idle-config';

describe('idle: readIdleConfig', () => {
    it('unset or 0: no countdown', () => {
        expect(readIdleConfig({}).timeoutSeconds).to.equal(undefined);
        expect(readIdleConfig({ SESSION_HEALTH_IDLE_TIMEOUT_SECONDS: '0' }).timeoutSeconds).to.equal(undefined);
        expect(idleConfigLine(readIdleConfig({}))).to.match(/no idle countdown/);
    });

    it('reads the timeout and the warning (default 300 s, at most the timeout)', () => {
        expect(readIdleConfig({ SESSION_HEALTH_IDLE_TIMEOUT_SECONDS: '1800' })).to.include({ timeoutSeconds: 1800, warningSeconds: 300, source: 'session-health' });
        expect(readIdleConfig({ SESSION_HEALTH_IDLE_TIMEOUT_SECONDS: '20', SESSION_HEALTH_IDLE_WARNING_SECONDS: '15' })).to.include({ timeoutSeconds: 20, warningSeconds: 15 });
        expect(readIdleConfig({ SESSION_HEALTH_IDLE_TIMEOUT_SECONDS: '60' })).to.include({ timeoutSeconds: 60, warningSeconds: 60 });
    });

    it('refuses bad values with a reason and no countdown', () => {
        for (const raw of ['abc', '-5', '1e3', ' ', '99999999']) {
            const c = readIdleConfig({ SESSION_HEALTH_IDLE_TIMEOUT_SECONDS: raw, THEIACLOUD_MONITOR_TIMEOUT_AFTER: '30' });
            expect(c.timeoutSeconds, raw).to.equal(undefined);
            expect(c.problems.join(' '), raw).to.contain('SESSION_HEALTH_IDLE_TIMEOUT_SECONDS');
        }
        const bad = readIdleConfig({ SESSION_HEALTH_IDLE_TIMEOUT_SECONDS: '600', SESSION_HEALTH_IDLE_WARNING_SECONDS: 'x' });
        expect(bad).to.include({ timeoutSeconds: 600, warningSeconds: 300 });
        expect(bad.problems).to.have.length(1);
    });

    it('falls back to the Theia Cloud timeout in the pod environment (minutes); our variable wins, 0 included', () => {
        expect(readIdleConfig({ THEIACLOUD_MONITOR_TIMEOUT_AFTER: '30', THEIACLOUD_MONITOR_NOTIFY_AFTER: '25' }))
            .to.include({ timeoutSeconds: 1800, warningSeconds: 300, source: 'theia-cloud' });
        expect(readIdleConfig({ THEIACLOUD_MONITOR_TIMEOUT_AFTER: '60' })).to.include({ timeoutSeconds: 3600, warningSeconds: 300 });
        expect(readIdleConfig({ SESSION_HEALTH_IDLE_TIMEOUT_SECONDS: '0', THEIACLOUD_MONITOR_TIMEOUT_AFTER: '30' }).timeoutSeconds).to.equal(undefined);
        expect(readIdleConfig({ SESSION_HEALTH_IDLE_TIMEOUT_SECONDS: '120', THEIACLOUD_MONITOR_TIMEOUT_AFTER: '30' })).to.include({ timeoutSeconds: 120, source: 'session-health' });
    });
});
