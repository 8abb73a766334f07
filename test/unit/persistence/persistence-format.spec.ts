// The persistence report as text and the restart notification.
import { expect } from 'chai';
import { formatPersistenceReport, restartNotification } from '../../../src/common/persistence/persistence-format';
import { makeStep } from '../../../src/node/persistence/persistence-verdicts';
import { PersistenceReport } from '../../../src/common/persistence/persistence-protocol';

describe('persistence: report text', () => {
    const report = (survival: 'pass' | 'fail', extra: Partial<PersistenceReport> = {}): PersistenceReport => ({
        formatVersion: 1, path: '/w', resolvedPath: '/w', checkedAt: '2026-02-01T00:00:00.000Z', durationMs: 12, verdict: survival, ...(survival === 'fail' ? { firstFailingStep: 'restart-survival' } : {}),
        steps: [makeStep('write-probe', 5, { verdict: 'pass', numbers: { writeMs: 1 }, reason: 'ok' }), makeStep('restart-survival', 1, { verdict: survival, numbers: {}, reason: survival === 'fail' ? 'The workspace storage was replaced at about X' : 'fine', remediation: survival === 'fail' ? 'use a PVC' : undefined })],
        ledger: { file: '/w/l', entries: 2, instances: 3, restartsSurvived: 2, since: '2026-01-01T00:00:00.000Z', unreadableLines: 0, ...(survival === 'fail' ? { remembered: { nonce: 'n', found: false } } : {}) },
        instance: { id: 'abcdef123', hostname: 'h', startedAt: '', source: 'ide' },
        ...extra
    });
    it('the text report has one line per step, numbers and the fix', () => {
        const text = formatPersistenceReport(report('fail'));
        expect(text).to.include('FAIL: first failing step "Restart survival"');
        expect(text).to.include('[PASS] Write probe (5 ms): ok\n       writeMs=1');
        expect(text).to.include('Fix: use a PVC');
    });
    it('restart notification: survived N restarts, or storage replaced', () => {
        expect(restartNotification(report('pass'))).to.deep.equal({ severity: 'info', text: 'Your workspace files survived the restart (survived 2 restarts since 2026-01-01 00:00:00 UTC).' });
        expect(restartNotification(report('fail'))).to.deep.equal({ severity: 'error', text: 'The workspace storage was replaced at about X' });
    });
});
