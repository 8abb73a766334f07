// GET /session-health/activity on the real Theia backend: the public fields, the metrics bearer token (401 without
// it; 403 naming the variable when none is set, unless SESSION_HEALTH_ACTIVITY_PUBLIC=true), bad input refused with a
// JSON reason, tabs counted over the real RPC (a tab that disconnects stops counting), activity moving the deadline,
// reports rate-limited per connection, status pushed at most once a second, and the gauge session_health_idle_seconds.
import { expect } from 'chai';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { connectTheiaClient, TheiaClient } from '../../helpers/theia-client';
import {
    ACTIVITY_PUBLIC_ENV, ACTIVITY_ROUTE, ActivityReport, IDLE_SERVICE_PATH, IdleClient, IdleService, IdleStatus, MIN_STATUS_PUSH_INTERVAL_MS
} from '../../../src/common/idle/idle-protocol';
import { METRICS_ROUTE } from '../../../src/common/reports/reports-protocol';

const TOKEN = 'idle-activity-metrics-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };

async function activity(backend: RunningBackend, query = '', headers: Record<string, string> = AUTH): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(backend.url + ACTIVITY_ROUTE + query, { headers });
    return { status: response.status, body: await response.json() as Record<string, unknown> };
}

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let value = await read();
    while (!ok(value)) {
        if (Date.now() > deadline) {
            throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
        }
        await new Promise(resolve => setTimeout(resolve, 100));
        value = await read();
    }
    return value;
}

describe('integration: GET /session-health/activity', function (): void {
    this.timeout(120000);
    let backend: RunningBackend;
    const clients: TheiaClient[] = [];

    before(async () => {
        backend = await startBackend({ env: { SESSION_HEALTH_IDLE_TIMEOUT_SECONDS: '1800', SESSION_HEALTH_METRICS_TOKEN: TOKEN, KUBERNETES_SERVICE_HOST: '' } });
    });
    after(async () => {
        clients.forEach(c => c.close());
        await backend?.stop();
    });

    it('answers the public fields, with the deadline from the environment', async () => {
        const { status, body } = await activity(backend);
        expect(status).to.equal(200);
        expect(Object.keys(body).sort()).to.deep.equal(['connectedTabs', 'idleSeconds', 'idleTimeoutSeconds', 'lastActivity', 'stopsAt', 'visibleTabs']);
        const report = body as unknown as ActivityReport;
        expect(report.idleTimeoutSeconds).to.equal(1800);
        expect(Date.parse(report.stopsAt!) - Date.parse(report.lastActivity)).to.equal(1800_000);
        expect(report.idleSeconds).to.be.a('number').and.at.least(0);
        expect(Math.abs(Date.now() - Date.parse(report.lastActivity) - report.idleSeconds * 1000)).to.be.below(5000);
    });

    it('is behind the metrics bearer token: 401 with a JSON reason without it or with a wrong one', async () => {
        for (const headers of [{}, { authorization: 'Bearer wrong-token-of-some-length' }, { authorization: TOKEN }] as Record<string, string>[]) {
            const { status, body } = await activity(backend, '', headers);
            expect(status, JSON.stringify(headers)).to.equal(401);
            expect(body).to.include({ error: 'unauthorized' });
            expect(body.reason).to.match(/bearer token/);
            expect(body).not.to.have.property('lastActivity');
        }
    });

    it('refuses query parameters with 400 and a JSON reason', async () => {
        const { status, body } = await activity(backend, '?stopsAt=2099-01-01T00:00:00Z');
        expect(status).to.equal(400);
        expect(body).to.include({ error: 'bad-request' });
        expect(body.reason).to.contain('takes no query parameters');
    });

    it('counts connected and visible tabs over the real RPC; activity moves the deadline; a closed tab stops counting', async () => {
        const before = (await activity(backend)).body as unknown as ActivityReport;
        const a = await connectTheiaClient(backend.url);
        const b = await connectTheiaClient(backend.url);
        clients.push(a, b);
        const idleA = await a.createProxy<IdleService>(IDLE_SERVICE_PATH);
        const idleB = await b.createProxy<IdleService>(IDLE_SERVICE_PATH);
        await idleA.report({ activity: false, visible: true });
        const visibleOnly = await idleB.report({ activity: false, visible: false });
        expect(visibleOnly).to.include({ connectedTabs: 2, visibleTabs: 1, lastActivity: before.lastActivity });

        // A malformed report is refused and changes nothing.
        const refused = await idleB.report({ activity: 'yes', visible: true } as never).then(() => 'accepted', (e: Error) => e.message);
        expect(refused).to.contain('Idle report refused');
        expect(((await activity(backend)).body as unknown as ActivityReport).lastActivity).to.equal(before.lastActivity);

        await new Promise(resolve => setTimeout(resolve, 1100));
        const sentAt = Date.now();
        const after = await idleB.report({ activity: true, visible: false });
        expect(Date.parse(after.lastActivity)).to.be.above(Date.parse(before.lastActivity));
        expect(Math.abs(Date.parse(after.lastActivity) - sentAt)).to.be.below(2000);
        expect(Date.parse(after.stopsAt!) - Date.parse(after.lastActivity)).to.equal(1800_000);
        const route = (await activity(backend)).body as unknown as ActivityReport;
        expect(route).to.include({ lastActivity: after.lastActivity, stopsAt: after.stopsAt, connectedTabs: 2, visibleTabs: 1 });

        a.close();
        await until('tabs after one closed', async () => (await activity(backend)).body, r => r.connectedTabs === 1 && r.visibleTabs === 0);
    });

    it('rate-limits each connection\'s reports and pushes the status to the other tabs at most once a second (issue 23)', async () => {
        const pushes: { at: number; status: IdleStatus }[] = [];
        const listener: IdleClient = { onIdleStatus: status => { pushes.push({ at: Date.now(), status }); } };
        const flooder = await connectTheiaClient(backend.url);
        const watcher = await connectTheiaClient(backend.url);
        clients.push(flooder, watcher);
        const flood = await flooder.createProxy<IdleService>(IDLE_SERVICE_PATH);
        await (await watcher.createProxy<IdleService>(IDLE_SERVICE_PATH, listener)).report({ activity: false, visible: true });
        const results = await Promise.all(Array.from({ length: 60 }, () => flood.report({ activity: true, visible: true }).then(s => s, (e: Error) => e)));
        const refused = results.filter((r): r is Error => r instanceof Error);
        expect(refused.length, 'reports refused of 60 sent at once').to.be.at.least(40);
        expect(refused[0].message).to.match(/Idle report refused: more than \d+ reports a second on this connection; retry after \d+ s/);
        const newest = results.filter((r): r is IdleStatus => !(r instanceof Error)).map(r => r.lastActivity).sort().pop()!;
        // The newest activity reaches the watching tab (at the end of the second at the latest) ...
        await until('the newest status pushed to the other tab', async () => pushes.map(p => p.status.lastActivity), seen => seen.includes(newest));
        // ... and no two pushes came close together. Timed where the client receives them: a push delivered late (the
        // first one goes out while 60 reports are in flight) shortens the next gap, so half the interval is allowed;
        // an unthrottled push per report would come milliseconds apart.
        const gaps = pushes.slice(1).map((p, i) => p.at - pushes[i].at);
        expect(gaps.every(g => g >= MIN_STATUS_PUSH_INTERVAL_MS / 2), `gaps between pushes: ${gaps.join(', ')} ms`).to.equal(true);
        expect(pushes.length).to.be.within(1, 3);
    });

    it('exposes session_health_idle_seconds on /session-health/metrics', async () => {
        const text = await (await fetch(backend.url + METRICS_ROUTE, { headers: AUTH })).text();
        const match = /^session_health_idle_seconds (\d+)$/m.exec(text);
        expect(match, text.slice(0, 500)).to.not.equal(null);
        const route = (await activity(backend)).body as unknown as ActivityReport;
        expect(Math.abs(Number(match![1]) - route.idleSeconds)).to.be.at.most(2);
    });
});

