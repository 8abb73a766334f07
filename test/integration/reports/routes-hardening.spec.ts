// Issue 12 section 2 on the real Theia backend: RPC report limits and the tab binding, the rate limit keyed on the
// connection-token cookie across reconnects, TCP connections and both channels (issue 23), early refusals that close the connection, Origin checks on both POST routes, tokens that fail
// closed, no POST routes in Electron, no host name on the instance route, the OTLP endpoint logged as its origin.
import { expect } from 'chai';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { connectTheiaClient, fetchConnectionCookie, TheiaClient } from '../../helpers/theia-client';
import { TEST_TMP } from '../../helpers/paths';
import { readStored, validRecord } from '../../helpers/reports-fixtures';
import { waitUntil } from '../../helpers/wait-until';
import { MAX_BODY_BYTES, MAX_COUNT, METRICS_ROUTE, REPORTS_ROUTE, REPORTS_SERVICE_PATH, ReportsService } from '../../../src/common/reports/reports-protocol';
import { PERSISTENCE_CHECK_ROUTE } from '../../../src/common/persistence/persistence-protocol';
import { BackendInstance, HEARTBEAT_SERVICE_PATH, HeartbeatService, INSTANCE_ROUTE } from '../../../src/common/connection/heartbeat-protocol';

const ADMIN = 'hardening-admin-token';
const PRETEND_ELECTRON = path.join(__dirname, 'fixtures', 'pretend-electron.js');

interface Answer {
    status: number;
    headers: http.IncomingHttpHeaders;
    body: string;
    localPort: number;
}

/** A POST over node's http client; `agent` decides the TCP connection (a fresh one when absent). */
function post(url: string, route: string, body: string, headers: Record<string, string>, agent?: http.Agent): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
        const request = http.request(url + route, {
            method: 'POST', agent: agent ?? false, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers }
        }, response => {
            const localPort = response.socket.localPort!;
            let text = '';
            response.setEncoding('utf8');
            response.on('data', chunk => text += chunk);
            response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: text, localPort }));
        });
        request.on('error', reject);
        request.end(body);
    });
}

/**
 * Sends only the head of a request that announces a large body, and waits for the answer and for the backend to
 * close the connection (or not, within `waitMs`).
 */
function headOnly(port: number, head: string, waitMs = 3000): Promise<{ status: number; head: string; body: string; closed: boolean }> {
    return new Promise((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1');
        let data = '';
        let timer: NodeJS.Timeout | undefined;
        const noAnswer = setTimeout(() => done(false), 10000);
        const done = (closed: boolean) => {
            clearTimeout(timer);
            clearTimeout(noAnswer);
            socket.destroy();
            const end = data.indexOf('\r\n\r\n');
            resolve({ status: Number(data.slice(9, 12)), head: end >= 0 ? data.slice(0, end) : data, body: end >= 0 ? data.slice(end + 4) : '', closed });
        };
        socket.on('data', chunk => {
            data += chunk.toString('latin1');
            if (!timer && data.includes('\r\n\r\n')) {
                timer = setTimeout(() => done(false), waitMs);
            }
        });
        socket.on('end', () => done(true));
        socket.on('error', reject);
        socket.write(head.replace(/\n/g, '\r\n') + '\r\n\r\n');
    });
}

async function refusal(promise: Promise<unknown>): Promise<string> {
    try {
        await promise;
    } catch (error) {
        return (error as Error).message;
    }
    throw new Error('expected the call to be refused');
}

