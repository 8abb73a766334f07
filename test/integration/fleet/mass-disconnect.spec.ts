// Issue 17 end to end, all real: one Theia backend behind Debian's nginx (worker_shutdown_timeout 2s), 6 Chromium
// tabs through it, Debian's Prometheus loading the project's rule files and scraping the backend every second.
// Before the reload SessionHealthMassDisconnect stays silent (at least 60 s of scrapes, tabs loading and idle);
// `nginx -s reload` drops every tab's WebSocket, the tabs reconnect and report, and the alert fires within 60 s.
// Then every PromQL expression of the rule files and the dashboard runs against that Prometheus.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { BrowserContext, Page } from 'playwright-core';
import { CONNECTION_ITEM } from '../../helpers/ide-page';
import { closeSharedBrowser, sharedBrowser } from '../../helpers/chromium';
import { REPO_ROOT, TEST_TMP } from '../../helpers/paths';
import { fetchConnectionCookie } from '../../helpers/theia-client';
import { postReports, readStored, validRecord } from '../../helpers/reports-fixtures';
import { skipOrFail } from '../../helpers/requirements';
import { waitUntil } from '../../helpers/wait-until';
import { METRICS_ROUTE } from '../../../src/common/reports/reports-protocol';
import { NGINX, RunningNginx } from '../../helpers/probe-proxies';
import { PROMETHEUS, RULE_FILES, RunningPrometheus, startPrometheus, startReloadableNginx } from './prometheus-fleet';

const TABS = 6;
const ADMIN = 'fleet-e2e-admin-token-0123456789';
const ALERT = 'ALERTS{alertname="SessionHealthMassDisconnect",alertstate="firing"}';
const SILENT_WINDOW_S = 60;
const started = Date.now();
/** Progress with the time since the spec started (a loaded machine makes this spec slow; the log says where). */
function step(what: string): void {
    console.log(`      [${((Date.now() - started) / 1000).toFixed(0)} s] ${what}`);
}

interface RuleExpr { name: string; expr: string; kind: 'record' | 'alert' }

function ruleExpressions(): RuleExpr[] {
    return RULE_FILES.flatMap(file => (parse(fs.readFileSync(file, 'utf8')) as { groups: { rules: { record?: string; alert?: string; expr: string }[] }[] }).groups
        .flatMap(g => g.rules.map(r => ({ name: r.record ?? r.alert!, expr: r.expr, kind: r.record ? 'record' as const : 'alert' as const }))));
}

function dashboardExpressions(): string[] {
    const dashboard = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'deploy', 'monitoring', 'grafana-dashboard.json'), 'utf8'));
    return dashboard.panels.flatMap((p: { targets?: { expr: string }[] }) => (p.targets ?? []).map(t => t.expr.replace(/\$__rate_interval/g, '1m')));
}


