// Runs the built `session-health` CLI of this checkout as a child process (lib/ must be compiled).
import { spawn } from 'child_process';
import * as path from 'path';
import { REPO_ROOT } from './paths';

export const CLI = path.join(REPO_ROOT, 'lib', 'node', 'cli', 'session-health.js');

/**
 * `session-health ...args` with `env` added to this process's environment and `stdin` piped in (when given);
 * resolves with its exit code and output.
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, stdin?: string): Promise<{ code: number; out: string; err: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
        let out = '';
        let err = '';
        child.stdout.on('data', d => { out += d; });
        child.stderr.on('data', d => { err += d; });
        child.on('error', reject);
        child.on('close', code => resolve({ code: code ?? -1, out, err }));
        if (stdin !== undefined) {
            child.stdin.end(stdin);
        }
    });
}
