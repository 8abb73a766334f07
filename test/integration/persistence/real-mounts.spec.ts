// The persistence check on real kernel mounts (root only): read-only (EROFS), full (ENOSPC), not writable
// by the IDE's user (EACCES, run as uid 65534 through the CLI), a planted symlink; each gives the right failed
// step and leaves the directory listing exactly as it was.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { useMountBase } from '../../helpers/mount-base';
import { REPO_ROOT } from '../../helpers/paths';
import { ReachableCheckout, RunResult, runNodeAs } from '../../helpers/other-user';
import { CLI, runCli } from '../../helpers/cli';
import { checkHere, listTree, step } from '../../helpers/persistence-fixtures';
import { PersistenceReport } from '../../../src/common/persistence/persistence-protocol';
import { acquireLockFile } from '../../../src/node/persistence/persistence-lock';

/** The CLI's path inside a checkout (for the other user's reachable copy of this one). */
const CLI_RELATIVE = path.relative(REPO_ROOT, CLI);
const CHECK_ENV = { SESSION_HEALTH_WORKSPACE_STORAGE: 'persistent', KUBERNETES_SERVICE_HOST: '' };

describe('persistence: real mounts', function () {
    this.timeout(60000);
    // Under /tmp (mode 1777), so the unprivileged uid can reach the mounts.
    const fixture = useMountBase('sh-persistence-', 0o755);
    const mounts = fixture.mounts;

    it('passes on a healthy tmpfs declared persistent and leaves only its ledger (with its identity file and .gitignore)', async () => {
        const ws = mounts.tmpfs(path.join(fixture.base, 'healthy'), '16m');
        const report = await checkHere({ path: ws });
        expect(report.verdict, JSON.stringify(report.steps)).to.equal('pass');
        expect(step(report, 'write-probe').numbers).to.include({ bytes: 1048576 });
        const size = (name: string) => fs.statSync(path.join(ws, '.theia/session-health', name)).size;
        expect(listTree(ws)).to.deep.equal(['.theia (dir)', '.theia/session-health (dir)', '.theia/session-health/.gitignore (file 2)',
            `.theia/session-health/identity.json (file ${size('identity.json')})`, `.theia/session-health/markers.jsonl (file ${size('markers.jsonl')})`]);
    });

    it('read-only mount (EROFS), directory already there: write probe fails, nothing changes', async () => {
        const ws = mounts.tmpfs(path.join(fixture.base, 'ro'), '16m');
        expect((await checkHere({ path: ws })).verdict).to.equal('pass');
        mounts.run('mount', ['-o', 'remount,ro', ws]);
        const before = listTree(ws);
        const report = await checkHere({ path: ws });
        expect(report.verdict).to.equal('fail');
        expect(report.firstFailingStep).to.equal('write-probe');
        expect(step(report, 'write-probe').reason).to.include('the file system is read-only (EROFS)');
        expect(step(report, 'write-probe').remediation).to.include('read-write');
        expect(step(report, 'permissions').verdict).to.equal('fail');
        expect(step(report, 'restart-survival')).to.include({ verdict: 'fail' });
        expect(step(report, 'restart-survival').reason).to.include('No marker could be written');
        expect(listTree(ws)).to.deep.equal(before);
    });

    it('read-only mount (EROFS), fresh: the directory cannot be created, nothing is left', async () => {
        const ws = path.join(fixture.base, 'ro-fresh');
        mounts.tmpfs(ws, '4m');
        mounts.run('mount', ['-o', 'remount,ro', ws]);
        const report = await checkHere({ path: ws });
        expect(report.firstFailingStep).to.equal('write-probe');
        expect(step(report, 'write-probe').reason).to.include('(EROFS)');
        expect(listTree(ws)).to.deep.equal([]);
    });

    it('tiny tmpfs that fills up (ENOSPC): write probe and space fail, the probe file is removed', async () => {
        const ws = mounts.tmpfs(path.join(fixture.base, 'full'), '3m');
        const stats = fs.statfsSync(ws);
        const free = Number(stats.bavail) * Number(stats.bsize);
        fs.writeFileSync(path.join(ws, 'filler.bin'), Buffer.alloc(free - 512 * 1024));
        const before = listTree(ws);
        const report = await checkHere({ path: ws });
        expect(report.firstFailingStep, JSON.stringify(report.steps, undefined, 1)).to.equal('write-probe');
        expect(step(report, 'write-probe').reason).to.include('the disk is full (ENOSPC)');
        expect(step(report, 'space').verdict).to.equal('fail');
        expect(step(report, 'space').numbers.freeBytes).to.be.below(1024 * 1024);
        expect(step(report, 'restart-survival').verdict).to.equal('fail');
        expect(listTree(ws)).to.deep.equal(before);
        // With room again, the check passes and warns about the tiny filesystem (under 500 MB free).
        fs.unlinkSync(path.join(ws, 'filler.bin'));
        const again = await checkHere({ path: ws, minFreeMegabytes: 500 });
        expect([again.verdict, again.firstFailingStep]).to.deep.equal(['warn', 'space']);
        expect(step(again, 'space').reason).to.include('under 500 MB free');
    });

    it('a directory the IDE user cannot write (EACCES, CLI as uid 65534): exit 2, nothing left', async () => {
        const ws = mounts.tmpfs(path.join(fixture.base, 'not-mine'), '8m');
        fs.chmodSync(ws, 0o755);
        const before = listTree(ws);
        // The checkout may lie in a folder only root may enter (a 0700 home): uid 65534 reaches it through a bind mount.
        const checkout = new ReachableCheckout(REPO_ROOT);
        let result: RunResult;
        let unmountProblems: string[];
        try {
            result = await runNodeAs(65534, checkout.resolve(CLI_RELATIVE), ['check-persistence', ws, '--json', '--no-kubernetes'], { ...process.env, ...CHECK_ENV });
        } finally {
            unmountProblems = checkout.release();
        }
        expect(unmountProblems).to.deep.equal([]);
        expect(result.code, result.stderr + result.stdout).to.equal(2);
        const report = JSON.parse(result.stdout) as PersistenceReport;
        expect(report.instance.source).to.equal('cli');
        expect(report.firstFailingStep).to.equal('write-probe');
        expect(step(report, 'write-probe').reason).to.include('permission denied (EACCES)');
        expect(step(report, 'permissions')).to.deep.include({ verdict: 'fail' });
        expect(step(report, 'permissions').numbers).to.include({ processUid: 65534, ownerUid: 0, mode: '0755', writable: false });
        expect(listTree(ws)).to.deep.equal(before);
    });

    it('a symlink planted where the probe directory should be: refused, the link target stays untouched', async () => {
        const ws = mounts.tmpfs(path.join(fixture.base, 'link'), '8m');
        const outside = path.join(fixture.base, 'outside');
        fs.mkdirSync(outside);
        fs.mkdirSync(path.join(ws, '.theia'));
        fs.symlinkSync(outside, path.join(ws, '.theia', 'session-health'));
        const before = listTree(ws);
        const report = await checkHere({ path: ws });
        expect(report.firstFailingStep).to.equal('write-probe');
        expect(step(report, 'write-probe').reason).to.include('is a symbolic link');
        expect(step(report, 'restart-survival').verdict).to.equal('fail');
        expect(listTree(ws)).to.deep.equal(before);
        expect(fs.readdirSync(outside)).to.deep.equal([]);

        // .theia itself a link
        fs.rmSync(path.join(ws, '.theia'), { recursive: true });
        fs.symlinkSync(outside, path.join(ws, '.theia'));
        const second = await checkHere({ path: ws });
        expect(step(second, 'write-probe').reason).to.include(`${path.join(ws, '.theia')} is a symbolic link`);
        expect(fs.readdirSync(outside)).to.deep.equal([]);
    });

    it('a symlink planted as the ledger: restart survival fails, the link target is not written', async () => {
        const ws = mounts.tmpfs(path.join(fixture.base, 'ledger-link'), '8m');
        const victim = path.join(fixture.base, 'victim.txt');
        fs.writeFileSync(victim, 'precious\n');
        fs.mkdirSync(path.join(ws, '.theia', 'session-health'), { recursive: true });
        fs.symlinkSync(victim, path.join(ws, '.theia', 'session-health', 'markers.jsonl'));
        const before = listTree(ws);
        const report = await checkHere({ path: ws });
        expect(step(report, 'write-probe').verdict).to.equal('pass');
        expect(report.firstFailingStep).to.equal('restart-survival');
        expect(step(report, 'restart-survival').reason).to.include('is a symbolic link');
        expect(fs.readFileSync(victim, 'utf8')).to.equal('precious\n');
        expect(listTree(ws)).to.deep.equal(before);
    });

    it('a missing path is a failed classification step, nothing is created', async () => {
        const missing = path.join(fixture.base, 'does-not-exist');
        const report = await checkHere({ path: missing });
        expect(report.firstFailingStep).to.equal('classification');
        expect(step(report, 'classification').reason).to.include('the path does not exist (ENOENT)');
        expect(step(report, 'write-probe').verdict).to.equal('skipped');
        expect(fs.existsSync(missing)).to.equal(false);
    });

    it('two checks at once are serialized: ten in-process checks give ten intact ledger lines, no probe left', async () => {
        const ws = mounts.tmpfs(path.join(fixture.base, 'concurrent'), '32m');
        const reports = await Promise.all(Array.from({ length: 10 }, (_, i) => checkHere({ path: ws }, `instance-${i}`)));
        expect(reports.map(r => r.verdict)).to.deep.equal(Array(10).fill('pass'));
        const lines = fs.readFileSync(path.join(ws, '.theia/session-health/markers.jsonl'), 'utf8').trim().split('\n');
        expect(lines.map(l => JSON.parse(l).instanceId).sort()).to.deep.equal(reports.map((_, i) => `instance-${i}`).sort());
        // Serialized: each saw all markers written before it, so the entry counts are 0..9.
        expect(reports.map(r => r.ledger.entries).sort((a, b) => a - b)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(listTree(ws).filter(l => l.includes('probe-'))).to.deep.equal([]);
    });

    it('a CLI check waits for the lock held by another check (cross-process), then passes', async () => {
        const ws = mounts.tmpfs(path.join(fixture.base, 'locked'), '16m');
        // strictatime: every read of the lock file moves its atime, so the test sees when the CLI first looks at the lock
        // (however long the CLI takes to start on a loaded machine) instead of guessing a start-up time.
        mounts.run('mount', ['-o', 'remount,strictatime', ws]);
        expect((await checkHere({ path: ws })).verdict).to.equal('pass');
        const dir = path.join(ws, '.theia', 'session-health');
        const lock = await acquireLockFile(dir, 'check.lock', 1000);
        const lockFile = path.join(dir, 'check.lock');
        const atime = () => fs.statSync(lockFile, { bigint: true }).atimeNs;
        const untouched = atime();
        const cli = runCli(['check-persistence', ws, '--json', '--no-kubernetes', '--min-free-mb', '1'], CHECK_ENV);
        let finished = false;
        cli.then(() => finished = true, () => finished = true);
        const deadline = Date.now() + 30000;
        while (atime() === untouched && !finished && Date.now() < deadline) {
            await new Promise(resolve => setTimeout(resolve, 10));
        }
        expect(finished, 'the CLI check ran while another check held the lock').to.equal(false);
        expect(atime(), 'the CLI did not look at the lock within 30 s').to.not.equal(untouched);
        const waiting = Date.now();
        // The CLI is waiting for the lock now; it must keep waiting while the lock is held.
        await new Promise(resolve => setTimeout(resolve, 1000));
        expect(finished, 'the CLI check ran while another check held the lock').to.equal(false);
        await lock.release();
        const result = await cli;
        expect(result.code, result.err).to.equal(0);
        const report = JSON.parse(result.out) as PersistenceReport;
        expect(step(report, 'write-probe').numbers.lockWaitMs).to.be.at.least(1000);
        expect(Date.now() - waiting).to.be.at.least(1000);
        expect(fs.existsSync(path.join(dir, 'check.lock'))).to.equal(false);
    });
});