describe('integration: report routes and tokens hardening (real Theia backend)', function (): void {
    this.timeout(180000);
    const root = path.join(TEST_TMP, `reports-hardening-${process.pid}`);
    const clients: TheiaClient[] = [];
    let backend: RunningBackend | undefined;
    let cookie: string;

    async function client(): Promise<TheiaClient> {
        const c = await connectTheiaClient(backend!.url);
        clients.push(c);
        return c;
    }
    async function reports(c: TheiaClient): Promise<ReportsService> {
        return c.createProxy<ReportsService>(REPORTS_SERVICE_PATH);
    }

    before(async () => {
        try {
            // Theia's frontend registers how errors travel over RPC; the Node test client has to do the same to
            // read a refusal (once per process: a second registration throws).
        } catch {
            // registered already
        }
        fs.rmSync(root, { recursive: true, force: true });
        // The default rate limit: the limit itself is tested on a backend of its own (below).
        backend = await startBackend({ env: { SESSION_HEALTH_DATA_DIR: path.join(root, 'main'), SESSION_HEALTH_ADMIN_TOKEN: ADMIN, SESSION_HEALTH_REPORTS_RATE: undefined } });
        cookie = await fetchConnectionCookie(backend.url);
    });
    afterEach(() => clients.splice(0).forEach(c => c.close()));
    after(async () => {
        await backend?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it('RPC: refuses a batch over the byte limit and counts over 10,000, storing nothing', async () => {
        const service = await reports(await client());
        const wide = Array.from({ length: 120 }, (_, i) => validRecord({ tabId: 'tab-bytes', fields: { message: 'é'.repeat(500) } }, i + 1));
        expect(await refusal(service.submit({ records: wide }))).to.match(new RegExp(`Report batch refused: Batch is \\d+ bytes of JSON; the limit is ${MAX_BODY_BYTES}`));
        const counted = validRecord({ tabId: 'tab-bytes', type: 'reconnect', fields: { attempts: MAX_COUNT + 1 } });
        expect(await refusal(service.submit({ records: [counted] }))).to.contain(`fields.attempts: larger than ${MAX_COUNT}`);
        const overHttp = await post(backend!.url, REPORTS_ROUTE, JSON.stringify({ records: [counted] }), { cookie });
        expect([overHttp.status, JSON.parse(overHttp.body).reason]).to.deep.equal([400, `records[0].fields.attempts: larger than ${MAX_COUNT}`]);
        const stored = (await readStored(backend!.url, ADMIN)).map(r => r.id);
        expect(stored).to.not.include.members([counted.id, wide[0].id]);
        const ok = await service.submit({ records: [validRecord({ tabId: 'tab-bytes', fields: { attempts: MAX_COUNT } })] });
        expect(ok).to.deep.equal({ accepted: 1, duplicates: 0 });
    });

    it('RPC: binds a connection to one tab and a tab to one live connection', async () => {
        const first = await client();
        const a = await reports(first);
        expect(await a.submit({ records: [validRecord({ tabId: 'tab-a' })] })).to.deep.equal({ accepted: 1, duplicates: 0 });
        const secondTab = validRecord({ tabId: 'tab-b' });
        expect(await refusal(a.submit({ records: [secondTab] }))).to.match(/reports for tab "tab-a", not "tab-b"/);
        expect(await refusal(a.submit({ records: [validRecord({ tabId: 'tab-a' }), secondTab] }))).to.match(/reports for tab "tab-a", not "tab-b"/);
        const b = await reports(await client());
        const claimed = validRecord({ tabId: 'tab-a' });
        expect(await refusal(b.submit({ records: [claimed] }))).to.match(/Tab "tab-a" is reported for by another live connection/);
        expect((await readStored(backend!.url, ADMIN)).map(r => r.id)).to.not.include.members([secondTab.id, claimed.id]);
        // Once the first connection is gone, the tab is free again (its reconnect gets a new connection).
        first.close();
        const accepted = await waitUntil('tab-a to be free', async () => {
            const result = await b.submit({ records: [claimed] }).catch(() => undefined);
            return result;
        }, 15000, 100);
        expect(accepted).to.deep.equal({ accepted: 1, duplicates: 0 });
    });

    it('answers early refusals at once and closes the connection instead of reading the body', async () => {
        const host = `127.0.0.1:${backend!.port}`;
        const big = 'Content-Length: 50000000';
        const cases: [string, number, RegExp][] = [
            [`POST ${REPORTS_ROUTE} HTTP/1.1\nHost: ${host}\nContent-Type: application/json\n${big}`, 403, /cookie/],
            [`POST ${REPORTS_ROUTE} HTTP/1.1\nHost: ${host}\nCookie: ${cookie}\nContent-Type: text/plain\n${big}`, 415, /application\/json/],
            [`POST ${REPORTS_ROUTE} HTTP/1.1\nHost: ${host}\nCookie: ${cookie}\nContent-Type: application/json\n${big}`, 413, /limit is/],
            [`POST ${REPORTS_ROUTE} HTTP/1.1\nHost: ${host}\nOrigin: http://evil.example\nCookie: ${cookie}\nContent-Type: application/json\n${big}`, 403, /Origin/],
            [`POST ${PERSISTENCE_CHECK_ROUTE} HTTP/1.1\nHost: ${host}\nContent-Type: application/json\n${big}`, 403, /cookie/],
            [`POST ${PERSISTENCE_CHECK_ROUTE} HTTP/1.1\nHost: ${host}\nCookie: ${cookie}\nContent-Type: application/json\n${big}`, 413, /limit is/]
        ];
        for (const [head, status, reason] of cases) {
            const answer = await headOnly(backend!.port, head);
            const what = head.split('\n').slice(0, 1).concat(head.split('\n').filter(l => /^(Origin|Content-Type)/.test(l))).join(' ');
            expect(answer.status, what).to.equal(status);
            expect(answer.head, what).to.match(/\r\nconnection: close/i);
            expect(answer.closed, `${what}: the backend closes the connection`).to.equal(true);
            expect(JSON.parse(answer.body).reason, what).to.match(reason);
        }
        // And the JSON reasons (with a body that is sent).
        for (const [route, headers, error] of [
            [REPORTS_ROUTE, {}, 'forbidden'], [REPORTS_ROUTE, { origin: 'http://evil.example', cookie }, 'forbidden-origin'],
            [PERSISTENCE_CHECK_ROUTE, { origin: 'null', cookie }, 'forbidden-origin']
        ] as const) {
            const answer = await post(backend!.url, route, JSON.stringify({ records: [validRecord()] }), headers);
            expect([answer.status, JSON.parse(answer.body).error], `${route} ${JSON.stringify(headers).slice(0, 60)}`).to.deep.equal([403, error]);
            expect(JSON.parse(answer.body).reason).to.be.a('string').and.not.empty;
        }
    });

    it('accepts a POST whose Origin is this host, and refuses other origins on both routes', async () => {
        const same = await post(backend!.url, REPORTS_ROUTE, JSON.stringify({ records: [validRecord({ tabId: 'tab-origin' })] }), { cookie, origin: backend!.url });
        expect(same.status, same.body).to.equal(200);
        const before = (await readStored(backend!.url, ADMIN)).length;
        for (const origin of ['http://evil.example', `http://127.0.0.1:${backend!.port + 1}`, 'https://127.0.0.1', 'not a url']) {
            const answer = await post(backend!.url, REPORTS_ROUTE, JSON.stringify({ records: [validRecord()] }), { cookie, origin });
            expect(answer.status, origin).to.equal(403);
            const check = await post(backend!.url, PERSISTENCE_CHECK_ROUTE, JSON.stringify({ path: os.tmpdir() }), { cookie, origin });
            expect([check.status, JSON.parse(check.body).error], origin).to.deep.equal([403, 'forbidden-origin']);
        }
        expect((await readStored(backend!.url, ADMIN)).length).to.equal(before);
    });

    it('tells no host name on the instance route; the heartbeat RPC still does', async () => {
        const instance = await (await fetch(backend!.url + INSTANCE_ROUTE)).json() as BackendInstance;
        expect(Object.keys(instance).filter(k => k !== 'previous').sort()).to.deep.equal(['hostname', 'id', 'startedAt', 'version']);
        expect(instance.hostname).to.equal('');
        const heartbeat = await (await client()).createProxy<HeartbeatService>(HEARTBEAT_SERVICE_PATH);
        const reply = await heartbeat.heartbeat({ frontendId: 'x', seq: 1 });
        expect(reply.instance.id).to.equal(instance.id);
        expect(reply.instance.hostname).to.equal(os.hostname());
        expect(backend!.output()).to.match(/\/session-health\/metrics is OPEN \(no token\)/);
    });

    describe('with misconfigured tokens, the host name shown and an OTLP endpoint with credentials', () => {
        let misconfigured: RunningBackend | undefined;
        before(async () => {
            misconfigured = await startBackend({
                env: {
                    SESSION_HEALTH_DATA_DIR: path.join(root, 'misconfigured'), SESSION_HEALTH_METRICS_TOKEN: '   ', SESSION_HEALTH_ADMIN_TOKEN: 'short-admin',
                    SESSION_HEALTH_INSTANCE_SHOW_HOSTNAME: 'true',
                    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector-user:0tlp-s3cret@127.0.0.1:9/private/otlp?api_key=k3y', OTEL_METRIC_EXPORT_INTERVAL: '200'
                }
            });
        });
        after(async () => misconfigured?.stop());

        it('a blank metrics token and a short admin token close their routes, with a log line each', async () => {
            for (const authorization of [undefined, 'Bearer ', 'Bearer    ']) {
                const response = await fetch(misconfigured!.url + METRICS_ROUTE, { headers: authorization ? { authorization } : {} });
                expect(response.status, String(authorization)).to.equal(503);
                expect(await response.text()).to.match(/not a usable token/);
            }
            const admin = await fetch(misconfigured!.url + REPORTS_ROUTE, { headers: { authorization: 'Bearer short-admin' } });
            expect(admin.status).to.equal(404);
            const output = misconfigured!.output();
            expect(output).to.match(/metrics refuses every request: SESSION_HEALTH_METRICS_TOKEN is set but blank/);
            expect(output).to.match(/admin read\) stays disabled: SESSION_HEALTH_ADMIN_TOKEN is shorter than 16 characters/);
        });

        it('shows the host name when the admin opts in', async () => {
            const instance = await (await fetch(misconfigured!.url + INSTANCE_ROUTE)).json() as BackendInstance;
            expect(instance.hostname).to.equal(os.hostname());
        });

        it('logs the OTLP endpoint as its origin only, also in export failures', async () => {
            await waitUntil('an OTLP export failure line', async () => /OTLP metrics export failed/.test(misconfigured!.output()) || undefined, 15000, 100);
            const output = misconfigured!.output();
            expect(output).to.contain('exporting metrics over OTLP/HTTP (JSON) to http://127.0.0.1:9');
            for (const secret of ['0tlp-s3cret', 'collector-user', 'api_key', 'k3y', '/private/otlp']) {
                expect(output, secret).to.not.contain(secret);
            }
        });
    });

    it('trims a token of 16 or more characters and protects the metrics with it', async () => {
        const protectedBackend = await startBackend({ env: { SESSION_HEALTH_DATA_DIR: path.join(root, 'trimmed'), SESSION_HEALTH_METRICS_TOKEN: '  metrics-token-0123456789 \n' } });
        try {
            expect((await fetch(protectedBackend.url + METRICS_ROUTE)).status).to.equal(401);
            const ok = await fetch(protectedBackend.url + METRICS_ROUTE, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
            expect(ok.status).to.equal(200);
            expect(protectedBackend.output()).to.match(/\/session-health\/metrics is token-protected/);
        } finally {
            await protectedBackend.stop();
        }
    });

    it('registers neither POST route in Electron, where Theia does not check the cookie', async () => {
        const electron = await startBackend({ env: { SESSION_HEALTH_DATA_DIR: path.join(root, 'electron'), SESSION_HEALTH_ADMIN_TOKEN: ADMIN, NODE_OPTIONS: `--require ${PRETEND_ELECTRON}` } });
        try {
            const report = await post(electron.url, REPORTS_ROUTE, JSON.stringify({ records: [validRecord()] }), {});
            expect(report.status, report.body).to.equal(404);
            const check = await post(electron.url, PERSISTENCE_CHECK_ROUTE, JSON.stringify({ path: os.tmpdir() }), {});
            expect(check.status, check.body).to.equal(404);
            expect(await readStored(electron.url, ADMIN)).to.have.length(0);
            expect(electron.output()).to.match(/report request \(POST \/session-health\/reports\) is not registered: Electron/);
        } finally {
            await electron.stop();
        }
    });
});

describe('integration: the report rate limit holds across reconnects (issue 23, real Theia backend)', function (): void {
    this.timeout(120000);
    const root = path.join(TEST_TMP, `reports-rate-${process.pid}`);
    const clients: TheiaClient[] = [];
    let backend: RunningBackend | undefined;

    before(async () => {
        fs.rmSync(root, { recursive: true, force: true });
        backend = await startBackend({ env: { SESSION_HEALTH_DATA_DIR: root, SESSION_HEALTH_REPORTS_RATE: '1' } });
    });
    after(async () => {
        clients.forEach(c => c.close());
        await backend?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it('a client that reconnects, opens new TCP connections or switches between RPC and HTTP gets no fresh burst', async () => {
        const first = await connectTheiaClient(backend!.url);
        clients.push(first);
        const busy = await first.createProxy<ReportsService>(REPORTS_SERVICE_PATH);
        const results: string[] = [];
        const loopStart = Date.now();
        for (let i = 0; i < 16; i++) {
            results.push(await busy.submit({ records: [validRecord({ tabId: 'tab-busy' })] }).then(() => 'ok', (e: Error) => e.message));
        }
        // 1 a second in bursts of 10 (SESSION_HEALTH_REPORTS_RATE=1), plus what refilled while the loop ran.
        const ok = results.filter(r => r === 'ok').length;
        expect(ok, results.join('\n')).to.be.within(10, 10 + Math.ceil((Date.now() - loopStart) / 1000));
        expect(results.filter(r => /retry after \d+ s/.test(r)).length, results.join('\n')).to.equal(16 - ok);
        const refusedAt = Date.now();
        // The tab reconnects: a new socket and RPC connection with the same connection-token cookie.
        first.close();
        const second = await connectTheiaClient(backend!.url);
        clients.push(second);
        const again = await second.createProxy<ReportsService>(REPORTS_SERVICE_PATH);
        const afterReconnect: string[] = [];
        for (let i = 0; i < 4; i++) {
            afterReconnect.push(await again.submit({ records: [validRecord({ tabId: 'tab-busy' })] }).then(() => 'ok', (e: Error) => e.message));
        }
        // Over HTTP, each request on a new TCP connection, with the same token spelt another way that Theia's cookie
        // check accepts as well (percent-encoded, spaces around `=`): still the same client.
        const cookie = (await fetchConnectionCookie(backend!.url)).replace(/theia-connection-token=(.)/,
            (_, first: string) => `theia-connection-token = %${first.charCodeAt(0).toString(16).padStart(2, '0')}`);
        const overHttp: number[] = [];
        for (let i = 0; i < 4; i++) {
            overHttp.push((await post(backend!.url, REPORTS_ROUTE, JSON.stringify({ records: [validRecord({ tabId: 'tab-http' })] }), { cookie })).status);
        }
        expect(overHttp.filter(s => s !== 200 && s !== 429), 'the respelt cookie passes Theia\'s check (no 403)').to.deep.equal([]);
        // At most the tokens refilled since the refusal (1 a second) get through; a fresh burst would pass all 8.
        const refilled = Math.ceil((Date.now() - refusedAt) / 1000) + 1;
        const passed = afterReconnect.filter(r => r === 'ok').length + overHttp.filter(s => s === 200).length;
        expect(passed, `RPC after reconnect: ${afterReconnect.join(' | ')}; HTTP: ${overHttp.join(' ')}`).to.be.at.most(Math.min(refilled, 7));
        expect(overHttp.filter(s => s === 429).length + afterReconnect.filter(r => /retry after \d+ s/.test(r)).length).to.be.at.least(1);
    });
});
