// Issue 14: what the new backend says about the previous one, on the real Theia backend: SIGTERM → planned-stop,
// SIGKILL → crash, replaced workspace directory → storage-replaced; the restart counter on the metrics route.
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { INSTANCE_ROUTE } from '../../../src/common/connection/heartbeat-protocol';
import { ACTIVITY_ROUTE } from '../../../src/common/idle/idle-protocol';
import { PreviousInstance, RESTARTS_METRIC } from '../../../src/common/lifecycle/lifecycle-protocol';
import { METRICS_ROUTE } from '../../../src/common/reports/reports-protocol';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';

interface InstanceAnswer { id: string; previous?: PreviousInstance }

async function instance(backend: RunningBackend): Promise<InstanceAnswer> {
    return await (await fetch(backend.url + INSTANCE_ROUTE)).json() as InstanceAnswer;
}

describe('integration: why the backend restarted (lifecycle ledger on the real backend)', function (): void {
    this.timeout(180000);
    let base: string;
    let ws: string;
    let backend: RunningBackend | undefined;
    const env = { SESSION_HEALTH_DRAIN_SECONDS: '1' };

    before(() => {
        base = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-restarts-'));
        ws = path.join(base, 'ws');
        fs.mkdirSync(ws);
        fs.writeFileSync(path.join(ws, 'file.txt'), 'kept\n');
    });
    afterEach(async () => { await backend?.stop(); backend = undefined; });
    after(() => fs.rmSync(base, { recursive: true, force: true }));

    it('first start: no previous; SIGTERM → planned-stop (drain seconds); SIGKILL → crash; replaced directory → storage-replaced', async () => {
        backend = await startBackend({ workspace: ws, env });
        const first = await instance(backend);
        expect(first.previous).to.equal(undefined);
        expect(fs.readFileSync(path.join(ws, '.theia/session-health/.gitignore'), 'utf8')).to.equal('*\n');

        const started = Date.now();
        backend.process.kill('SIGTERM');
        await backend.exited; // Theia's own graceful shutdown exits with 1
        expect(Date.now() - started).to.be.below(10000);
        backend = await startBackend({ workspace: ws, env });
        const second = await instance(backend);
        expect(second.previous).to.include({ instanceId: first.id, cause: 'planned-stop', detail: 'SIGTERM; drain 1 s' });
        expect(Date.parse(second.previous!.stoppedAt)).to.be.within(started - 1000, Date.now());
        const metrics = await (await fetch(backend.url + METRICS_ROUTE)).text();
        expect(metrics).to.contain(`${RESTARTS_METRIC}{cause="planned-stop"} 1`);
        expect(metrics).to.contain(`${RESTARTS_METRIC}{cause="crash"} 0`);

        await backend.stop('SIGKILL');
        backend = await startBackend({ workspace: ws, env });
        const third = await instance(backend);
        expect(third.previous).to.include({ instanceId: second.id, cause: 'crash' });

        await backend.stop('SIGKILL');
        // The volume is replaced by a copy (new inodes): the records name another directory.
        fs.renameSync(ws, `${ws}.old`);
        execFileSync('cp', ['-a', `${ws}.old`, ws]);
        backend = await startBackend({ workspace: ws, env });
        const fourth = await instance(backend);
        // The copied records' ids were not written in this directory: not published (issue 23).
        expect(fourth.previous).to.include({ cause: 'storage-replaced', instanceId: '' });
        expect(fs.readFileSync(path.join(ws, 'file.txt'), 'utf8')).to.equal('kept\n');
    });

    it('records with an empty or foreign instanceId appended to the ledger decide nothing and are never published (issue 23)', async () => {
        const forgedWs = path.join(base, 'forged-ws');
        fs.mkdirSync(forgedWs);
        backend = await startBackend({ workspace: forgedWs, env });
        const first = await instance(backend);
        await backend.stop('SIGKILL');
        const file = path.join(forgedWs, '.theia/session-health/lifecycle.jsonl');
        const start = JSON.parse(fs.readFileSync(file, 'utf8').trim().split('\n').pop()!) as { dir: string; instanceId: string };
        expect(start.instanceId).to.equal(first.id);
        // A workspace process appends stop records in the ledger's own format and directory after the crash.
        const foreignId = randomUUID();
        const forged = (instanceId: string) => JSON.stringify({ kind: 'stop', instanceId, hostname: 'evil', instanceStartedAt: new Date().toISOString(),
            time: new Date().toISOString(), dir: start.dir, cause: 'sigterm', drainSeconds: 5 }) + '\n';
        fs.appendFileSync(file, forged('') + forged(foreignId));
        backend = await startBackend({ workspace: forgedWs, env });
        const body = await (await fetch(backend.url + INSTANCE_ROUTE)).text();
        expect(JSON.parse(body).previous).to.include({ instanceId: first.id, cause: 'crash' });
        expect(body).to.not.contain(foreignId);
    });

    it('SIGTERM after the idle deadline passed (the reaper stopping an idle pod) → idle-stop', async () => {
        const idleWs = path.join(base, 'idle-ws');
        fs.mkdirSync(idleWs);
        const idleEnv = { ...env, SESSION_HEALTH_IDLE_TIMEOUT_SECONDS: '2', SESSION_HEALTH_IDLE_WARNING_SECONDS: '1', SESSION_HEALTH_ACTIVITY_PUBLIC: 'true' };
        backend = await startBackend({ workspace: idleWs, env: idleEnv });
        const first = await instance(backend);
        // No tab reports activity: the deadline is the backend's start + 2 s. Wait until the backend itself says it passed.
        const deadline = Date.now() + 20000;
        let idleSeconds = 0;
        while (Date.now() < deadline && idleSeconds < 3) {
            idleSeconds = ((await (await fetch(backend.url + ACTIVITY_ROUTE)).json()) as { idleSeconds: number }).idleSeconds;
            if (idleSeconds < 3) {
                await new Promise(resolve => setTimeout(resolve, 250));
            }
        }
        expect(idleSeconds, 'idle seconds on the activity route').to.be.at.least(3);
        backend.process.kill('SIGTERM');
        await backend.exited;
        backend = await startBackend({ workspace: idleWs, env });
        const second = await instance(backend);
        expect(second.previous).to.include({ instanceId: first.id, cause: 'idle-stop' });
    });
});
