// What a test needs from the machine (a tool, root, Linux). Under CI=true a missing requirement FAILS the test
// with a message naming it; only outside CI (a developer's laptop) does the test skip, and it says why.
import * as fs from 'fs';
import * as path from 'path';

export const IS_CI = /^(1|true|yes)$/i.test(process.env.CI ?? '');

/**
 * Call from a hook or test when `reason` (e.g. "kubectl is not installed") stops it from running.
 * CI: throws an Error naming the reason (the hook or test fails). Elsewhere: logs the reason and skips.
 */
export function skipOrFail(ctx: Mocha.Context, reason: string): never {
    if (IS_CI) {
        throw new Error(`CI=true: this test cannot run because ${reason}. Under CI a missing tool or privilege is a failure, `
            + 'never a skip: run scripts/setup.sh as root on Debian 12 (it installs every tool the tests need).');
    }
    console.log(`      (skipped: ${reason})`);
    ctx.skip();
    throw new Error('unreachable: this.skip() returned');
}

/** Finds an executable on PATH (or the absolute path given); undefined when there is none. */
export function findExecutable(name: string): string | undefined {
    const candidates = name.includes('/') ? [name] : (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map(d => path.join(d, name));
    return candidates.find(c => {
        try {
            fs.accessSync(c, fs.constants.X_OK);
            return fs.statSync(c).isFile();
        } catch {
            return false;
        }
    });
}
