import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { inTempDir, MONITORING, promtool, requirePromtool } from '../../helpers/promtool';

describe('deploy/monitoring: Prometheus alert rules and Grafana dashboard', function () {
    this.timeout(60000);

    requirePromtool();

    it('promtool check rules passes', () => {
        const r = promtool(['check', 'rules', path.join(MONITORING, 'alerts.yaml')]);
        expect(r.code, r.output).to.equal(0);
        expect(r.output).to.match(/SUCCESS: 7 rules found/);
    });

    it('promtool test rules: every alert fires on a broken fleet and none on a healthy one', () => {
        const r = promtool(['test', 'rules', path.join(MONITORING, 'alerts.test.yaml')]);
        expect(r.code, r.output).to.equal(0);
        expect(r.output).to.contain('SUCCESS');
    });

    it('promtool check rules rejects a broken expression (the check can fail)', () => {
        inTempDir('alerts-', tmp => {
            const broken = fs.readFileSync(path.join(MONITORING, 'alerts.yaml'), 'utf8').replace('[5m])) > 0.05', '[5m]) > 0.05');
            fs.writeFileSync(path.join(tmp, 'alerts.yaml'), broken);
            expect(promtool(['check', 'rules', path.join(tmp, 'alerts.yaml')]).code).to.not.equal(0);
        });
    });

    it('the dashboard is valid JSON and queries only session_health_ series the alert rules also know', () => {
        const dashboard = JSON.parse(fs.readFileSync(path.join(MONITORING, 'grafana-dashboard.json'), 'utf8'));
        const exprs: string[] = dashboard.panels.flatMap((p: { targets: { expr: string }[] }) => p.targets.map(t => t.expr));
        expect(exprs.length).to.be.greaterThan(10);
        const metrics = new Set(exprs.flatMap(e => e.match(/\bsession_health_[a-z_]+/g) ?? []));
        const alerts = fs.readFileSync(path.join(MONITORING, 'alerts.yaml'), 'utf8');
        for (const name of ['session_health_handshake_errors_total', 'session_health_connections_total', 'session_health_websocket_upgrades_total',
            'session_health_sessions', 'session_health_offline_seconds_sum', 'session_health_session_duration_seconds_bucket']) {
            expect(metrics.has(name), name).to.equal(true);
            expect(alerts).to.contain(name);
        }
    });
});
