// Prometheus' promtool (Debian package prometheus) for the specs of the rules in deploy/monitoring: run it, require
// it for a suite (skipped, or failed under CI, without it), and a scratch folder for changed copies of the rules.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from './paths';
import { skipOrFail } from './requirements';

export const PROMTOOL = '/usr/bin/promtool';
export const MONITORING = path.join(REPO_ROOT, 'deploy', 'monitoring');

/** promtool's exit code and its output (stdout then stderr). */
export function promtool(args: string[]): { code: number; output: string } {
    try {
        return { code: 0, output: execFileSync(PROMTOOL, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30000 }) };
    } catch (e) {
        const err = e as { status?: number; stdout?: string; stderr?: string };
        return { code: err.status ?? -1, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
    }
}

/** A before hook: the suite needs promtool. Call it inside a `describe`. */
export function requirePromtool(): void {
    before(function () {
        if (!fs.existsSync(PROMTOOL)) {
            skipOrFail(this, `${PROMTOOL} is not installed (Debian package prometheus)`);
        }
    });
}

/** `fn` with a new folder `<os tmp>/<prefix>XXXXXX`, removed afterwards whatever happens. */
export function inTempDir<T>(prefix: string, fn: (dir: string) => T): T {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    try {
        return fn(tmp);
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}
