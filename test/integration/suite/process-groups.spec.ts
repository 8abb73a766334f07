// The suite's own cleanup machinery (test/helpers/processes.ts, used by the nginx/haproxy/backend helpers and by the
// closing leak check in test/helpers/leak-check.ts): a stopped group leaves nothing behind, an orphaned nginx worker
// is found as a leftover of this run, and a process of another run is never counted (nor touched).
import { expect } from 'chai';
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { TEST_TMP } from '../../helpers/paths';
import { freePort, NGINX } from '../../helpers/probe-proxies';
import {
    isServerProcess, isSuiteProcess, killLeftovers, listProcesses, openScope, processesOfThisRun, RUN_ID, RUN_MARKER_ENV, spawnGroup, stopGroup
} from '../../helpers/processes';

const alive = (pid: number) => listProcesses().some(p => p.pid === pid);

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > end) {
            throw new Error(`condition not met within ${timeoutMs} ms`);
        }
        await new Promise(resolve => setTimeout(resolve, 20));
    }
}

describe('suite cleanup: process groups and the leak check', function (): void {
    this.timeout(60000);

    it('stopGroup kills the leader and what it started in the background, and returns only when all are gone', async () => {
        const child = spawnGroup('sh', ['-c', 'sleep 300 & sleep 300 & echo $!; wait'], { stdio: ['ignore', 'pipe', 'ignore'] });
        const grandchild = Number(await new Promise<string>(resolve => child.stdout!.once('data', d => resolve(String(d)))));
        expect(alive(grandchild)).to.equal(true);
        expect(processesOfThisRun().map(p => p.pid)).to.include.members([child.pid!, grandchild]);
        await stopGroup(child);
        expect(alive(child.pid!), 'leader').to.equal(false);
        expect(listProcesses().filter(p => p.pgid === child.pid), 'group members').to.deep.equal([]);
    });

    it('an nginx worker orphaned by a SIGKILL to its master alone (the old helper\'s way) is a leftover server of this run', async () => {
        fs.mkdirSync(TEST_TMP, { recursive: true });
        const dir = fs.mkdtempSync(path.join(TEST_TMP, 'orphan-nginx-'));
        const conf = path.join(dir, 'nginx.conf');
        const port = await freePort();
        fs.writeFileSync(conf, `user root; worker_processes 1; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log; events {}
http { access_log off; client_body_temp_path ${dir}/b; proxy_temp_path ${dir}/p; fastcgi_temp_path ${dir}/f; uwsgi_temp_path ${dir}/u;
scgi_temp_path ${dir}/s; server { listen 127.0.0.1:${port}; } }`);
        // Not through spawnGroup: in this process's own group, like a helper that forgets to make a group.
        const master = spawn(NGINX, ['-p', dir, '-c', conf, '-e', `${dir}/error.log`], { stdio: 'ignore' });
        let workers: number[] = [];
        try {
            await until(() => (workers = listProcesses().filter(p => p.ppid === master.pid && /nginx: worker/.test(p.cmdline)).map(p => p.pid)).length > 0, 20000);
            master.kill('SIGKILL');
            await new Promise(resolve => master.once('exit', resolve));
            await until(() => listProcesses().some(p => p.pid === workers[0] && p.ppid !== master.pid), 10000);
            const leftovers = processesOfThisRun(true).filter(isServerProcess).map(p => p.pid);
            expect(leftovers, 'the orphaned worker is found').to.include.members(workers);
        } finally {
            workers.forEach(pid => { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } });
            await until(() => !workers.some(alive), 10000);
            fs.rmSync(dir, { recursive: true, force: true });
        }
        expect(processesOfThisRun(true).filter(isServerProcess).map(p => p.pid)).to.not.include.members(workers);
    });

    it('a process of another run (other marker, its own group, not a descendant) is never counted', async () => {
        const out = execFileSync('setsid', ['sh', '-c', 'sleep 300 >/dev/null 2>&1 & echo $!'], {
            env: { ...process.env, [RUN_MARKER_ENV]: `other-${RUN_ID}` }, encoding: 'utf8'
        });
        const other = Number(out.trim());
        try {
            await until(() => listProcesses().find(p => p.pid === other)?.ppid !== process.pid, 5000);
            expect(alive(other)).to.equal(true);
            expect(processesOfThisRun(true).map(p => p.pid)).to.not.include(other);
        } finally {
            process.kill(other, 'SIGKILL');
        }
    });

    it('a teardown scope stops what was spawned while it was recording (as the root hooks do for each suite\'s tests), and nothing else', async () => {
        const before = spawnGroup('sleep', ['300'], { stdio: 'ignore' });
        const scope = openScope();
        const inside = spawnGroup('sh', ['-c', 'sleep 300 & wait'], { stdio: 'ignore' });
        const stopped = spawnGroup('sleep', ['300'], { stdio: 'ignore' });
        scope.recording = false;
        const paused = spawnGroup('sleep', ['300'], { stdio: 'ignore' });
        scope.recording = true;
        try {
            await until(() => listProcesses().filter(p => p.pgid === inside.pid).length === 2, 5000);
            await stopGroup(stopped);
            const left = await scope.close();
            expect(left.map(p => p.pgid), 'what the scope had to stop').to.deep.equal([inside.pid, inside.pid]);
            expect(listProcesses().filter(p => p.pgid === inside.pid), 'its group').to.deep.equal([]);
            expect(alive(before.pid!), 'spawned before the scope opened').to.equal(true);
            expect(alive(paused.pid!), 'spawned while it did not record').to.equal(true);
        } finally {
            await stopGroup(before);
            await stopGroup(paused);
        }
    });

    it('the closing guard kills a leftover of this run and names it; with nothing left it returns nothing', async () => {
        // A plain child (not a group of ours), like a process a helper forgot: found as a descendant of this process.
        const sleeper = spawn('sleep', ['301'], { stdio: 'ignore' });
        const mine = (p: { pid: number }) => p.pid === sleeper.pid;
        const exited = new Promise(resolve => sleeper.once('exit', resolve));
        const killed = await killLeftovers(mine, 200);
        expect(killed.map(p => p.pid)).to.deep.equal([sleeper.pid]);
        expect(killed[0].cmdline).to.equal('sleep 301');
        await exited;
        expect(alive(sleeper.pid!)).to.equal(false);
        expect(await killLeftovers(mine, 200)).to.deep.equal([]);
    });

    it('the closing guard looks for the servers and Chromium, not for other tools', () => {
        const proc = (comm: string, cmdline: string) => ({ pid: 1, ppid: 1, pgid: 1, state: 'S', comm, cmdline });
        expect(isSuiteProcess(proc('nginx', 'nginx: worker process'))).to.equal(true);
        expect(isSuiteProcess(proc('prometheus', '/usr/bin/prometheus --config.file=x'))).to.equal(true);
        expect(isSuiteProcess(proc('node', '/usr/bin/node /w/browser-app/lib/backend/main.js /ws'))).to.equal(true);
        expect(isSuiteProcess(proc('chromium', '/usr/lib/chromium/chromium --type=renderer'))).to.equal(true);
        expect(isSuiteProcess(proc('sleep', 'sleep 300'))).to.equal(false);
        expect(isSuiteProcess(proc('node', '/usr/bin/node mocha'))).to.equal(false);
    });
});