describe('integration: fleet alert on a real ingress reload (nginx, 6 Chromium tabs, Prometheus)', function (): void {
    this.timeout(600000);
    const dataDir = path.join(TEST_TMP, `fleet-e2e-${process.pid}`);
    // A workspace of its own: its lifecycle ledger holds only this spec's backends, whatever other specs did before.
    const workspace = path.join(TEST_TMP, `fleet-e2e-ws-${process.pid}`);
    let backend: RunningBackend | undefined;
    let nginx: RunningNginx | undefined;
    let prometheus: RunningPrometheus | undefined;
    const tabs: Page[] = [];
    let context: BrowserContext | undefined;
    let scrapingSince = 0;
    const backendEnv = { SESSION_HEALTH_DATA_DIR: dataDir, SESSION_HEALTH_ADMIN_TOKEN: ADMIN };

    before(async function () {
        for (const tool of [PROMETHEUS, NGINX]) {
            if (!fs.existsSync(tool)) {
                skipOrFail(this, `${tool} is not installed`);
            }
        }
        fs.rmSync(dataDir, { recursive: true, force: true });
        fs.rmSync(workspace, { recursive: true, force: true });
        fs.mkdirSync(workspace, { recursive: true });
        fs.writeFileSync(path.join(workspace, 'README.md'), 'fleet e2e\n');
        backend = await startBackend({ workspace, env: backendEnv });
        nginx = await startReloadableNginx(backend.port);
        prometheus = await startPrometheus(`127.0.0.1:${backend.port}`, 'e2e');
        await waitUntil('the first scrape', async () => (await prometheus!.query('up{job="theia-ide"} == 1')).length ? true : undefined, 30000);
        scrapingSince = Date.now();
    });
    after(async () => {
        await context?.close().catch(() => undefined);
        await closeSharedBrowser();
        await prometheus?.stop();
        await nginx?.stop();
        await backend?.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
        fs.rmSync(workspace, { recursive: true, force: true });
    });

    it(`stays silent while ${TABS} tabs load and stay connected, and fires within 60 s of \`nginx -s reload\``, async () => {
        // One browser context: the tabs share the HTTP cache (the machine is small and shared); loaded side by side.
        context = await (await sharedBrowser()).newContext({ viewport: { width: 1024, height: 640 } });
        await Promise.all(Array.from({ length: TABS }, async (_, i) => {
            const page = await context!.newPage();
            tabs.push(page);
            await page.goto(nginx!.url, { timeout: 300000 });
            await page.locator(CONNECTION_ITEM).waitFor({ timeout: 300000 });
            step(`tab ${i + 1} shows the connection item`);
        }));
        // Connected = bound to a live connection on the backend (the series the alert divides by).
        await waitUntil(`session_health_connected_tabs = ${TABS} on the backend`, async () =>
            /^session_health_connected_tabs (\d+)$/m.exec(await (await fetch(backend!.url + METRICS_ROUTE)).text())?.[1] === String(TABS) ? true : undefined, 120000)
            .catch(async e => {
                throw new Error(`${e.message}; tab states: ${await Promise.all(tabs.map(t => t.locator(CONNECTION_ITEM).getAttribute('class')))}`);
            });
        step('every tab connected');
        await waitUntil(`session_health_connected_tabs = ${TABS} in Prometheus`, async () =>
            Number((await prometheus!.query('sum(session_health_connected_tabs)'))[0]?.value[1]) >= TABS ? true : undefined, 60000);
        // Silent for at least as long as the alert may take to fire (60 s of scrapes and evaluations since the first).
        const wait = scrapingSince + SILENT_WINDOW_S * 1000 - Date.now();
        if (wait > 0) {
            await new Promise(resolve => setTimeout(resolve, wait));
        }
        const silentFor = Math.round((Date.now() - scrapingSince) / 1000);
        const before = await prometheus!.query(`count_over_time(ALERTS{alertname="SessionHealthMassDisconnect"}[${silentFor}s])`);
        expect(before, `no mass-disconnect alert (pending or firing) during the ${silentFor} s without a reload`).to.deep.equal([]);
        const disconnectsBefore = (await readStored(backend!.url, ADMIN)).filter(r => r.type === 'disconnect').length;
        expect(disconnectsBefore, 'no tab dropped before the reload').to.equal(0);

        step(`silent for ${silentFor} s; reloading nginx`);
        const reloadAt = Date.now();
        nginx!.reload();
        await waitUntil('the alert', async () => (await prometheus!.query(ALERT)).length ? true : undefined, 60000, 100)
            .catch(async e => {
                const state = await Promise.all(['namespace:session_health_disconnects:increase1m', 'namespace:session_health_connected_tabs:max5m']
                    .map(async q => `${q} = ${JSON.stringify(await prometheus!.query(q))}`));
                throw new Error(`${e.message}\n${state.join('\n')}`);
            });
        const alertMs = Date.now() - reloadAt;
        console.log(`      reload -> SessionHealthMassDisconnect firing: ${(alertMs / 1000).toFixed(1)} s (silent for ${silentFor} s before)`);
        expect(alertMs, 'ms from the reload to the alert').to.be.at.most(60000);

        const [alert] = await prometheus!.query(ALERT);
        expect(alert.metric).to.deep.include({ namespace: 'e2e', severity: 'critical' });
        // The alert needs 5 drops; the last tab's record may still be on its way.
        await waitUntil(`all ${TABS} tabs reported their drop`, async () => {
            const drops = (await readStored(backend!.url, ADMIN)).filter(r => r.type === 'disconnect' && r.at >= reloadAt - 1000);
            return new Set(drops.map(r => r.tabId)).size === TABS ? true : undefined;
        }, 30000);
        await waitUntil(`all ${TABS} tabs connected again`, async () =>
            /^session_health_connected_tabs (\d+)$/m.exec(await (await fetch(backend!.url + METRICS_ROUTE)).text())?.[1] === String(TABS) ? true : undefined, 60000);
    });

    it('runs every PromQL expression of the rule files and the dashboard: no error, series from the scraped backend', async () => {
        // Records of the kinds the reload did not produce, so every series has samples: a tab that came back to
        // another backend instance (the restart-wave fallback counts such pods), a refused handshake, a failed upgrade.
        // A crash and a new instance on the same address: the new one counts the restart (the counter the restart-wave
        // rule and the dashboard read; every cause was exported at 0 before, so Prometheus sees it rise).
        const port = backend!.port;
        await backend!.stop('SIGKILL');
        backend = await startBackend({ workspace, port, env: backendEnv });
        await waitUntil('namespace:session_health_pods_restarted:count10m in Prometheus', async () =>
            (await prometheus!.query('namespace:session_health_pods_restarted:count10m')).length ? true : undefined, 30000)
            .catch(async e => {
                const exported = (await (await fetch(backend!.url + METRICS_ROUTE)).text()).split('\n').filter(l => l.startsWith('session_health_backend_restarts_total'));
                const instance = await (await fetch(`${backend!.url}/session-health/instance`)).text();
                const seen = await prometheus!.query('session_health_backend_restarts_total');
                throw new Error(`${e.message}\nexported: ${exported.join('; ')}\ninstance: ${instance}\nin Prometheus: ${JSON.stringify(seen)}`);
            });
        const cookie = await fetchConnectionCookie(backend!.url);
        const records = [
            validRecord({ type: 'reconnect', fields: { attempts: 1, offlineMs: 900, instanceChanged: true } }, 1),
            validRecord({ type: 'handshake-error', fields: { code: 4, status: 403, message: 'Forbidden' } }, 2),
            validRecord({ type: 'upgrade-error', fields: { message: 'websocket error' } }, 3),
            validRecord({ type: 'offline', fields: { detectMs: 2100 } }, 4),
            validRecord({ type: 'summary', fields: { rttCount: 20, rttP50Ms: 12, rttP95Ms: 40, rttMaxMs: 80, missedHeartbeats: 0, transport: 'polling' } }, 5)
        ];
        const r = await postReports(backend!.url, JSON.stringify({ records }), { 'content-type': 'application/json', cookie });
        expect(r.status, r.body).to.equal(200);
        for (const q of ['namespace:session_health_pods_taking_over_tabs:count10m', 'sum by (code) (rate(session_health_handshake_errors_total[1m]))']) {
            await waitUntil(`${q} in Prometheus`, async () => (await prometheus!.query(q)).length ? true : undefined, 20000);
        }

        const empty: string[] = [];
        const rules = ruleExpressions();
        expect(rules.filter(x => x.kind === 'alert').map(x => x.name)).to.include.members(['SessionHealthMassDisconnect', 'SessionHealthPeriodicCut', 'SessionHealthRestartWave']);
        for (const rule of rules) {
            const result = await prometheus!.query(rule.expr); // throws on a parse or evaluation error
            if (rule.kind === 'record') {
                expect(result.length, `recording rule ${rule.name} returns series`).to.be.greaterThan(0);
                expect((await prometheus!.query(rule.name)).length, `${rule.name} is recorded`).to.be.greaterThan(0);
            } else if (!result.length) {
                empty.push(rule.name);
            }
        }
        for (const expr of dashboardExpressions()) {
            // The alerts panel has series while an alert fires: the mass disconnect did, minutes ago.
            const result = await prometheus!.query(expr.startsWith('ALERTS') ? `count_over_time(${expr}[5m])` : expr);
            expect(result.length, `dashboard query ${expr} returns series`).to.be.greaterThan(0);
        }
        const rulesLoaded = await (await fetch(`http://127.0.0.1:${prometheus!.port}/api/v1/rules`)).json() as { data: { groups: { rules: { health: string; name: string; lastError?: string }[] }[] } };
        const unhealthy = rulesLoaded.data.groups.flatMap(g => g.rules).filter(x => x.health !== 'ok');
        expect(unhealthy, 'every loaded rule evaluates without error').to.deep.equal([]);
        console.log(`      ${rules.length} rule and ${dashboardExpressions().length} dashboard expressions ran; alerts not firing: ${empty.length}`);
    });
});
