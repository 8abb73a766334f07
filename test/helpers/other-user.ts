// Runs this checkout's code as another (unprivileged) user, wherever root cloned it. A clone inside a folder only root
// may enter (mode 0700: root's home on Debian, a `mktemp -d` folder) is unreachable for that user, so the checkout is
// bind-mounted onto a fresh folder under the system's temporary directory first: the kernel then checks only the
// path the user actually walks (the temporary folder and the checkout's own tree).
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MountSet } from './storage-mounts';

export interface RunResult {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** The first folder on the way to `target` (itself included, when a folder) that others cannot enter, or undefined. */
export function firstUntraversable(target: string): string | undefined {
    let current = path.resolve(target);
    const chain: string[] = [];
    for (;;) {
        chain.unshift(current);
        const parent = path.dirname(current);
        if (parent === current) {
            break;
        }
        current = parent;
    }
    return chain.find(entry => {
        const stat = fs.statSync(entry);
        return stat.isDirectory() && (stat.mode & 0o001) === 0;
    });
}

/**
 * The checkout at `checkout`, reachable by every user: the checkout itself when every folder on its path may be
 * entered by others, else a bind mount of it under os.tmpdir(). `release()` undoes the mount and its folder.
 */
export class ReachableCheckout {
    protected readonly mounts = new MountSet();
    protected mountDir: string | undefined;
    readonly root: string;

    constructor(readonly checkout: string) {
        if (firstUntraversable(path.join(checkout, 'lib')) === undefined) {
            this.root = checkout;
            return;
        }
        const closedTmp = firstUntraversable(os.tmpdir());
        if (closedTmp !== undefined) {
            throw new Error(`other-user: the temporary directory's path is closed to other users at ${closedTmp} (the checkout is `
                + `bind-mounted under ${os.tmpdir()}): give it the x permission for others, or set TMPDIR to a folder that has it`);
        }
        this.mountDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-checkout-'));
        fs.chmodSync(this.mountDir, 0o755);
        this.root = path.join(this.mountDir, 'checkout');
        try {
            this.mounts.bind(checkout, this.root);
        } catch (e) {
            fs.rmSync(this.mountDir, { recursive: true, force: true });
            throw new Error(`other-user: the checkout ${checkout} is closed to other users on its way, and bind-mounting it onto `
                + `${this.root} failed (root and mount(8) are needed): ${e instanceof Error ? e.message : String(e)}`);
        }
        const still = firstUntraversable(path.join(this.root, 'lib'));
        if (still !== undefined) {
            const inCheckout = path.join(checkout, path.relative(this.root, still));
            const mode = (fs.statSync(still).mode & 0o777).toString(8);
            this.release();
            throw new Error(`other-user: ${inCheckout} is not traversable by other users, mode ${mode}: the checkout's folders `
                + 'need the x permission for others, as git gives them');
        }
    }

    /** `relative` (a path inside the checkout) as the other user reaches it. */
    resolve(relative: string): string {
        return path.join(this.root, relative);
    }

    /** Unmounts and removes what the constructor made; returns the problems (none expected). */
    release(): string[] {
        const problems = this.mounts.unmountAll();
        if (this.mountDir !== undefined && problems.length === 0) {
            fs.rmSync(this.mountDir, { recursive: true, force: true });
            this.mountDir = undefined;
        }
        return problems;
    }
}

/** Runs `node <script> ...args` as `uid`/`gid` (no supplementary groups) and collects its output. */
export function runNodeAs(uid: number, script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
    const closed = firstUntraversable(process.execPath);
    if (closed !== undefined) {
        return Promise.reject(new Error(`other-user: uid ${uid} cannot run ${process.execPath}: ${closed} is closed to other users`));
    }
    return new Promise((resolve, reject) => {
        const child = spawn('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', process.execPath, script, ...args],
            { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: os.tmpdir() });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', c => stdout += c);
        child.stderr.on('data', c => stderr += c);
        child.on('error', reject);
        child.on('exit', code => resolve({ code, stdout, stderr }));
    });
}
