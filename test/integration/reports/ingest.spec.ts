// Issue 6: the reports ingest of the real Theia backend over HTTP: store once, dedupe, restart, access, metrics.
import { expect } from 'chai';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { fetchConnectionCookie, connectTheiaClient } from '../../helpers/theia-client';
import { TEST_TMP } from '../../helpers/paths';
import { postReports, readStored, sampleValue, validBatch, validRecord } from '../../helpers/reports-fixtures';
import { METRICS_ROUTE, REPORTS_ROUTE, REPORTS_SERVICE_PATH, ReportsService } from '../../../src/common/reports/reports-protocol';

const ADMIN = 'admin-token-for-tests';

/** POST a report batch on the given agent's connection. */
function postOn(agent: http.Agent, url: string, body: string, cookie: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
    return new Promise((resolve, reject) => {
        const request = http.request(url + REPORTS_ROUTE, {
            method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), cookie }
        }, response => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', chunk => text += chunk);
            response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: text }));
        });
        request.on('error', reject);
        request.end(body);
    });
}

describe('integration: keep-alive reports ingest on the real Theia backend', function (): void {
    this.timeout(120000);
    const dataDir = path.join(TEST_TMP, `reports-ingest-${process.pid}`);
    const env = { SESSION_HEALTH_DATA_DIR: dataDir, SESSION_HEALTH_ADMIN_TOKEN: ADMIN, SESSION_HEALTH_REPORTS_RATE: '0' };
    let backend: RunningBackend | undefined;
    let cookie: string;

    async function start(extra: Record<string, string> = {}): Promise<RunningBackend> {
        backend = await startBackend({ env: { ...env, ...extra } });
        cookie = await fetchConnectionCookie(backend.url);
        return backend;
    }
    async function metrics(): Promise<string> {
        return (await fetch(backend!.url + METRICS_ROUTE)).text();
    }
    const json = () => ({ 'content-type': 'application/json', cookie });

    before(async () => {
        fs.rmSync(dataDir, { recursive: true, force: true });
        await start();
    });
    after(async () => {
        await backend?.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('stores a valid batch; sending it again stores nothing new and counts duplicates; a restart keeps both', async () => {
        const records = validBatch(25);
        const first = await postReports(backend!.url, JSON.stringify({ records }), json());
        expect(first.status, first.body).to.equal(200);
        expect(JSON.parse(first.body)).to.deep.equal({ accepted: 25, duplicates: 0 });
        const again = await postReports(backend!.url, JSON.stringify({ records }), json());
        expect(JSON.parse(again.body)).to.deep.equal({ accepted: 0, duplicates: 25 });
        let stored = await readStored(backend!.url, ADMIN);
        expect(stored.filter(r => records.some(x => x.id === r.id))).to.have.length(25);
        const exposition = await metrics();
        expect(sampleValue(exposition, 'session_health_reports_duplicated_total')).to.equal(25);
        expect(sampleValue(exposition, 'session_health_disconnects_total{reason="ping_timeout"}')).to.be.at.least(25);

        await backend!.stop('SIGKILL');
        await start();
        stored = await readStored(backend!.url, ADMIN);
        expect(stored.filter(r => records.some(x => x.id === r.id)), 'stored records survive a restart').to.have.length(25);
        const afterRestart = await postReports(backend!.url, JSON.stringify({ records: [...records, validRecord()] }), json());
        expect(JSON.parse(afterRestart.body), 'the dedupe window survives a restart').to.deep.equal({ accepted: 1, duplicates: 25 });
        expect((await readStored(backend!.url, ADMIN)).length).to.equal(stored.length + 1);
    });

    it('skips a torn last line on read and keeps every complete line', async () => {
        const before = (await readStored(backend!.url, ADMIN)).length;
        await backend!.stop('SIGKILL');
        const files = fs.readdirSync(dataDir).filter(f => f.endsWith('.ndjson')).sort();
        fs.appendFileSync(path.join(dataDir, files[files.length - 1]), '{"id":"tornrecord01","seq":1,"tabId":"t","ty');
        await start();
        const stored = await readStored(backend!.url, ADMIN);
        expect(stored.length).to.equal(before);
        expect(stored.some(r => r.id === 'tornrecord01')).to.equal(false);
        const r = await postReports(backend!.url, JSON.stringify({ records: [validRecord()] }), json());
        expect(r.status).to.equal(200);
        expect((await readStored(backend!.url, ADMIN)).length).to.equal(before + 1);
    });

    it('accepts records over the RPC service and dedupes them against HTTP', async () => {
        const client = await connectTheiaClient(backend!.url);
        try {
            const service = await client.createProxy<ReportsService>(REPORTS_SERVICE_PATH);
            const records = validBatch(3, 'upgrade');
            expect(await service.submit({ records })).to.deep.equal({ accepted: 3, duplicates: 0 });
            expect(await service.submit({ records })).to.deep.equal({ accepted: 0, duplicates: 3 });
            const http = await postReports(backend!.url, JSON.stringify({ records }), json());
            expect(JSON.parse(http.body)).to.deep.equal({ accepted: 0, duplicates: 3 });
            expect(sampleValue(await metrics(), 'session_health_reports_received_total{channel="rpc"}')).to.equal(3);
        } finally {
            client.close();
        }
    });

    it('refuses without the connection cookie (403) and with a wrong one, storing nothing', async () => {
        const before = (await readStored(backend!.url, ADMIN)).length;
        const body = JSON.stringify({ records: [validRecord()] });
        expect((await postReports(backend!.url, body, { 'content-type': 'application/json' })).status).to.equal(403);
        expect((await postReports(backend!.url, body, { 'content-type': 'application/json', cookie: 'theia-connection-token=wrong' })).status).to.equal(403);
        expect((await readStored(backend!.url, ADMIN)).length).to.equal(before);
        expect(sampleValue(await metrics(), 'session_health_reports_rejected_total{status="403"}')).to.be.at.least(2);
    });

    it('guards the admin route: 401 without or with a wrong token, 400 for bad paging', async () => {
        for (const authorization of [undefined, 'Bearer wrong', `Bearer ${ADMIN}x`, ADMIN, 'Basic abc']) {
            const response = await fetch(backend!.url + REPORTS_ROUTE, { headers: authorization ? { authorization } : {} });
            expect(response.status, String(authorization)).to.equal(401);
            expect(await response.json()).to.have.property('reason');
        }
        const bad = await fetch(`${backend!.url}${REPORTS_ROUTE}?limit=0`, { headers: { authorization: `Bearer ${ADMIN}` } });
        expect(bad.status).to.equal(400);
    });

    it('pages the admin route with since/limit without losing or repeating records', async () => {
        const all = await readStored(backend!.url, ADMIN);
        const seen: string[] = [];
        let since = 0;
        for (let i = 0; i < 100; i++) {
            const response = await fetch(`${backend!.url}${REPORTS_ROUTE}?since=${since}&limit=7`, { headers: { authorization: `Bearer ${ADMIN}` } });
            const page = await response.json() as { records: { id: string }[]; next?: number };
            seen.push(...page.records.map(r => r.id));
            if (page.next === undefined) {
                break;
            }
            since = page.next;
        }
        expect(seen).to.deep.equal(all.map(r => r.id));
    });

    it('answers 415, 413 and 400 with a JSON reason', async () => {
        const body = JSON.stringify({ records: [validRecord()] });
        const r415 = await postReports(backend!.url, body, { 'content-type': 'text/plain', cookie });
        expect(r415.status).to.equal(415);
        expect(JSON.parse(r415.body).reason).to.match(/application\/json/);
        const huge = JSON.stringify({ records: [validRecord({ fields: { reason: 'x'.repeat(70 * 1024) } })] });
        const r413 = await postReports(backend!.url, huge, json());
        expect(r413.status).to.equal(413);
        const r400 = await postReports(backend!.url, JSON.stringify({ records: [validRecord({ fields: { offlineMs: -1 } })] }), json());
        expect(r400.status).to.equal(400);
        expect(JSON.parse(r400.body).reason).to.equal('records[0].fields.offlineMs: must not be negative');
    });
});

describe('integration: reports rate limit, disabled admin route and metrics token', function (): void {
    this.timeout(120000);
    const dataDir = path.join(TEST_TMP, `reports-limits-${process.pid}`);
    let backend: RunningBackend | undefined;

    before(async () => {
        fs.rmSync(dataDir, { recursive: true, force: true });
        backend = await startBackend({ env: { SESSION_HEALTH_DATA_DIR: dataDir, SESSION_HEALTH_REPORTS_RATE: '1', SESSION_HEALTH_METRICS_TOKEN: 'metrics-secret-for-tests', SESSION_HEALTH_ADMIN_TOKEN: '' } });
    });
    after(async () => {
        await backend?.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('limits a client with 429 and Retry-After', async () => {
        const cookie = await fetchConnectionCookie(backend!.url);
        // One keep-alive connection, as a browser tab's fetches use (the limit follows the connection-token cookie,
        // issue 23: routes-hardening.spec.ts shows it holding across connections).
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        const statuses: number[] = [];
        let retryAfter: string | null = null;
        try {
            for (let i = 0; i < 30; i++) {
                const r = await postOn(agent, backend!.url, JSON.stringify({ records: [validRecord()] }), cookie);
                statuses.push(r.status);
                if (r.status === 429) {
                    retryAfter = String(r.headers['retry-after']);
                    expect(JSON.parse(r.body).reason).to.match(/retry after/);
                }
            }
        } finally {
            agent.destroy();
        }
        expect(statuses.filter(s => s === 200).length).to.be.within(10, 13);
        expect(statuses.filter(s => s === 429).length).to.be.at.least(17);
        expect(Number(retryAfter)).to.be.at.least(1);
    });

    it('disables the admin route (404) when SESSION_HEALTH_ADMIN_TOKEN is unset', async () => {
        const response = await fetch(backend!.url + REPORTS_ROUTE, { headers: { authorization: 'Bearer ' } });
        expect(response.status).to.equal(404);
    });

    it('requires the metrics bearer token when SESSION_HEALTH_METRICS_TOKEN is set', async () => {
        expect((await fetch(backend!.url + METRICS_ROUTE)).status).to.equal(401);
        expect((await fetch(backend!.url + METRICS_ROUTE, { headers: { authorization: 'Bearer nope' } })).status).to.equal(401);
        const ok = await fetch(backend!.url + METRICS_ROUTE, { headers: { authorization: 'Bearer metrics-secret-for-tests' } });
        expect(ok.status).to.equal(200);
        expect(await ok.text()).to.contain('session_health_reports_rejected_total{status="429"}');
    });
});
