// Workspace content is untrusted: on real kernel mounts (root only), a ledger committed to a repository and copied
// in by a clone proves nothing; the check directory is kept out of git; a FIFO, a symlink or a hard link planted
// at one of the check's files neither hangs the check nor gets written through; a lock left by a PID that was reused
// (container restart) or by another boot does not hold the check up.
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { useMountBase } from '../../helpers/mount-base';
import { checkHere, listTree, step } from '../../helpers/persistence-fixtures';
import { PersistenceReport, RememberedMarker } from '../../../src/common/persistence/persistence-protocol';
import { processStartTime } from '../../../src/node/persistence/lock-owner';

const CHECK_DIR = path.join('.theia', 'session-health');
const markerOf = (r: PersistenceReport): RememberedMarker => ({ nonce: r.ledger.marker!.nonce, time: r.ledger.marker!.time });

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
    const start = Date.now();
    const value = await fn();
    return [value, Date.now() - start];
}

describe('persistence: untrusted workspace content', function () {
    this.timeout(60000);
    const fixture = useMountBase('sh-persistence-content-');
    const mounts = fixture.mounts;

    it('a ledger copied in by a clone (with its identity file) does not count: no "survived N restarts", remembered marker not found', async () => {
        const original = mounts.tmpfs(path.join(fixture.base, 'original'), '16m');
        let last: PersistenceReport | undefined;
        for (const instance of ['a', 'b', 'c']) {
            last = await checkHere({ path: original }, `instance-${instance}`);
        }
        expect([last!.verdict, last!.ledger.restartsSurvived]).to.deep.equal(['pass', 2]);
        // The repository committed .theia/session-health; a fresh workspace (new storage) gets it by `git clone`.
        const fresh = mounts.tmpfs(path.join(fixture.base, 'fresh'), '16m');
        fs.mkdirSync(path.join(fresh, '.theia'));
        execFileSync('cp', ['-r', path.join(original, CHECK_DIR), path.join(fresh, CHECK_DIR)]);
        const copied = await checkHere({ path: fresh, rememberedMarker: markerOf(last!) }, 'instance-d');
        const survival = step(copied, 'restart-survival');
        expect([copied.verdict, copied.firstFailingStep]).to.deep.equal(['fail', 'restart-survival']);
        expect(survival.reason).to.match(/^The workspace storage was replaced at about /);
        expect(survival.reason).to.include('3 markers not written in this check directory');
        expect(survival.numbers).to.include({ ignoredMarkers: 3, entries: 0, restartsSurvived: 0 });
        expect(copied.ledger).to.include({ entries: 0, instances: 1, restartsSurvived: 0 });
        expect(copied.ledger.remembered).to.include({ found: false });
        // Without a remembered marker: a first run, never "survived".
        const again = await checkHere({ path: path.join(fixture.base, 'fresh') }, 'instance-e');
        expect(step(again, 'restart-survival').reason).to.include('survived 1 restart');
        expect(again.ledger).to.include({ entries: 1, restartsSurvived: 1 });
        // The original keeps its own history.
        const back = await checkHere({ path: original }, 'instance-f');
        expect(back.ledger).to.include({ restartsSurvived: 3, entries: 3 });
    });

    it('a ledger committed without an identity file (legacy or hand-made) is ignored: first run', async () => {
        const ws = mounts.tmpfs(path.join(fixture.base, 'legacy'), '16m');
        fs.mkdirSync(path.join(ws, CHECK_DIR), { recursive: true });
        const line = (i: number) => JSON.stringify({ instanceId: `old-${i}`, hostname: 'h', instanceStartedAt: '2026-01-01T00:00:00.000Z', time: `2026-01-0${i}T00:00:00.000Z`, nonce: `n-${i}`, source: 'ide' }) + '\n';
        fs.writeFileSync(path.join(ws, CHECK_DIR, 'markers.jsonl'), line(1) + line(2) + line(3));
        const report = await checkHere({ path: ws, rememberedMarker: { nonce: 'n-3' } });
        expect(step(report, 'restart-survival').reason).to.match(/^The workspace storage was replaced at about /);
        expect(report.ledger).to.include({ entries: 0, restartsSurvived: 0 });
        const next = await checkHere({ path: ws });
        expect(step(next, 'restart-survival').reason).to.include('no backend restart yet (1 earlier marker present)');
    });

    it('a ledger that grew here before identities existed (0.1.0) is adopted once, so the upgrade does not look like lost storage', async () => {
        const ws = mounts.tmpfs(path.join(fixture.base, 'upgrade'), '16m');
        fs.mkdirSync(path.join(ws, CHECK_DIR), { recursive: true, mode: 0o700 });
        const ledger = path.join(ws, CHECK_DIR, 'markers.jsonl');
        // As 0.1.0 wrote it: each marker appended when it was made (no checkId, no identity file).
        for (const i of [1, 2]) {
            const time = new Date().toISOString();
            fs.appendFileSync(ledger, JSON.stringify({ instanceId: `v010-${i}`, hostname: 'h', instanceStartedAt: time, time, nonce: `legacy-${i}`, source: 'ide' }) + '\n');
            await new Promise(resolve => setTimeout(resolve, 20));
        }
        const report = await checkHere({ path: ws, rememberedMarker: { nonce: 'legacy-2' } }, 'after-upgrade');
        expect(report.verdict, JSON.stringify(report.steps, undefined, 1)).to.equal('pass');
        expect(report.ledger).to.include({ entries: 2, restartsSurvived: 2 });
        expect(report.ledger.remembered).to.include({ found: true });
        // Adopted for good: the markers now carry the directory's identity.
        const lines = fs.readFileSync(ledger, 'utf8').trim().split('\n').map(l => JSON.parse(l));
        expect(new Set(lines.map(l => l.checkId)).size).to.equal(1);
        expect((await checkHere({ path: ws }, 'later')).ledger).to.include({ entries: 3, restartsSurvived: 3 });
    });

    it('the check directory it creates carries a .gitignore with "*": git status shows nothing of it', async () => {
        const ws = mounts.tmpfs(path.join(fixture.base, 'git'), '16m');
        execFileSync('git', ['init', '-q', ws]);
        const report = await checkHere({ path: ws });
        expect(report.verdict).to.equal('pass');
        expect(fs.readFileSync(path.join(ws, CHECK_DIR, '.gitignore'), 'utf8')).to.equal('*\n');
        expect(execFileSync('git', ['-C', ws, 'status', '--porcelain', '--untracked-files=all'], { encoding: 'utf8' })).to.equal('');
    });

    it('a FIFO planted as the lock does not hang the check: write probe refused at once, nothing changes', async () => {
        const ws = mounts.tmpfs(path.join(fixture.base, 'fifo-lock'), '16m');
        expect((await checkHere({ path: ws })).verdict).to.equal('pass');
        execFileSync('mkfifo', [path.join(ws, CHECK_DIR, 'check.lock')]);
        const before = listTree(ws);
        const [report, ms] = await timed(() => checkHere({ path: ws }));
        expect(ms).to.be.below(5000);
        expect(report.firstFailingStep).to.equal('write-probe');
        expect(step(report, 'write-probe').reason).to.include('check.lock is not a regular file (a FIFO)');
        expect(listTree(ws)).to.deep.equal(before);
    });

    it('a FIFO planted as the ledger or the identity file does not hang the check', async () => {
        const ws = mounts.tmpfs(path.join(fixture.base, 'fifo-ledger'), '16m');
        fs.mkdirSync(path.join(ws, CHECK_DIR), { recursive: true });
        execFileSync('mkfifo', [path.join(ws, CHECK_DIR, 'markers.jsonl')]);
        const before = listTree(ws);
        const [report, ms] = await timed(() => checkHere({ path: ws }));
        expect(ms).to.be.below(5000);
        expect(step(report, 'write-probe').verdict).to.equal('pass');
        expect(report.firstFailingStep).to.equal('restart-survival');
        expect(step(report, 'restart-survival').reason).to.include('markers.jsonl is not a regular file (a FIFO)');
        expect(listTree(ws)).to.deep.equal(before);
        // A FIFO as the identity file is not an identity: the check replaces it with a regular file.
        fs.unlinkSync(path.join(ws, CHECK_DIR, 'markers.jsonl'));
        execFileSync('mkfifo', [path.join(ws, CHECK_DIR, 'identity.json')]);
        const [second, ms2] = await timed(() => checkHere({ path: ws }));
        expect(ms2).to.be.below(5000);
        expect(second.verdict, JSON.stringify(second.steps, undefined, 1)).to.equal('pass');
        expect(fs.lstatSync(path.join(ws, CHECK_DIR, 'identity.json')).isFile()).to.equal(true);
    });

    it('a hard link planted as the ledger: refused, the linked file outside is not written', async () => {
        const ws = mounts.tmpfs(path.join(fixture.base, 'hardlink'), '16m');
        fs.mkdirSync(path.join(ws, CHECK_DIR), { recursive: true });
        const victim = path.join(ws, 'precious.txt');
        fs.writeFileSync(victim, 'precious\n');
        fs.linkSync(victim, path.join(ws, CHECK_DIR, 'markers.jsonl'));
        const report = await checkHere({ path: ws });
        expect(report.firstFailingStep).to.equal('restart-survival');
        expect(step(report, 'restart-survival').reason).to.include('hard links');
        expect(fs.readFileSync(victim, 'utf8')).to.equal('precious\n');
    });

    it('a lock whose PID now belongs to another process (container restart), or from another boot, is broken at once', async () => {
        const ws = mounts.tmpfs(path.join(fixture.base, 'reused-pid'), '16m');
        expect((await checkHere({ path: ws })).verdict).to.equal('pass');
        const lockFile = path.join(ws, CHECK_DIR, 'check.lock');
        const bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
        // This process is alive on this host: only its start time tells that it is not the lock's owner.
        const realStart = processStartTime(process.pid)!;
        expect(realStart).to.match(/^\d+$/);
        const plant = (content: object) => fs.writeFileSync(lockFile, JSON.stringify({ pid: process.pid, hostname: os.hostname(), at: new Date().toISOString(), ...content }));
        plant({ bootId, startTime: String(Number(realStart) + 12345) });
        const [reused, ms] = await timed(() => checkHere({ path: ws }));
        expect(ms).to.be.below(5000);
        expect(reused.verdict, JSON.stringify(reused.steps, undefined, 1)).to.equal('pass');
        expect(fs.existsSync(lockFile)).to.equal(false);
        plant({ bootId: '00000000-0000-0000-0000-000000000000', startTime: realStart });
        const [otherBoot, ms2] = await timed(() => checkHere({ path: ws }));
        expect(ms2).to.be.below(5000);
        expect(otherBoot.verdict).to.equal('pass');
        expect(fs.readdirSync(path.join(ws, CHECK_DIR)).filter(n => n.startsWith('check.lock'))).to.deep.equal([]);
    });
});
