// runStep: times a step, and turns what it throws into a failed step that says what it was doing, why it failed and what to do.
import { expect } from 'chai';
import { CheckContext, CheckStep, runStep, skipSteps } from '../../../src/node/persistence/check-step';
import { CheckRefusal } from '../../../src/node/ledger/check-errors';

const context = (): CheckContext => ({
    request: { path: '/w' }, options: { instance: { id: 'i', hostname: 'h', startedAt: '', source: 'cli' } }, checkedAt: '',
    steps: [], created: { directories: [], files: [] }, markerWritten: false, dir: '/w/.theia/session-health'
});

describe('persistence: runStep', () => {
    it('records a step with its title, outcome and measured duration', async () => {
        const ctx = context();
        const step: CheckStep = { id: 'space', doing: () => 'Measuring', run: () => new Promise(resolve => setTimeout(() => resolve({ verdict: 'pass', numbers: { a: 1 }, reason: 'fine' }), 30)) };
        const result = await runStep(ctx, step);
        expect(result).to.deep.include({ id: 'space', title: 'Free space', verdict: 'pass', numbers: { a: 1 }, reason: 'fine' });
        expect(result.durationMs).to.be.at.least(25);
        expect(ctx.steps).to.deep.equal([result]);
    });

    it('a thrown file system error is a failed step: what it was doing, the plain reason and a fix, plus its numbers', async () => {
        const ctx = context();
        const step: CheckStep = {
            id: 'write-probe', doing: c => `Writing the probe in ${c.dir}`, failureNumbers: c => ({ directory: c.dir! }),
            run: async () => { throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' }); }
        };
        const result = await runStep(ctx, step);
        expect(result).to.deep.include({
            verdict: 'fail', numbers: { directory: '/w/.theia/session-health' },
            reason: 'Writing the probe in /w/.theia/session-health failed: the file system is read-only (EROFS).'
        });
        expect(result.remediation).to.include('read-write');
    });

    it('a refusal keeps its own fix; skipped steps say why they did not run', async () => {
        const ctx = context();
        const result = await runStep(ctx, { id: 'restart-survival', doing: () => 'Reading the ledger', run: async () => { throw new CheckRefusal('x is a FIFO', 'Move x away.'); } });
        expect([result.reason, result.remediation]).to.deep.equal(['Reading the ledger refused: x is a FIFO', 'Move x away.']);
        skipSteps(ctx, ['space', 'permissions'], 'not run: because');
        expect(ctx.steps.slice(1).map(s => [s.id, s.verdict, s.reason])).to.deep.equal([['space', 'skipped', 'not run: because'], ['permissions', 'skipped', 'not run: because']]);
    });
});
