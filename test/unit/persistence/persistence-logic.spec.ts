// Pure logic of the persistence check: request validation, directory setting, verdicts, ledger, texts.
import { expect } from 'chai';
import { checkDirectorySetting, validateCheckRequest } from '../../../src/node/persistence/persistence-request';
import { classificationOutcome, kubernetesOutcome, makeStep, overallVerdict, spaceOutcome, survivalOutcome } from '../../../src/node/persistence/persistence-verdicts';
import { compactLedger, ledgerLine, parseLedger } from '../../../src/node/persistence/persistence-ledger-codec';
import { plainFsReason } from '../../../src/node/persistence/check-errors';
import { formatPersistenceReport, restartNotification } from '../../../src/common/persistence/persistence-format';
import { LedgerEntry, PersistenceReport } from '../../../src/common/persistence/persistence-protocol';
import { StorageClassification } from '../../../src/common/storage/storage-protocol';

const entry = (i: number, instanceId = `inst-${i}`, source: 'ide' | 'cli' = 'ide'): LedgerEntry => ({
    instanceId, hostname: 'pod-a', instanceStartedAt: `2026-01-0${i}T00:00:00.000Z`, time: `2026-01-0${i}T01:00:00.000Z`, nonce: `nonce-${i}`, source
});
const limits = { minFreePercent: 5, minFreeMegabytes: 500 };
const GB = 1e9;

describe('persistence: pure logic', () => {
    describe('overallVerdict', () => {
        const step = (id: 'classification' | 'write-probe' | 'space', verdict: 'pass' | 'warn' | 'fail' | 'skipped') => makeStep(id, 1, { verdict, numbers: {}, reason: '' });
        it('is the worst step; firstFailingStep is the first fail, else the first warn; skipped never decides', () => {
            expect(overallVerdict([step('classification', 'pass'), step('space', 'skipped')])).to.deep.equal({ verdict: 'pass' });
            expect(overallVerdict([step('classification', 'warn'), step('write-probe', 'fail'), step('space', 'fail')])).to.deep.equal({ verdict: 'fail', firstFailingStep: 'write-probe' });
            expect(overallVerdict([step('classification', 'pass'), step('write-probe', 'warn'), step('space', 'warn')])).to.deep.equal({ verdict: 'warn', firstFailingStep: 'write-probe' });
        });
    });

    describe('validateCheckRequest', () => {
        it('accepts a path, settings and a remembered marker', () => {
            const r = validateCheckRequest({ path: '/home/project', directory: 'x/y', minFreePercent: 10, minFreeMegabytes: 0, rememberedMarker: { nonce: 'abc-1', time: '2026-01-01T00:00:00Z', instanceId: 'i1' } });
            expect(r).to.deep.equal({ request: { path: '/home/project', directory: 'x/y', minFreePercent: 10, minFreeMegabytes: 0, rememberedMarker: { nonce: 'abc-1', time: '2026-01-01T00:00:00.000Z', instanceId: 'i1' } } });
            expect(validateCheckRequest({ path: 'file:///home/project' })).to.deep.equal({ request: { path: 'file:///home/project' } });
        });
        const bad: [unknown, string][] = [
            [null, 'JSON object'], [[], 'JSON object'], ['x', 'JSON object'], [{}, 'path: required'], [{ path: 3 }, 'path: required'],
            [{ path: 'relative/dir' }, 'must be absolute'], [{ path: '/a\0b' }, 'NUL'], [{ path: '/a', extra: 1 }, 'Unknown field'],
            [{ path: '/a', directory: '../out' }, 'directory: must stay inside'], [{ path: '/a', directory: '/etc' }, 'directory: must be relative'],
            [{ path: '/a', minFreePercent: 101 }, 'minFreePercent'], [{ path: '/a', minFreeMegabytes: 'x' }, 'minFreeMegabytes'],
            [{ path: '/a', rememberedMarker: { nonce: 'a b' } }, 'rememberedMarker'], [{ path: '/a', rememberedMarker: 'x' }, 'rememberedMarker']
        ];
        for (const [body, reason] of bad) {
            it(`refuses ${JSON.stringify(body)} with a reason`, () => {
                const r = validateCheckRequest(body);
                expect(r).to.have.property('error').that.includes(reason);
            });
        }
    });

    describe('checkDirectorySetting', () => {
        it('defaults to .theia/session-health and normalizes segments', () => {
            expect(checkDirectorySetting(undefined)).to.deep.equal({ segments: ['.theia', 'session-health'] });
            expect(checkDirectorySetting('  ')).to.deep.equal({ segments: ['.theia', 'session-health'] });
            expect(checkDirectorySetting('./a//b/')).to.deep.equal({ segments: ['a', 'b'] });
        });
        it('refuses absolute paths, .. anywhere, and the root itself', () => {
            for (const v of ['/tmp', 'a/../../b', '..', 'C:\\x', '.', './']) {
                expect(checkDirectorySetting(v), v).to.have.property('error');
            }
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

    describe('ledger', () => {
        it('parses JSON lines, counts a torn last line and garbage instead of failing', () => {
            const text = ledgerLine(entry(1)) + ledgerLine(entry(2)) + '{"not":"an entry"}\n' + '{"instanceId":"x","host';
            const parsed = parseLedger(text);
            expect(parsed.entries.map(e => e.nonce)).to.deep.equal(['nonce-1', 'nonce-2']);
            expect(parsed.unreadable).to.equal(2);
        });
        it('compaction keeps the first marker (start of the proof) and the newest', () => {
            const many = Array.from({ length: 10 }, (_, i) => ({ ...entry(1), nonce: `n${i}` }));
            expect(compactLedger(many, 4).map(e => e.nonce)).to.deep.equal(['n0', 'n7', 'n8', 'n9']);
            expect(compactLedger(many.slice(0, 3), 4)).to.have.length(3);
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

    describe('texts', () => {
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
        it('plain reasons for errno codes', () => {
            expect(plainFsReason(Object.assign(new Error('x'), { code: 'EROFS' }), 'Writing')).to.equal('Writing failed: the file system is read-only (EROFS).');
            expect(plainFsReason(Object.assign(new Error('x'), { code: 'ENOSPC' }), 'Writing')).to.include('disk is full');
        });
    });
});
