// /health, /ready and the SIGTERM drain on the real Theia backend.
import { expect } from 'chai';
import { startBackend } from '../../helpers/theia-backend';
import { connectTheiaClient, TheiaClient } from '../../helpers/theia-client';
import { HEARTBEAT_SERVICE_PATH, HeartbeatService, INSTANCE_ROUTE, BackendInstance } from '../../../src/common/connection/heartbeat-protocol';
import { INSTANCE_HEADER } from '../../../src/common/health/health-protocol';
import { runProbe } from '../../../src/common/probe/probe-runner';
import { NodeProbeTransport } from '../../../src/node/probe/node-probe-transport';

async function get(url: string): Promise<{ status: number; body: string; headers: Headers }> {
    const res = await fetch(url);
    return { status: res.status, body: await res.text(), headers: res.headers };
}

describe('integration: /health, /ready and the SIGTERM drain', function (): void {
    this.timeout(60000);

    it('serves /health and /ready as uncached text with the instance id', async () => {
        const backend = await startBackend();
        try {
            const instance = await (await fetch(backend.url + INSTANCE_ROUTE)).json() as BackendInstance;
            for (const [route, body] of [['/health', 'healthy\n'], ['/ready', 'ready\n']]) {
                const res = await get(backend.url + route);
                expect(res.status, route).to.equal(200);
                expect(res.body).to.equal(body);
                expect(res.headers.get('content-type')).to.match(/^text\/plain/);
                expect(res.headers.get('cache-control')).to.equal('no-store');
                expect(res.headers.get(INSTANCE_HEADER)).to.equal(instance.id);
            }
            // Socket.IO answers carry the header too.
            const sio = await fetch(backend.url + '/socket.io/?EIO=4&transport=polling');
            await sio.text();
            expect(sio.status).to.equal(403);
            expect(sio.headers.get(INSTANCE_HEADER)).to.equal(instance.id);
        } finally {
            await backend.stop();
        }
    });

    /** One SIGTERM cycle on a fresh backend; returns ms to the first 503 and how long the process lived after SIGTERM. */
    async function drainCycle(drainSeconds: number): Promise<{ drainingAfter: number; ranFor: number; heartbeats: number }> {
        const backend = await startBackend({ env: { SESSION_HEALTH_DRAIN_SECONDS: String(drainSeconds) } });
        let session: TheiaClient | undefined;
        try {
            session = await connectTheiaClient(backend.url);
            const service = await session.createProxy<HeartbeatService>(HEARTBEAT_SERVICE_PATH);
            const before = await service.heartbeat({ frontendId: session.frontendId, seq: 1 });
            let exitedAt = 0;
            backend.exited.then(() => { exitedAt = Date.now(); });

            const killedAt = Date.now();
            backend.process.kill('SIGTERM');
            // Event-driven: the backend logs "SIGTERM received" in the same tick in which /ready turns to 503, so every
            // /ready sent after that line reached us must be 503 (no 200 slips through), and no 200 follows a 503.
            // The time bound only says the signal is handled promptly (within one 1 s readiness period) even with
            // other backends starting and draining on a loaded 2-core machine; a miss reports the real figure.
            const answers: { sentAt: number; afterLog: boolean; status: number; body: string }[] = [];
            let ready: { status: number; body: string };
            do {
                const sentAt = Date.now();
                const afterLog = backend.output().includes('SIGTERM received');
                ready = await get(backend.url + '/ready');
                answers.push({ sentAt, afterLog, status: ready.status, body: ready.body });
            } while ((ready.status === 200 || !answers[answers.length - 1].afterLog) && Date.now() - killedAt < 5000);
            const first503 = answers.find(a => a.status === 503);
            expect(first503, `no 503 within 5 s of SIGTERM: ${JSON.stringify(answers.slice(-3))}`).to.not.equal(undefined);
            const drainingAfter = first503!.sentAt - killedAt;
            expect(answers.filter(a => a.afterLog).map(a => a.status), 'answers sent after "SIGTERM received"').to.not.include(200);
            expect(answers.slice(answers.indexOf(first503!)).map(a => a.status), 'answers from the first 503 on').to.not.include(200);
            expect(answers.filter(a => a.status === 503).map(a => a.body)).to.satisfy((b: string[]) => b.every(x => x === 'draining\n'));
            expect(answers[answers.length - 1].afterLog, 'the backend logged "SIGTERM received"').to.equal(true);
            expect((await get(backend.url + '/health')).status).to.equal(200);

            // The open session keeps working through the drain.
            let seq = 2;
            while (Date.now() - killedAt < (drainSeconds - 0.4) * 1000) {
                const reply = await service.heartbeat({ frontendId: session.frontendId, seq });
                expect(reply.seq).to.equal(seq++);
                expect(reply.instance.id).to.equal(before.instance.id);
                expect(session.socket.connected).to.equal(true);
                await new Promise(resolve => setTimeout(resolve, 150));
            }
            expect(exitedAt, 'still running during the drain').to.equal(0);
            await backend.exited;
            expect(backend.output()).to.contain('SIGTERM received');
            return { drainingAfter, ranFor: exitedAt - killedAt, heartbeats: seq - 2 };
        } finally {
            session?.close();
            await backend.stop();
        }
    }

    it('SIGTERM: /ready is 503 "draining" from the moment the signal is handled (within 1 s), the open session keeps working until the drain ends, then the backend exits (10 runs)', async () => {
        const drainSeconds = 2;
        const runs: { drainingAfter: number; ranFor: number; heartbeats: number }[] = [];
        for (let round = 0; round < 5; round++) {
            runs.push(...await Promise.all([drainCycle(drainSeconds), drainCycle(drainSeconds)]));
        }
        expect(runs).to.have.length(10);
        console.log(`      ms from SIGTERM to the first 503: ${runs.map(r => r.drainingAfter).join(', ')}`);
        for (const r of runs) {
            expect(r.drainingAfter, 'ms from SIGTERM to the first 503').to.be.at.most(1000);
            expect(r.heartbeats).to.be.at.least(5);
            expect(r.ranFor).to.be.within(drainSeconds * 1000, drainSeconds * 1000 + 8000);
        }
    });

    it('SESSION_HEALTH_READY_REQUIRE_PERSISTENT=true: /ready 503 on ephemeral storage, 200 on persistent', async () => {
        const [ephemeral, persistent] = await Promise.all([
            startBackend({ env: { SESSION_HEALTH_READY_REQUIRE_PERSISTENT: 'true', SESSION_HEALTH_WORKSPACE_STORAGE: 'ephemeral' } }),
            startBackend({ env: { SESSION_HEALTH_READY_REQUIRE_PERSISTENT: 'true', SESSION_HEALTH_WORKSPACE_STORAGE: 'persistent' } })
        ]);
        try {
            const e = await get(ephemeral.url + '/ready');
            expect(e.status).to.equal(503);
            expect(e.body).to.equal('not ready: workspace storage is ephemeral\n');
            expect((await get(ephemeral.url + '/health')).status).to.equal(200);
            // The probe names it.
            const probe = await runProbe(ephemeral.url, new NodeProbeTransport(), { requests: 2 });
            expect(probe.findings.map(f => f.code)).to.deep.equal(['NOT_READY']);
            expect(probe.findings[0].title).to.contain('workspace storage is ephemeral');
            const p = await get(persistent.url + '/ready');
            expect(p.status).to.equal(200);
            expect(p.body).to.equal('ready\n');
        } finally {
            await Promise.all([ephemeral.stop(), persistent.stop()]);
        }
    });
});
