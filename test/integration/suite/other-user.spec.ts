// The suite runs code as another user (the CLI as uid 65534) wherever root cloned the repository. Here the checkout
// is put where a 0700 home would put it (a bind mount of this checkout inside a folder of mode 0700), and the helper
// that the tests use must still get the CLI to that user; without the helper the same run fails, as it did in CI
// ("Cannot find module").
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { firstUntraversable, ReachableCheckout, RunResult, runNodeAs } from '../../helpers/other-user';
import { REPO_ROOT } from '../../helpers/paths';
import { skipOrFail } from '../../helpers/requirements';
import { MountSet, mountSkipReason } from '../../helpers/storage-mounts';

const CLI_RELATIVE = path.join('lib', 'node', 'cli', 'session-health.js');
const NOBODY = 65534;

function mounted(target: string): boolean {
    return fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').some(line => line.split(' ')[4] === target);
}

describe('suite: code run as another user from a checkout under a 0700 folder', function () {
    this.timeout(60000);
    const mounts = new MountSet();
    let home: string;
    let checkout: string;

    before(function () {
        const skip = mountSkipReason();
        if (skip) {
            skipOrFail(this, skip);
        }
        home = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-home-'));
        fs.chmodSync(home, 0o700);
        checkout = mounts.bind(REPO_ROOT, path.join(home, 'theia-session-health'));
    });
    after(() => {
        const problems = mounts.unmountAll();
        if (home) {
            fs.rmSync(home, { recursive: true, force: true });
        }
        expect(problems).to.deep.equal([]);
    });

    it('the closed folder is found, and without the helper uid 65534 cannot load the CLI', async () => {
        expect(firstUntraversable(path.join(checkout, CLI_RELATIVE))).to.equal(home);
        const result = await runNodeAs(NOBODY, path.join(checkout, CLI_RELATIVE), ['--version']);
        expect(result.code).to.not.equal(0);
        expect(result.stderr).to.match(/Cannot find module|EACCES|permission denied/i);
    });

    it('through ReachableCheckout uid 65534 runs the CLI (a real storage classification), and release() leaves nothing', async () => {
        const reachable = new ReachableCheckout(checkout);
        let unmountProblems: string[];
        let result: RunResult;
        try {
            expect(reachable.root).to.not.equal(checkout);
            expect(firstUntraversable(reachable.resolve(CLI_RELATIVE))).to.equal(undefined);
            result = await runNodeAs(NOBODY, reachable.resolve(CLI_RELATIVE), ['storage', os.tmpdir(), '--json']);
        } finally {
            unmountProblems = reachable.release();
        }
        expect(unmountProblems).to.deep.equal([]);
        expect(result.stderr).to.not.match(/Cannot find module/);
        expect([0, 1, 3], result.stderr).to.include(result.code);
        const parsed = JSON.parse(result.stdout) as { path?: string };
        expect(JSON.stringify(parsed)).to.include(os.tmpdir());
        expect(mounted(reachable.root), `${reachable.root} still mounted`).to.equal(false);
        expect(fs.existsSync(path.dirname(reachable.root)), 'the mount folder is left behind').to.equal(false);
    });

    it('a checkout whose own folders are closed gets a message naming the folder and the permission', () => {
        const lib = path.join(home, 'closed-checkout', 'lib');
        fs.mkdirSync(lib, { recursive: true });
        fs.chmodSync(lib, 0o700);
        const mountFolders = () => fs.readdirSync(os.tmpdir()).filter(n => n.startsWith('sh-checkout-'));
        const before = mountFolders();
        expect(() => new ReachableCheckout(path.join(home, 'closed-checkout'))).to.throw(/closed-checkout\/lib .*not traversable by other users, mode 700/);
        expect(mountFolders(), 'a mount folder was left behind').to.deep.equal(before);
    });
});
