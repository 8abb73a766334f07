// Issue 17: the low-cardinality series the fleet rules need.
import { expect } from 'chai';
import { ReportMetrics } from '../../../src/node/reports/report-metrics';
import { HISTOGRAM_BUCKETS, SESSION_CUT_LIFETIMES } from '../../../src/node/reports/report-metric-labels';

describe('ReportMetrics: series for the fleet rules', () => {
    it('exposes every disconnect reason and both reconnect kinds from 0, so increase() sees the first drop of a new process', async () => {
        const text = await new ReportMetrics().exposition();
        for (const reason of ['transport_close', 'ping_timeout', 'transport_error', 'io_client_disconnect', 'other']) {
            expect(text).to.contain(`session_health_disconnects_total{reason="${reason}"} 0`);
        }
        expect(text).to.contain('session_health_reconnects_total{instance_changed="true"} 0');
        expect(text).to.contain('session_health_log_records_dropped_total{reason="queue_full"} 0');
        expect(text).to.contain('session_health_log_records_dropped_total{reason="export_failed"} 0');
        expect(text).to.contain('session_health_log_records_exported_total 0');
    });

    it('session_health_connected_tabs reads its source at each scrape', async () => {
        const metrics = new ReportMetrics();
        expect(await metrics.exposition()).to.contain('session_health_connected_tabs 0');
        let tabs = 7;
        metrics.connectedTabsSource = () => tabs;
        expect(await metrics.exposition()).to.contain('session_health_connected_tabs 7');
        tabs = 1;
        expect(await metrics.exposition()).to.contain('session_health_connected_tabs 1');
    });

    it('places session-duration bucket bounds on both sides of every fixed lifetime and keeps the earlier bounds', () => {
        const bounds: readonly number[] = HISTOGRAM_BUCKETS.session_health_session_duration_seconds;
        for (const { lifetime, from, to } of SESSION_CUT_LIFETIMES) {
            expect(bounds, `${lifetime} s`).to.include.members([from, to]);
            expect(from).to.be.lessThan(lifetime);
            expect(to).to.be.greaterThan(lifetime);
        }
        expect(bounds).to.include.members([10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 28800, 43200, 86400]);
        expect([...bounds].sort((a, b) => a - b)).to.deep.equal([...bounds]);
    });

    it('counts a 30.4 s session in the 28-33 s band', async () => {
        const metrics = new ReportMetrics();
        metrics.observe([{ id: 'rec-00000001', seq: 1, tabId: 't', instanceId: '', sidHash: '', type: 'disconnect', at: 1, fields: { reason: 'transport close', sessionMs: 30400 } }], 'http', 0);
        const text = await metrics.exposition();
        expect(text).to.contain('session_health_session_duration_seconds_bucket{le="28"} 0');
        expect(text).to.contain('session_health_session_duration_seconds_bucket{le="33"} 1');
        expect(text).to.contain('session_health_disconnects_total{reason="transport_close"} 1');
    });
});