describe('integration: GET /session-health/activity without SESSION_HEALTH_METRICS_TOKEN (issue 23)', function (): void {
    this.timeout(120000);
    let backend: RunningBackend | undefined;
    afterEach(async () => { await backend?.stop(); backend = undefined; });

    it('answers 403 with a JSON reason naming the variable, and the start-up log says the route is closed', async () => {
        backend = await startBackend({ env: { SESSION_HEALTH_METRICS_TOKEN: undefined, [ACTIVITY_PUBLIC_ENV]: undefined, KUBERNETES_SERVICE_HOST: '' } });
        const { status, body } = await activity(backend, '', {});
        expect(status).to.equal(403);
        expect(body).to.include({ error: 'forbidden' });
        expect(body.reason).to.contain('SESSION_HEALTH_METRICS_TOKEN').and.contain(ACTIVITY_PUBLIC_ENV);
        expect(body).not.to.have.property('lastActivity');
        await until('the start-up log line', async () => backend!.output(), out => out.includes(`${ACTIVITY_ROUTE} is closed (403)`));
    });

    it(`answers without a token when the admin sets ${ACTIVITY_PUBLIC_ENV}=true, and the log says it is open`, async () => {
        backend = await startBackend({ env: { SESSION_HEALTH_METRICS_TOKEN: undefined, [ACTIVITY_PUBLIC_ENV]: 'true', KUBERNETES_SERVICE_HOST: '' } });
        const { status, body } = await activity(backend, '', {});
        expect(status).to.equal(200);
        expect(body).to.have.property('lastActivity');
        await until('the start-up log line', async () => backend!.output(), out => out.includes(`${ACTIVITY_ROUTE} is OPEN`));
    });
});
