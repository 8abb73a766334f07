// Verdicts of the persistence check: overall, space, restart survival, classification and Kubernetes steps.
import { expect } from 'chai';
import { classificationOutcome, kubernetesOutcome, makeStep, overallVerdict, spaceOutcome, survivalOutcome } from '../../../src/node/persistence/persistence-verdicts';
import { LedgerEntry } from '../../../src/common/persistence/persistence-protocol';
import { LEDGER_RECENT_LIMIT } from '../../../src/common/persistence/ledger-recent';
import { StorageClassification } from '../../../src/common/storage/storage-protocol';

const entry = (i: number, instanceId = `inst-${i}`, source: 'ide' | 'cli' = 'ide'): LedgerEntry => ({
    instanceId, hostname: 'pod-a', instanceStartedAt: `2026-01-0${i}T00:00:00.000Z`, time: `2026-01-0${i}T01:00:00.000Z`, nonce: `nonce-${i}`, source
});
const limits = { minFreePercent: 5, minFreeMegabytes: 500 };
const GB = 1e9;

describe('persistence: verdicts', () => {
    describe('overallVerdict', () => {
        const step = (id: 'classification' | 'write-probe' | 'space', verdict: 'pass' | 'warn' | 'fail' | 'skipped') => makeStep(id, 1, { verdict, numbers: {}, reason: '' });
        it('is the worst step; firstFailingStep is the first fail, else the first warn; skipped never decides', () => {
            expect(overallVerdict([step('classification', 'pass'), step('space', 'skipped')])).to.deep.equal({ verdict: 'pass' });
            expect(overallVerdict([step('classification', 'warn'), step('write-probe', 'fail'), step('space', 'fail')])).to.deep.equal({ verdict: 'fail', firstFailingStep: 'write-probe' });
            expect(overallVerdict([step('classification', 'pass'), step('write-probe', 'warn'), step('space', 'warn')])).to.deep.equal({ verdict: 'warn', firstFailingStep: 'write-probe' });
        });
    });

    describe('spaceOutcome', () => {
        it('passes with plenty of room', () => {
            const o = spaceOutcome({ freeBytes: 50 * GB, totalBytes: 100 * GB, freeInodes: 900, totalInodes: 1000 }, limits);
            expect(o.verdict).to.equal('pass');
            expect(o.numbers).to.include({ freePercent: 50, freeInodesPercent: 90, freeBytes: 50 * GB });
        });
        it('warns under 5 % free, under 500 MB free, or under 5 % inodes free', () => {
            expect(spaceOutcome({ freeBytes: 4 * GB, totalBytes: 100 * GB, freeInodes: 900, totalInodes: 1000 }, limits).reason).to.include('under 5 % free');
            expect(spaceOutcome({ freeBytes: 400e6, totalBytes: 1 * GB, freeInodes: 900, totalInodes: 1000 }, limits).reason).to.include('under 500 MB free');
            const inodes = spaceOutcome({ freeBytes: 50 * GB, totalBytes: 100 * GB, freeInodes: 40, totalInodes: 1000 }, limits);
            expect([inodes.verdict, inodes.reason.includes('inodes free')]).to.deep.equal(['warn', true]);
            expect(spaceOutcome({ freeBytes: 400e6, totalBytes: 1 * GB, freeInodes: 900, totalInodes: 1000 }, { minFreePercent: 5, minFreeMegabytes: 100 }).verdict).to.equal('pass');
        });
        it('fails when under 1 MiB or no inode is free; filesystems without inode limits are fine', () => {
            expect(spaceOutcome({ freeBytes: 1000, totalBytes: 1 * GB, freeInodes: 9, totalInodes: 10 }, limits).verdict).to.equal('fail');
            expect(spaceOutcome({ freeBytes: 50 * GB, totalBytes: 100 * GB, freeInodes: 0, totalInodes: 10 }, limits).verdict).to.equal('fail');
            expect(spaceOutcome({ freeBytes: 50 * GB, totalBytes: 100 * GB, freeInodes: 0, totalInodes: 0 }, limits).verdict).to.equal('pass');
        });
    });

    describe('survivalOutcome', () => {
        const base = { ledgerFile: '/w/.theia/session-health/markers.jsonl', unreadable: 0, now: '2026-02-01T00:00:00.000Z' };
        it('first run: the proof starts now', () => {
            const { outcome, summary } = survivalOutcome({ ...base, entries: [], written: entry(5, 'now') });
            expect(outcome.verdict).to.equal('pass');
            expect(outcome.reason).to.include('First run: the proof starts now');
            expect(summary).to.include({ entries: 0, instances: 1, restartsSurvived: 0 });
            expect(summary.marker?.nonce).to.equal('nonce-5');
        });
        it('counts restarts as distinct IDE instances minus one; CLI runs are not restarts', () => {
            const { outcome, summary } = survivalOutcome({ ...base, entries: [entry(1, 'a'), entry(2, 'a'), entry(3, 'cli-1', 'cli'), entry(4, 'b')], written: entry(5, 'c'), remembered: { nonce: 'nonce-4' } });
            expect(summary).to.include({ instances: 3, restartsSurvived: 2, since: '2026-01-01T01:00:00.000Z' });
            expect(summary.remembered).to.deep.equal({ nonce: 'nonce-4', found: true });
            expect(outcome.reason).to.include('survived 2 restarts since 2026-01-01 01:00:00 UTC');
            const one = survivalOutcome({ ...base, entries: [entry(1, 'a')], written: entry(2, 'b') });
            expect(one.outcome.reason).to.include('survived 1 restart since');
        });
        it('fails "storage was replaced" when the remembered marker is gone, dated by the oldest marker on disk', () => {
            const { outcome, summary } = survivalOutcome({ ...base, entries: [entry(3, 'x')], written: entry(4, 'y'), remembered: { nonce: 'nonce-1', time: '2026-01-01T01:00:00.000Z' } });
            expect(outcome.verdict).to.equal('fail');
            expect(outcome.reason).to.match(/^The workspace storage was replaced at about 2026-01-03 01:00:00 UTC: files written before then are gone/);
            expect(summary.remembered).to.deep.equal({ nonce: 'nonce-1', time: '2026-01-01T01:00:00.000Z', found: false });
            const empty = survivalOutcome({ ...base, entries: [], written: entry(4, 'y'), remembered: { nonce: 'nonce-1' }, storageBornAt: '2026-01-20T10:00:00.000Z' });
            expect(empty.outcome.reason).to.include('replaced at about 2026-01-20 10:00:00 UTC');
        });
        it('lists the last markers newest first as the restart-survival history: survived, written, lost, and restarts', () => {
            const { summary } = survivalOutcome({ ...base, entries: [entry(2, 'a'), entry(3, 'a'), entry(4, 'cli-1', 'cli'), entry(5, 'b')], written: entry(6, 'c'), remembered: { nonce: 'nonce-1', time: '2026-01-01T01:00:00.000Z', instanceId: 'z' } });
            expect(summary.recent!.map(m => [m.time.slice(0, 10), m.instanceId, m.outcome, !!m.afterRestart])).to.deep.equal([
                ['2026-01-06', 'c', 'written', true],
                ['2026-01-05', 'b', 'survived', true],
                ['2026-01-04', 'cli-1', 'survived', false],
                ['2026-01-03', 'a', 'survived', false],
                ['2026-01-02', 'a', 'survived', false],
                ['2026-01-01', 'z', 'lost', false]
            ]);
            expect(summary.recent![5].cause).to.include('replaced');
            expect(summary.recent!.filter(m => m.afterRestart).length, 'restarts in the history').to.equal(summary.restartsSurvived);
            // the fields of before are all still there (add, never rename)
            expect(summary).to.include({ entries: 4, instances: 3, restartsSurvived: 2, since: '2026-01-02T01:00:00.000Z' });
        });
        it('keeps the history to the last 10 markers, and a lost marker always in it', () => {
            const many = Array.from({ length: 9 }, (_, i) => entry(i + 1, `i${i}`));
            const kept = survivalOutcome({ ...base, entries: many, written: entry(9, 'w') }).summary.recent!;
            expect(kept.length).to.equal(LEDGER_RECENT_LIMIT);
            expect(kept[0].outcome).to.equal('written');
            const lost = survivalOutcome({ ...base, entries: many, written: entry(9, 'w'), remembered: { nonce: 'gone' } }).summary.recent!;
            expect(lost.length).to.equal(LEDGER_RECENT_LIMIT);
            expect(lost.filter(m => m.outcome === 'lost').map(m => m.time), 'a lost marker without its time is shown at this check').to.deep.equal([base.now]);
        });
        it('fails when no marker could be written, with the reason', () => {
            const { outcome } = survivalOutcome({ ...base, entries: [entry(1)], problem: 'EROFS', problemRemediation: 'mount rw' });
            expect([outcome.verdict, outcome.remediation]).to.deep.equal(['fail', 'mount rw']);
            expect(outcome.reason).to.include('No marker could be written').and.include('EROFS');
        });
        it('warns about damaged ledger lines', () => {
            expect(survivalOutcome({ ...base, entries: [entry(1)], unreadable: 1, written: entry(2) }).outcome.verdict).to.equal('warn');
        });
    });

    describe('classification and kubernetes steps', () => {
        const c = (verdict: StorageClassification['verdict']): StorageClassification => ({
            path: '/w', verdict, kind: 'tmpfs', decidedBy: 'mountinfo', notes: [], checkedAt: '', evidence: { reason: 'because', fsType: 'tmpfs', mountPoint: '/w' }
        });
        it('persistent passes, ephemeral fails, node-local and unknown warn, each with a fix', () => {
            expect(classificationOutcome(c('persistent')).verdict).to.equal('pass');
            expect(classificationOutcome(c('ephemeral'))).to.include({ verdict: 'fail' }).and.to.have.property('remediation');
            expect(classificationOutcome(c('node-local')).verdict).to.equal('warn');
            expect(classificationOutcome(c('unknown')).verdict).to.equal('warn');
        });
        it('a pod-owned claim fails', () => {
            const o = kubernetesOutcome({ namespace: 'ns', pod: 'p', volumeName: 'ws', volumeType: 'ephemeral', claimName: 'p-ws', ownedByPod: true, verdict: 'ephemeral', kind: 'csi-volume' });
            expect(o.verdict).to.equal('fail');
            expect(o.reason).to.include('deleted with the pod');
            expect(kubernetesOutcome({ namespace: 'ns', pod: 'p', volumeName: 'ws', volumeType: 'persistentVolumeClaim', claimName: 'c', verdict: 'persistent', kind: 'csi-volume' }).verdict).to.equal('pass');
        });
    });
});
