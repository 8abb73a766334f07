// The tab's countdown: phases on the backend's clock, the "Stops in 4:59" text, the report interval, and the
// warning text (every name escaped).
import { expect } from 'chai';
import { IdleStatus } from '../../../src/common/idle/idle-protocol';
import { activityReportIntervalMs, countdownText, idlePhase } from '../../../src/browser/idle/idle-countdown';
import { idleRiskMessage } from '../../../src/browser/idle/idle-risk';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
function status(timeout: number | null, warning: number): IdleStatus {
    return {
        lastActivity: new Date(T0).toISOString(), idleSeconds: 0, idleTimeoutSeconds: timeout,
        stopsAt: timeout === null ? null : new Date(T0 + timeout * 1000).toISOString(),
        connectedTabs: 1, visibleTabs: 1, warningSeconds: warning, serverTime: T0
    };
}

describe('idle: countdown', () => {
    it('is off without a deadline, idle before the warning, warning from then on', () => {
        expect(idlePhase(undefined, T0, 0)).to.deep.equal({ phase: 'off' });
        expect(idlePhase(status(null, 300), T0, 0)).to.deep.equal({ phase: 'off' });
        expect(idlePhase(status(1800, 300), T0 + 1000, 0)).to.deep.equal({ phase: 'idle', warnInMs: 1_499_000, remainingMs: 1_799_000 });
        expect(idlePhase(status(1800, 300), T0 + 1_500_001, 0)).to.deep.equal({ phase: 'warning', remainingMs: 299_999 });
        expect(idlePhase(status(20, 15), T0 + 99_000, 0)).to.deep.equal({ phase: 'warning', remainingMs: 0 });
    });

    it('counts on the backend clock: a tab clock 10 s behind still warns on time', () => {
        expect(idlePhase(status(20, 15), T0 - 10_000 + 5_000, 10_000).phase).to.equal('warning');
        expect(idlePhase(status(20, 15), T0 + 5_000, -10_000).phase).to.equal('idle');
    });

    it('shows "Stops in m:ss", rounded up', () => {
        expect(countdownText(299_001)).to.equal('Stops in 5:00');
        expect(countdownText(299_000)).to.equal('Stops in 4:59');
        expect(countdownText(9_500)).to.equal('Stops in 0:10');
        expect(countdownText(0)).to.equal('Stops in 0:00');
        expect(countdownText(3_723_000)).to.equal('Stops in 1:02:03');
    });

    it('reports activity at most every 30 s, and twice before a short warning would start', () => {
        expect(activityReportIntervalMs(undefined)).to.equal(30_000);
        expect(activityReportIntervalMs(status(1800, 300))).to.equal(30_000);
        expect(activityReportIntervalMs(status(20, 15))).to.equal(2_500);
        expect(activityReportIntervalMs(status(10, 10))).to.equal(1_000);
    });

    it('the warning names the verdict, unsaved editors and ephemeral-only files, with every name escaped', () => {
        const text = idleRiskMessage({ verdict: 'ephemeral', unsaved: ['notes.md', '[x](command:evil)'], savedOnlyEphemeral: ['a_b.txt'] }, 'Stops in 4:59');
        expect(text).to.contain('ephemeral\\: the workspace files go with the pod');
        expect(text).to.contain('Unsaved editors (2): notes\\.md, \\[x\\]\\(command\\:evil\\)');
        expect(text).to.contain('Saved only to an ephemeral disk (1): a\\_b\\.txt');
        expect(text).not.to.match(/[^\\]\[x\]/);
        expect(idleRiskMessage({ verdict: undefined, unsaved: [], savedOnlyEphemeral: [] }, 'Stops in 0:10')).to.contain('Unsaved editors: none.');
    });
});
