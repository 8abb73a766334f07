import { expect } from 'chai';
import { restartSummary } from '../../../../src/browser/connection/recovery/restart-summary';
import { BackendInstance } from '../../../../src/common/connection/heartbeat-protocol';
import { PreviousInstance, restartSentence } from '../../../../src/common/lifecycle/lifecycle-protocol';
import { PersistenceReport } from '../../../../src/common/persistence/persistence-protocol';
import { makeStep } from '../../../../src/node/persistence/persistence-verdicts';

const B: BackendInstance = { id: 'bbbbbbbb-0000-0000-0000-000000000000', startedAt: '2026-11-23T14:02:11.000Z', hostname: 'pod-b', version: '0.1.0' };
const time = (): string => '14:02';
const previous = (cause: PreviousInstance['cause'], detail = ''): PreviousInstance =>
    ({ instanceId: 'aaaaaaaa', stoppedAt: '2026-11-23T14:02:00.000Z', cause, detail });
const report = (survival: 'pass' | 'fail'): PersistenceReport => ({
    formatVersion: 1, path: '/w', resolvedPath: '/w', checkedAt: '2026-11-23T14:02:12.000Z', durationMs: 12, verdict: survival,
    ...(survival === 'fail' ? { firstFailingStep: 'restart-survival' } : {}),
    steps: [makeStep('restart-survival', 1, { verdict: survival, numbers: {}, reason: survival === 'fail' ? 'The workspace storage was replaced at about 14:01.' : 'fine' })],
    ledger: { file: '/w/l', entries: 2, instances: 3, restartsSurvived: 2, since: '2026-01-01T00:00:00.000Z', unreadableLines: 0, ...(survival === 'fail' ? { remembered: { nonce: 'n', found: false } } : {}) },
    instance: { id: B.id, hostname: 'pod-b', startedAt: B.startedAt, source: 'ide' }
});

describe('restartSummary: one notification per restart', () => {
    it('a crash with files that survived: a warning with the host, the cause, reconnected and the verdict; the detail stays in the timeline', () => {
        const s = restartSummary({ instance: B, planned: false, previous: previous('oom-killed', 'limit 4 GiB'), check: { report: report('pass') } }, time);
        expect(s).to.deep.equal({
            severity: 'warn', section: 'connection',
            text: 'The IDE server restarted at 14:02 on pod-b: it ran out of memory. Reconnected; unsaved changes in open editors are kept. '
                + 'Your workspace files survived the restart (survived 2 restarts since 2026-01-01 00:00:00 UTC).'
        });
        expect(restartSentence(previous('oom-killed', 'limit 4 GiB'), time)).to.equal('The IDE server restarted at 14:02: it ran out of memory (limit 4 GiB). Your files survived.');
    });

    it('a first check (no marker from before the restart) does not claim the files survived', () => {
        const first = report('pass');
        first.ledger = { ...first.ledger, entries: 0 };
        const s = restartSummary({ instance: B, planned: false, previous: previous('crash'), check: { report: first } }, time);
        expect(s.text).to.match(/the process died without stopping properly\. Reconnected; .* Persistence check passed; survival is proven from the next restart on\.$/);
        expect(s.severity).to.equal('warn');
    });

    it('a check that warns or fails at a step names the step by its title, shortly (the steps are in the view)', () => {
        const warned: PersistenceReport = {
            ...report('pass'), verdict: 'warn', firstFailingStep: 'classification',
            steps: [makeStep('classification', 1, { verdict: 'warn', numbers: {}, reason: 'node-local disk /work (ext4 from /dev/vda)' }), ...report('pass').steps]
        };
        warned.ledger = { ...warned.ledger, entries: 0 };
        const s = restartSummary({ instance: B, planned: true, previous: previous('planned-stop'), check: { report: warned } }, time);
        expect(s).to.include({ severity: 'warn', section: 'persistence' });
        expect(s.text).to.match(/Reconnected; unsaved changes in open editors are kept\. Persistence check: warning at "Storage classification"\.$/);
        const survivedButWarned = restartSummary({ instance: B, planned: true, previous: previous('planned-stop'), check: { report: { ...warned, ledger: report('pass').ledger } } }, time);
        expect(survivedButWarned.text).to.match(/kept\. Your workspace files survived the restart \(survived 2 restarts since .*\)\. Persistence check: warning at "Storage classification"\.$/);
    });

    it('a planned stop is information; the bench and spec pattern still matches', () => {
        const s = restartSummary({ instance: B, planned: true, previous: previous('planned-stop'), check: { report: report('pass') } }, time);
        expect(s.severity).to.equal('info');
        expect(s.text).to.match(/The IDE server restarted.*: it was stopped on purpose \(SIGTERM.*\)\. Reconnected; .* Your workspace files survived the restart \(survived 2 restarts since .*\)\.$/);
        // the route's cause alone makes it planned (no stopping notice reached this tab)
        expect(restartSummary({ instance: B, planned: false, previous: previous('idle-stop') }, time).severity).to.equal('info');
    });

    it('a new empty disk: the check\'s failure makes it an error that opens the Persistence section', () => {
        const s = restartSummary({ instance: B, planned: false, check: { report: report('fail') } }, time);
        expect(s.severity).to.equal('error');
        expect(s.section).to.equal('persistence');
        expect(s.text).to.equal('The IDE server restarted on pod-b (new instance started 14:02). Reconnected; unsaved changes in open editors are kept. '
            + 'The workspace storage was replaced at about 14:01.');
    });

    it('a check that could not run says why; a check still running says where its result goes; no check: the cause\'s clause', () => {
        const failed = restartSummary({ instance: B, planned: true, previous: previous('planned-stop'), check: { failure: 'the directory "../x" is outside the workspace' } }, time);
        expect(failed.severity).to.equal('error');
        expect(failed.text).to.match(/ The persistence check could not run: the directory "\.\.\/x" is outside the workspace\.$/);
        const pending = restartSummary({ instance: B, planned: false, previous: previous('crash'), check: 'pending' }, time);
        expect(pending.severity).to.equal('warn');
        expect(pending.section).to.equal('connection');
        expect(pending.text).to.match(/the process died without stopping properly\. Reconnected; .* The persistence check is still running; its result will be in Session Health\.$/);
        expect(restartSummary({ instance: B, planned: false, previous: previous('crash') }, time).text).to.match(/ Your files survived\.$/);
        // no workspace folder open: nothing was checked, nothing failed
        expect(restartSummary({ instance: B, planned: false, previous: previous('crash'), check: {} }, time)).to.include({ severity: 'warn', section: 'connection' });
        const replaced = restartSummary({ instance: B, planned: false, previous: previous('storage-replaced') }, time);
        expect(replaced.severity).to.equal('warn');
        expect(replaced.text).to.match(/ Check your files; restore lost ones from git or backups\.$/);
    });

    it('no cause known and no host: still one plain sentence group', () => {
        const s = restartSummary({ instance: { ...B, hostname: '' }, planned: false }, time);
        expect(s).to.deep.equal({ severity: 'warn', section: 'connection', text: 'The IDE server restarted (new instance started 14:02). Reconnected; unsaved changes in open editors are kept.' });
    });
});
