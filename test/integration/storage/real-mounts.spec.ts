// The storage classifier on the REAL kernel: real tmpfs, overlay, loop ext4 and bind mounts, classified
// through classifyPath() and through the `session-health storage` command line. Needs root.
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { classifyPath } from '../../../src/node/storage/classify-path';
import { StorageClassification } from '../../../src/common/storage/storage-protocol';
import { REPO_ROOT, TEST_TMP } from '../../helpers/paths';
import { mountSkipReason, MountSet } from '../../helpers/storage-mounts';
import { skipOrFail } from '../../helpers/requirements';

// the shipped binary (package.json "bin", built by `npm test` before mocha)
const CLI = path.join(REPO_ROOT, 'lib', 'node', 'cli', 'session-health.js');

function cli(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [CLI, ...args], {
        cwd: REPO_ROOT, encoding: 'utf8', timeout: 30000,
        env: { ...process.env, KUBERNETES_SERVICE_HOST: '', ...env }
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What the plain directory must be, derived independently from findmnt(8). */
function expectedForPlainDir(dir: string): { verdict: string; kind: string; mountPoint: string } {
    const [target, fstype, source] = execFileSync('findmnt', ['-n', '-o', 'TARGET,FSTYPE,SOURCE', '-T', dir], { encoding: 'utf8' }).trim().split(/\s+/);
    if (fstype === 'overlay') {
        return { verdict: 'ephemeral', kind: 'container-overlay', mountPoint: target };
    }
    if (fstype === 'tmpfs') {
        return { verdict: 'ephemeral', kind: 'tmpfs', mountPoint: target };
    }
    if (target === '/' && (source ?? '').startsWith('/dev/')) {
        return { verdict: 'node-local', kind: 'host-path', mountPoint: target };
    }
    return { verdict: 'persistent', kind: 'block-volume', mountPoint: target };
}

describe('storage: real mounts on the kernel (root)', function () {
    this.timeout(60000);
    const mounts = new MountSet();
    const base = path.join(TEST_TMP, `storage-${process.pid}-${Date.now()}`);
    const uid = '3c1f9a2b-7d4e-4f50-8a6b-9c0d1e2f3a4b';
    const claim = 'pvc-5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
    const p = {
        tmpfs: path.join(base, 'tmpfs'),
        overlay: path.join(base, 'overlay'),
        loop: path.join(base, 'loop'),
        emptyDir: path.join(base, 'emptydir-ws'),
        csi: path.join(base, 'csi-ws'),
        plain: path.join(base, 'plain'),
        nested: path.join(base, 'loop', 'nested-tmp'),
        odd: path.join(base, 'with space\tand\nnewline\\x'),
        link: path.join(base, 'link-to-tmpfs')
    };

    before(function () {
        const reason = mountSkipReason();
        if (reason) {
            skipOrFail(this, reason);
        }
        fs.mkdirSync(base, { recursive: true });
        mounts.tmpfs(p.tmpfs);
        mounts.overlay(p.overlay, path.join(base, 'overlay-backing'));
        mounts.ext4Loop(path.join(base, 'disk.img'), p.loop);
        mounts.bind(path.join(base, 'node', 'var', 'lib', 'kubelet', 'pods', uid, 'volumes', 'kubernetes.io~empty-dir', 'workspace'), p.emptyDir);
        mounts.bind(path.join(p.loop, 'var', 'lib', 'kubelet', 'pods', uid, 'volumes', 'kubernetes.io~csi', claim, 'mount'), p.csi);
        mounts.tmpfs(p.nested);
        mounts.tmpfs(p.odd);
        fs.mkdirSync(p.plain, { recursive: true });
        fs.mkdirSync(path.join(p.tmpfs, 'ws'));
        fs.symlinkSync(path.join(p.tmpfs, 'ws'), p.link);
    });

    after(() => {
        const problems = mounts.unmountAll();
        fs.rmSync(base, { recursive: true, force: true });
        expect(problems, 'unmount problems').to.deep.equal([]);
    });

    const noK8s = { kubernetes: false as const, env: {} };

    const cases: [keyof typeof p, string, string, number, string?][] = [
        ['tmpfs', 'ephemeral', 'tmpfs', 1, '0x1021994'],
        ['overlay', 'ephemeral', 'container-overlay', 1, '0x794c7630'],
        ['loop', 'persistent', 'block-volume', 0, '0xef53'],
        ['emptyDir', 'ephemeral', 'empty-dir', 1],
        ['csi', 'persistent', 'csi-volume', 0, '0xef53'],
        ['nested', 'ephemeral', 'tmpfs', 1, '0x1021994'],
        ['odd', 'ephemeral', 'tmpfs', 1, '0x1021994']
    ];

    for (const [name, verdict, kind, exitCode, magic] of cases) {
        it(`${name}: ${verdict} (${kind}) via classifyPath and via the CLI (exit ${exitCode})`, async () => {
            const r = await classifyPath(p[name], noK8s);
            expect([r.verdict, r.kind, r.decidedBy]).to.deep.equal([verdict, kind, 'mountinfo']);
            expect(r.evidence.mountPoint).to.equal(p[name]);
            expect(r.evidence.mountInfoLine).to.be.a('string');
            if (magic) {
                expect(r.evidence.statfsMagic).to.equal(magic);
            }
            const out = cli(['storage', p[name], '--json', '--no-kubernetes']);
            expect(out.code, out.stderr).to.equal(exitCode);
            const json = JSON.parse(out.stdout) as StorageClassification;
            expect([json.verdict, json.kind, json.evidence.mountPoint, json.decidedBy]).to.deep.equal([verdict, kind, p[name], 'mountinfo']);
            expect(json.evidence.reason).to.equal(r.evidence.reason);
        });
    }

    it('a file deep inside the loop image (outside the nested tmpfs) is still on the block volume', async () => {
        fs.mkdirSync(path.join(p.loop, 'proj', 'src'), { recursive: true });
        const r = await classifyPath(path.join(p.loop, 'proj', 'src'), noK8s);
        expect([r.verdict, r.kind, r.evidence.mountPoint, r.evidence.fsType]).to.deep.equal(['persistent', 'block-volume', p.loop, 'ext4']);
        expect(r.evidence.source).to.match(/^\/dev\/loop\d+$/);
    });

    it('the emptyDir bind shows its kubelet directory as the mount root', async () => {
        const r = await classifyPath(p.emptyDir, noK8s);
        expect(r.evidence.mountRoot).to.match(/\/volumes\/kubernetes\.io~empty-dir\/workspace$/);
        expect(r.evidence.reason).to.match(/emptyDir volume \(workspace\)/);
    });

    it('a plain directory on the root disk gets the verdict of the filesystem findmnt reports', async () => {
        const expected = expectedForPlainDir(p.plain);
        const r = await classifyPath(p.plain, noK8s);
        expect([r.verdict, r.kind, r.evidence.mountPoint]).to.deep.equal([expected.verdict, expected.kind, expected.mountPoint]);
        const out = cli(['storage', p.plain, '--json', '--no-kubernetes']);
        expect(out.code).to.equal(expected.verdict === 'persistent' ? 0 : 1);
        expect((JSON.parse(out.stdout) as StorageClassification).verdict).to.equal(expected.verdict);
    });

    it('a symlinked workspace is classified where it points', async () => {
        const r = await classifyPath(p.link, noK8s);
        expect([r.verdict, r.kind, r.resolvedPath, r.path]).to.deep.equal(['ephemeral', 'tmpfs', path.join(p.tmpfs, 'ws'), p.link]);
    });

    it('the admin env declaration makes the plain directory persistent (CLI exit 0)', () => {
        const out = cli(['storage', p.plain, '--json', '--no-kubernetes'], { SESSION_HEALTH_WORKSPACE_STORAGE: 'persistent' });
        expect(out.code).to.equal(0);
        const json = JSON.parse(out.stdout) as StorageClassification;
        expect([json.verdict, json.decidedBy]).to.deep.equal(['persistent', 'admin']);
        const tmp = cli(['storage', p.tmpfs, '--no-kubernetes'], { SESSION_HEALTH_WORKSPACE_STORAGE: 'sometimes' });
        expect(tmp.code).to.equal(1);
        expect(tmp.stdout).to.match(/ephemeral \(tmpfs\)/).and.to.include('SESSION_HEALTH_WORKSPACE_STORAGE="sometimes" ignored');
    });

    it('the CLI: text output, a missing path (exit 3) and usage errors (exit 2)', function (): void {
        // Six CLI processes, each compiling its TypeScript with ts-node: ~2.5 s of CPU each, 13 s under a load of 19 on 2 cores.
        this.timeout(6 * 30000);
        const text = cli(['storage', p.loop, '--no-kubernetes']);
        expect(text.code).to.equal(0);
        expect(text.stdout).to.match(/: persistent \(block-volume\)\nReason: Its own block device/);
        const missing = cli(['storage', path.join(base, 'does-not-exist'), '--json']);
        expect(missing.code).to.equal(3);
        expect((JSON.parse(missing.stdout) as StorageClassification).evidence.reason).to.match(/does not exist/);
        for (const args of [['storage'], ['storage', 'a', 'b'], ['storage', '--bogus', p.loop]]) {
            const bad = cli(args);
            expect(bad.code, args.join(' ')).to.equal(2);
            expect(bad.stderr).to.include('Usage: session-health storage');
            expect(bad.stderr).to.not.match(/\n\s+at /);
        }
    });
});
