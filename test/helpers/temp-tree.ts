// Temp source trees for the checks in scripts/: a folder made before each test and removed after it, files
// written into it, and a script run on it as `npm run lint` runs it.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from './paths';

export interface TempTree {
    /** The current test's folder. */
    readonly dir: string;
    /** Writes `text` to `file` (relative to `dir`), making its folders. */
    write(file: string, text: string): void;
}

/** Registers beforeEach/afterEach hooks; call it inside a `describe`. */
export function useTempTree(prefix: string): TempTree {
    let dir = '';
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    return {
        get dir(): string {
            return dir;
        },
        write(file: string, text: string): void {
            fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
            fs.writeFileSync(path.join(dir, file), text);
        }
    };
}

/** `node -r ts-node/register/transpile-only scripts/<script> <arg>` from the repository root. */
export function runScript(script: string, arg: string): { status: number | null; stderr: string; stdout: string } {
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(REPO_ROOT, 'scripts', script), arg],
        { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60000 });
    return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}
