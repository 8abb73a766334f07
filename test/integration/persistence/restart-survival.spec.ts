// Restart survival for real: the check through backend instance 1 (HTTP route with the connection cookie),
// a second backend process on the same workspace says "survived 1 restart"; the RPC service gives the same
// report; a workspace replaced by an empty directory fails "storage was replaced". Plus the route's 403/4xx answers.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { connectTheiaClient, fetchConnectionCookie, TheiaClient } from '../../helpers/theia-client';
import { TEST_TMP } from '../../helpers/paths';
import { step } from '../../helpers/persistence-fixtures';
import {
    PERSISTENCE_CHECK_ROUTE, PERSISTENCE_SERVICE_PATH, PersistenceCheckService, PersistenceReport, RememberedMarker
} from '../../../src/common/persistence/persistence-protocol';

const ENV = { SESSION_HEALTH_WORKSPACE_STORAGE: 'persistent', KUBERNETES_SERVICE_HOST: '' };

async function post(backend: RunningBackend, body: unknown, headers: Record<string, string>): Promise<{ status: number; json: unknown }> {
    const response = await fetch(backend.url + PERSISTENCE_CHECK_ROUTE, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body)
    });
    const text = await response.text();
    let json: unknown = text;
    try {
        json = JSON.parse(text);
    } catch {
        // keep the text
    }
    return { status: response.status, json };
}

async function check(backend: RunningBackend, workspace: string, remembered?: RememberedMarker): Promise<PersistenceReport> {
    const cookie = await fetchConnectionCookie(backend.url);
    const { status, json } = await post(backend, { path: workspace, minFreeMegabytes: 1, ...(remembered ? { rememberedMarker: remembered } : {}) }, { cookie });
    expect(status, JSON.stringify(json)).to.equal(200);
    return json as PersistenceReport;
}

const markerOf = (r: PersistenceReport): RememberedMarker => ({ nonce: r.ledger.marker!.nonce, time: r.ledger.marker!.time, instanceId: r.ledger.marker!.instanceId });

describe('persistence: restart survival through the real backend', function () {
    this.timeout(120000);
    const base = path.join(TEST_TMP, `persistence-restart-${process.pid}-${Date.now()}`);
    const workspace = path.join(base, 'workspace');
    const backends: RunningBackend[] = [];
    let client: TheiaClient | undefined;

    const start = async () => {
        const backend = await startBackend({ workspace, env: ENV });
        backends.push(backend);
        return backend;
    };

    before(() => fs.mkdirSync(workspace, { recursive: true }));
    after(async () => {
        client?.close();
        await Promise.all(backends.map(b => b.stop()));
        fs.rmSync(base, { recursive: true, force: true });
    });

    it('instance 1: first run; instance 2: "survived 1 restart"; replaced workspace: "storage was replaced"', async () => {
        const first = await start();
        const r1 = await check(first, workspace);
        expect(r1.verdict, JSON.stringify(r1.steps, undefined, 1)).to.equal('pass');
        expect(r1.instance.source).to.equal('ide');
        expect(step(r1, 'restart-survival').reason).to.include('First run: the proof starts now');
        expect(r1.ledger.marker?.instanceId).to.equal(r1.instance.id);
        await first.stop();

        const second = await start();
        const r2 = await check(second, workspace, markerOf(r1));
        expect(r2.instance.id).to.not.equal(r1.instance.id);
        expect(r2.verdict, JSON.stringify(r2.steps, undefined, 1)).to.equal('pass');
        expect(step(r2, 'restart-survival').reason).to.include('survived 1 restart since');
        expect(r2.ledger).to.include({ restartsSurvived: 1, instances: 2, entries: 1, since: r1.ledger.marker!.time });
        expect(r2.ledger.remembered).to.include({ nonce: r1.ledger.marker!.nonce, found: true });

        // The same check over the RPC service of the same backend: same history, still 1 restart.
        client = await connectTheiaClient(second.url);
        const service = await client.createProxy<PersistenceCheckService>(PERSISTENCE_SERVICE_PATH);
        const r3 = await service.runCheck({ path: workspace, minFreeMegabytes: 1, rememberedMarker: markerOf(r2) });
        expect([r3.verdict, r3.ledger.restartsSurvived, r3.ledger.entries]).to.deep.equal(['pass', 1, 2]);
        client.close();
        client = undefined;
        await second.stop();

        // The storage under the workspace is replaced by an empty one between the runs.
        const replacedAt = Date.now();
        fs.rmSync(workspace, { recursive: true, force: true });
        fs.mkdirSync(workspace);
        const third = await start();
        const r4 = await check(third, workspace, markerOf(r3));
        expect(r4.verdict).to.equal('fail');
        expect(r4.firstFailingStep).to.equal('restart-survival');
        const survival = step(r4, 'restart-survival');
        expect(survival.reason).to.match(/^The workspace storage was replaced at about .*: files written before then are gone/);
        expect(Math.abs(Date.parse(String(survival.numbers.replacedAt)) - replacedAt)).to.be.below(60000);
        expect(r4.ledger.remembered).to.include({ found: false });
        // The check still wrote a new marker: the proof restarts from here.
        expect(r4.ledger.marker).to.not.equal(undefined);
    });

    it('the HTTP route: 403 without the cookie, 400/415 JSON reasons for bad bodies', async () => {
        const backend = backends.find(b => b.process.exitCode === null && b.process.signalCode === null) ?? await start();
        const before = fs.readdirSync(workspace);
        const noCookie = await post(backend, { path: workspace }, {});
        expect(noCookie.status).to.equal(403);
        const cookie = await fetchConnectionCookie(backend.url);
        const badJson = await post(backend, '{"path": ', { cookie });
        expect(badJson.status).to.equal(400);
        expect(badJson.json).to.have.property('reason').that.includes('not valid JSON');
        const noPath = await post(backend, { directory: 'x' }, { cookie });
        expect([noPath.status, (noPath.json as { error: string }).error]).to.deep.equal([400, 'bad-request']);
        expect((noPath.json as { reason: string }).reason).to.include('path: required');
        const escape = await post(backend, { path: workspace, directory: '../../etc' }, { cookie });
        expect(escape.status).to.equal(400);
        expect((escape.json as { reason: string }).reason).to.include('must stay inside the workspace root');
        const text = await post(backend, 'path=/x', { cookie, 'content-type': 'text/plain' });
        expect(text.status).to.equal(415);
        const huge = await post(backend, { path: workspace, pad: 'x'.repeat(100000) }, { cookie });
        expect(huge.status).to.equal(413);
        const get = await fetch(backend.url + PERSISTENCE_CHECK_ROUTE, { headers: { cookie } });
        expect(get.status).to.equal(405);
        expect(fs.readdirSync(workspace)).to.deep.equal(before);
    });
});
