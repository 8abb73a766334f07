// Issue 6: the exposition passes `promtool check metrics`, and Debian's Prometheus server scrapes the real
// backend and returns one of our series through its HTTP API.
import { expect } from 'chai';
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { fetchConnectionCookie } from '../../helpers/theia-client';
import { TEST_TMP } from '../../helpers/paths';
import { freePort } from '../../helpers/probe-proxies';
import { waitUntil } from '../../helpers/wait-until';
import { postReports, validRecord } from '../../helpers/reports-fixtures';
import { METRICS_ROUTE } from '../../../src/common/reports/reports-protocol';

const PROMTOOL = '/usr/bin/promtool';
const PROMETHEUS = '/usr/bin/prometheus';
const METRICS_TOKEN = 'scrape-secret-for-tests';

describe('integration: Prometheus reads the session_health_ series of the real backend', function (): void {
    this.timeout(120000);
    const dir = path.join(TEST_TMP, `reports-prometheus-${process.pid}`);
    let backend: RunningBackend | undefined;
    let prometheus: ChildProcess | undefined;
    let exposition = '';

    before(async () => {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir, { recursive: true });
        backend = await startBackend({ env: { SESSION_HEALTH_DATA_DIR: path.join(dir, 'data'), SESSION_HEALTH_METRICS_TOKEN: METRICS_TOKEN } });
        const cookie = await fetchConnectionCookie(backend.url);
        const records = [
            validRecord({ type: 'connect', fields: { transport: 'polling' } }, 1),
            validRecord({ type: 'upgrade', fields: { transport: 'websocket' } }, 2),
            validRecord({ type: 'disconnect', fields: { reason: 'transport close', sessionMs: 30500 } }, 3),
            validRecord({ type: 'offline', fields: { detectMs: 4200 } }, 4),
            validRecord({ type: 'reconnect', fields: { attempts: 2, offlineMs: 12000, instanceChanged: true } }, 5),
            validRecord({ type: 'handshake-error', fields: { code: 4, status: 403, message: 'Forbidden' } }, 6),
            validRecord({ type: 'upgrade-error', fields: { message: 'websocket error' } }, 7),
            validRecord({ type: 'summary', fields: { rttCount: 20, rttP50Ms: 12, rttP95Ms: 40, rttMaxMs: 80, missedHeartbeats: 1, transport: 'websocket', droppedRecords: 3 } }, 8)
        ];
        const r = await postReports(backend.url, JSON.stringify({ records }), { 'content-type': 'application/json', cookie });
        expect(r.status, r.body).to.equal(200);
        const response = await fetch(backend.url + METRICS_ROUTE, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
        exposition = await response.text();
    });
    after(async () => {
        if (prometheus && prometheus.exitCode === null) {
            const exited = new Promise(resolve => prometheus!.once('exit', resolve));
            prometheus.kill('SIGTERM');
            await exited;
        }
        await backend?.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it('exposes every series with our prefix, low-cardinality labels and values from the records', () => {
        const names = new Set([...exposition.matchAll(/^# TYPE (\S+) /gm)].map(m => m[1]));
        for (const name of [
            'session_health_connections_total', 'session_health_reconnects_total', 'session_health_disconnects_total',
            'session_health_handshake_errors_total', 'session_health_websocket_upgrades_total', 'session_health_round_trip_seconds',
            'session_health_detect_seconds', 'session_health_offline_seconds', 'session_health_session_duration_seconds',
            'session_health_reports_received_total', 'session_health_reports_duplicated_total', 'session_health_reports_rejected_total',
            'session_health_browser_dropped_reports_total', 'session_health_sessions'
        ]) {
            expect(names, name).to.include(name);
        }
        expect([...names].every(n => n.startsWith('session_health_')), 'own registry only: no process_/nodejs_ defaults').to.equal(true);
        expect(exposition).to.contain('session_health_handshake_errors_total{code="4"} 1');
        expect(exposition, 'label values of deploy/monitoring/alerts.yaml').to.contain('session_health_connections_total{outcome="failure"} 1');
        expect(exposition).to.contain('session_health_reconnects_total{instance_changed="true"} 1');
        expect(exposition).to.contain('session_health_session_duration_seconds_bucket{le="86400"} 1');
        expect(exposition).to.contain('session_health_browser_dropped_reports_total 3');
        expect(exposition).to.contain('session_health_sessions{transport="websocket"} 1');
        expect(exposition, 'no per-session labels').not.to.match(/[{,](sid|tab|tab_id|instance|user|pod)=/);
    });

    it('passes promtool check metrics', () => {
        const result = spawnSync(PROMTOOL, ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
        expect(result.status, `${result.stdout}${result.stderr}`).to.equal(0);
        expect(`${result.stdout}${result.stderr}`.trim()).to.equal('');
    });

    it('is scraped by a real Prometheus server that returns our series through its HTTP API', async () => {
        const port = await freePort();
        const config = path.join(dir, 'prometheus.yml');
        fs.writeFileSync(config, [
            'global:', '  scrape_interval: 1s', '  scrape_timeout: 1s',
            'scrape_configs:', '  - job_name: session-health',
            `    metrics_path: ${METRICS_ROUTE}`,
            '    authorization:', `      credentials: ${METRICS_TOKEN}`,
            '    static_configs:', `      - targets: ['127.0.0.1:${backend!.port}']`, ''
        ].join('\n'));
        prometheus = spawn(PROMETHEUS, [
            `--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`
        ], { stdio: ['ignore', 'pipe', 'pipe'] });
        let log = '';
        prometheus.stdout!.on('data', c => log += c);
        prometheus.stderr!.on('data', c => log += c);
        const query = encodeURIComponent('session_health_handshake_errors_total{code="4"}');
        const value = await waitUntil('Prometheus returning the series', async () => {
            const response = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${query}`);
            const body = await response.json() as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
            return body.data.result[0];
        }, 60000).catch(error => { throw new Error(`${error.message}\n${log.slice(-2000)}`); });
        expect(value.metric.job).to.equal('session-health');
        expect(value.value[1]).to.equal('1');
    });
});
