// `session-health check-persistence`: usage errors (exit 3) and exit codes 0 pass, 1 warn, 2 fail on local temp dirs.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { command, CHECK_PERSISTENCE_EXIT_CODES } from '../../../src/node/cli/commands/check-persistence';
import { UsageError } from '../../../src/node/cli/cli-command';
import { PersistenceReport } from '../../../src/common/persistence/persistence-protocol';

async function run(args: string[]): Promise<{ code: number; out: string }> {
    let out = '';
    const code = await command.run(args, { out: t => out += t, err: t => out += t });
    return { code, out };
}

describe('persistence: check-persistence CLI', function () {
    this.timeout(20000);
    let dir: string;
    const savedEnv = process.env.SESSION_HEALTH_WORKSPACE_STORAGE;

    beforeEach(() => dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-cli-persistence-')));
    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        if (savedEnv === undefined) {
            delete process.env.SESSION_HEALTH_WORKSPACE_STORAGE;
        } else {
            process.env.SESSION_HEALTH_WORKSPACE_STORAGE = savedEnv;
        }
    });

    it('usage errors are UsageErrors with exit code 3', async () => {
        expect([command.name, command.usageExitCode]).to.deep.equal(['check-persistence', 3]);
        expect(CHECK_PERSISTENCE_EXIT_CODES).to.deep.equal({ pass: 0, warn: 1, fail: 2 });
        for (const args of [[], ['/a', '/b'], ['/a', '--bogus'], ['/a', '--min-free-percent', 'x'], ['/a', '--min-free-mb', '-1'], ['/a', '--directory', '/etc'], ['/a', '--remembered-marker', 'a b']]) {
            let error: unknown;
            await run(args).catch(e => error = e);
            expect(error, JSON.stringify(args)).to.be.instanceOf(UsageError);
        }
    });

    it('exit 0 on pass (declared persistent), 1 on warn (space threshold), 2 on fail (missing path, replaced storage)', async () => {
        process.env.SESSION_HEALTH_WORKSPACE_STORAGE = 'persistent';
        const pass = await run([dir, '--json', '--no-kubernetes', '--min-free-mb', '0', '--min-free-percent', '0']);
        const report = JSON.parse(pass.out) as PersistenceReport;
        expect([pass.code, report.verdict], pass.out).to.deep.equal([0, 'pass']);
        const warn = await run([dir, '--json', '--no-kubernetes', '--min-free-mb', '1000000000']);
        expect([warn.code, (JSON.parse(warn.out) as PersistenceReport).firstFailingStep]).to.deep.equal([1, 'space']);
        const replaced = await run([dir, '--no-kubernetes', '--min-free-mb', '0', '--remembered-marker', 'not-on-disk']);
        expect(replaced.code).to.equal(2);
        expect(replaced.out).to.include('The workspace storage was replaced at about');
        const missing = await run([path.join(dir, 'nope'), '--no-kubernetes']);
        expect(missing.code).to.equal(2);
        expect(missing.out).to.include('FAIL: first failing step "Storage classification"');
        // The text report has one line per step.
        const text = await run([dir, '--no-kubernetes', '--min-free-mb', '0']);
        for (const title of ['Storage classification', 'Write probe', 'Free space', 'Permissions', 'Restart survival']) {
            expect(text.out).to.include(`] ${title} (`);
        }
    });
});
