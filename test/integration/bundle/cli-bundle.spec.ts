// Issue 15 section 2 on the real Theia backend: `session-health bundle` (a real CLI process) gets the server
// bundle from GET /session-health/bundle. Planted canaries (the admin token, a password in the OTLP endpoint,
// a secret-named env var, the connection cookie, a live full sid) never appear; <= 1 MiB, <= 3 s.
import { runCli } from '../../helpers/cli';
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { connectTheiaClient, TheiaClient } from '../../helpers/theia-client';
import { TEST_TMP } from '../../helpers/paths';
import { validBatch } from '../../helpers/reports-fixtures';
import { REPORTS_SERVICE_PATH, ReportsService } from '../../../src/common/reports/reports-protocol';
import { BUNDLE_ROUTE, MAX_BUNDLE_BYTES, MAX_BUNDLE_MS } from '../../../src/common/bundle/bundle-protocol';
import { ADMIN_TOKEN_ENV, OTLP_ENDPOINT_ENV } from '../../../src/node/reports/reports-env';

const ADMIN = 'canary-admin-token-7f3e9a1c2b';
const OTLP_PASSWORD = 'canarypass';
const OTHER_SECRET = 'canary-db-password-55aa';


describe('integration: session-health bundle (server support bundle)', function (): void {
    this.timeout(120000);
    const dataDir = path.join(TEST_TMP, `bundle-cli-${process.pid}`);
    let backend: RunningBackend | undefined;
    let client: TheiaClient | undefined;

    before(async () => {
        fs.rmSync(dataDir, { recursive: true, force: true });
        fs.mkdirSync(dataDir, { recursive: true });
        backend = await startBackend({
            env: {
                SESSION_HEALTH_DATA_DIR: dataDir, [ADMIN_TOKEN_ENV]: ADMIN,
                [OTLP_ENDPOINT_ENV]: `http://user:${OTLP_PASSWORD}@127.0.0.1:1/`, SESSION_HEALTH_DB_PASSWORD: OTHER_SECRET
            }
        });
        client = await connectTheiaClient(backend.url);
        const service = await client.createProxy<ReportsService>(REPORTS_SERVICE_PATH);
        await service.submit({ records: [...validBatch(3, 'upgrade'), ...validBatch(2, 'disconnect')].map(r => ({ ...r, tabId: client!.frontendId })) });
    });
    after(async () => {
        client?.close();
        await backend?.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('writes the server bundle with every part, no canary, within 1 MiB and 3 s', async () => {
        const out = path.join(dataDir, 'server-bundle.json');
        const cookieHeader = String(client!.socket.io.opts.extraHeaders?.cookie);
        const sid = client!.socket.io.engine.id;
        expect(sid, 'a live sid to plant').to.be.a('string').with.length.greaterThan(10);
        // Timed by this test's clock around the whole command, not by the product's own `durationMs` / "made in".
        const started = Date.now();
        const run = await runCli(['bundle', '--out', out, '--url', backend!.url], { [ADMIN_TOKEN_ENV]: ADMIN });
        const commandMs = Date.now() - started;
        expect(run.code, run.err).to.equal(0);
        expect(commandMs, 'the bundle command, start to exit').to.be.at.most(MAX_BUNDLE_MS);
        const text = fs.readFileSync(out, 'utf8');
        expect(Buffer.byteLength(text)).to.be.at.most(MAX_BUNDLE_BYTES);
        for (const canary of [ADMIN, OTLP_PASSWORD, OTHER_SECRET, cookieHeader.split('=')[1], sid]) {
            expect(text, 'a planted secret').to.not.contain(canary);
        }
        const bundle = JSON.parse(text);
        // The route alone, timed from here as well.
        const routeStarted = Date.now();
        const route = await fetch(backend!.url + BUNDLE_ROUTE, { headers: { authorization: `Bearer ${ADMIN}` } });
        await route.text();
        expect(route.status).to.equal(200);
        expect(Date.now() - routeStarted, 'GET of the bundle route').to.be.at.most(MAX_BUNDLE_MS);
        expect(Object.keys(bundle.parts)).to.have.members(['instance', 'drain', 'storage', 'ledger', 'records', 'metrics', 'environment']);
        expect(bundle.parts.drain).to.deep.equal({ draining: false });
        expect(bundle.parts.records).to.include({ total: 5, complete: true });
        expect(bundle.parts.records.byType).to.deep.equal({ upgrade: 3, disconnect: 2 });
        expect(bundle.parts.storage.roots).to.have.length(1);
        expect(bundle.parts.environment[OTLP_ENDPOINT_ENV]).to.equal('http://[redacted]@127.0.0.1:1/');
        expect(bundle.parts.environment[ADMIN_TOKEN_ENV]).to.equal('[redacted]');
        expect(bundle.parts.metrics.map((m: { name: string }) => m.name)).to.include('session_health_reports_received_total');
    });

    it('refuses without the token, with a bad parameter, and never overwrites a file', async () => {
        const noToken = await fetch(backend!.url + BUNDLE_ROUTE);
        expect(noToken.status).to.equal(401);
        const bad = await fetch(backend!.url + BUNDLE_ROUTE + '?x=1', { headers: { authorization: `Bearer ${ADMIN}` } });
        expect(bad.status).to.equal(400);
        expect((await bad.json()).reason).to.match(/takes no parameters/);
        const wrong = await runCli(['bundle', '--url', backend!.url], { [ADMIN_TOKEN_ENV]: 'wrong-token-0123456789' });
        expect(wrong.code).to.equal(1);
        expect(wrong.err).to.contain('HTTP 401').and.not.contain('wrong-token-0123456789');
        const existing = path.join(dataDir, 'exists.json');
        fs.writeFileSync(existing, 'keep me');
        const refused = await runCli(['bundle', '--out', existing, '--url', backend!.url], { [ADMIN_TOKEN_ENV]: ADMIN });
        expect(refused.code).to.equal(3);
        expect(fs.readFileSync(existing, 'utf8')).to.equal('keep me');
        const usage = await runCli(['bundle', '--url', 'http://u:p@127.0.0.1:1/'], { [ADMIN_TOKEN_ENV]: ADMIN });
        expect(usage.code).to.equal(2);
    });
});
