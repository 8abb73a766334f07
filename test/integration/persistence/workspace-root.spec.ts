// The check runs only inside a workspace root the backend has open: the real backend's HTTP route answers 400 with a
// JSON reason, and its RPC service rejects with the same reason, for a path outside the root or a link that leads
// out of it; a path inside the root (or the root itself) is checked. Nothing is written outside the root.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { connectTheiaClient, fetchConnectionCookie, TheiaClient } from '../../helpers/theia-client';
import { TEST_TMP } from '../../helpers/paths';
import { listTree } from '../../helpers/persistence-fixtures';
import { PERSISTENCE_CHECK_ROUTE, PERSISTENCE_SERVICE_PATH, PersistenceCheckService, PersistenceReport } from '../../../src/common/persistence/persistence-protocol';

const ENV = { SESSION_HEALTH_WORKSPACE_STORAGE: 'persistent', KUBERNETES_SERVICE_HOST: '' };

describe('persistence: only inside the open workspace root (real backend)', function () {
    this.timeout(120000);
    const base = path.join(TEST_TMP, `persistence-root-${process.pid}-${Date.now()}`);
    const workspace = path.join(base, 'workspace');
    const outside = path.join(base, 'outside');
    let backend: RunningBackend | undefined;
    let client: TheiaClient | undefined;
    let cookie = '';

    const post = async (body: unknown): Promise<{ status: number; json: { error?: string; reason?: string } & Partial<PersistenceReport> }> => {
        const response = await fetch(backend!.url + PERSISTENCE_CHECK_ROUTE, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
        return { status: response.status, json: await response.json() };
    };

    before(async () => {
        fs.mkdirSync(path.join(workspace, 'sub'), { recursive: true });
        fs.mkdirSync(outside, { recursive: true });
        fs.symlinkSync(outside, path.join(workspace, 'link-out'));
        backend = await startBackend({ workspace, env: ENV });
        cookie = await fetchConnectionCookie(backend.url);
    });
    after(async () => {
        client?.close();
        await backend?.stop();
        fs.rmSync(base, { recursive: true, force: true });
    });

    it('HTTP: 400 with a JSON reason for a path outside the root, a link out of it, or a file:// URI outside it', async () => {
        for (const p of [outside, path.join(workspace, 'link-out'), `file://${outside}`, '/', path.join(workspace, '..')]) {
            const { status, json } = await post({ path: p, minFreeMegabytes: 1 });
            expect([status, json.error], `${p}: ${JSON.stringify(json)}`).to.deep.equal([400, 'bad-request']);
            expect(json.reason, p).to.include('is not inside a workspace root this IDE has open');
        }
        expect(listTree(outside)).to.deep.equal([]);
    });

    it('HTTP: the root, a folder inside it and a missing path inside it are checked (200 with a report)', async () => {
        const root = await post({ path: workspace, minFreeMegabytes: 1 });
        expect([root.status, root.json.verdict], JSON.stringify(root.json)).to.deep.equal([200, 'pass']);
        const sub = await post({ path: path.join(workspace, 'sub'), minFreeMegabytes: 1 });
        expect([sub.status, sub.json.verdict]).to.deep.equal([200, 'pass']);
        const missing = await post({ path: path.join(workspace, 'not-there'), minFreeMegabytes: 1 });
        expect([missing.status, missing.json.firstFailingStep]).to.deep.equal([200, 'classification']);
    });

    it('RPC: the service rejects a path outside the root with the same reason and runs inside it', async () => {
        // As Theia's frontend does: errors travel as a msgpack extension.
        client = await connectTheiaClient(backend!.url);
        const service = await client.createProxy<PersistenceCheckService>(PERSISTENCE_SERVICE_PATH);
        let error: unknown;
        await service.runCheck({ path: outside, minFreeMegabytes: 1 }).catch(e => error = e);
        expect(String((error as Error | undefined)?.message ?? error)).to.include('is not inside a workspace root this IDE has open');
        const inside = await service.runCheck({ path: workspace, minFreeMegabytes: 1 });
        expect(inside.verdict).to.equal('pass');
        expect(listTree(outside)).to.deep.equal([]);
    });
});
