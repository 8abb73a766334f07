// Issue 26: the one prom-client registry is a bound service of its own (node/metrics/), and the report series, the
// idle gauge and the restart counter all land on it (one exposition), with no capability reaching into reports.
import { expect } from 'chai';
import { Container } from '@theia/core/shared/inversify';
import { Counter, Gauge } from 'prom-client';
import { DefaultMetricsRegistry, MetricsRegistry } from '../../../src/node/metrics/metrics-registry';
import { ReportMetrics } from '../../../src/node/reports/report-metrics';
import { RestartMetrics } from '../../../src/node/lifecycle/restart-metrics';
import { RESTARTS_METRIC } from '../../../src/common/lifecycle/lifecycle-protocol';

describe('node/metrics: MetricsRegistry', () => {
    it('makes a series once: a second request returns the registered one', () => {
        const metrics = new DefaultMetricsRegistry();
        const make = (registers: typeof metrics.registry[]) => new Gauge({ name: 'test_gauge', help: 'h', registers });
        const first = metrics.series('test_gauge', make);
        expect(metrics.series('test_gauge', make)).to.equal(first);
        expect(metrics.registry.getMetricsAsArray()).to.have.length(1);
    });

    it('carries the report series and a capability\'s own series in one exposition', async () => {
        const metrics = new DefaultMetricsRegistry();
        const reports = new ReportMetrics(metrics.registry);
        metrics.series('session_health_idle_seconds', registers => new Gauge({ name: 'session_health_idle_seconds', help: 'h', registers }));
        const text = await reports.exposition();
        expect(text).to.contain('session_health_reports_received_total');
        expect(text).to.contain('session_health_idle_seconds');
    });

    it('is what RestartMetrics counts on when bound, and nothing is counted when it is not (reports switched off)', async () => {
        const container = new Container();
        container.bind(RestartMetrics).toSelf().inSingletonScope();
        expect(container.get(RestartMetrics).ensure(), 'unbound: no counter').to.equal(undefined);

        container.bind(DefaultMetricsRegistry).toSelf().inSingletonScope();
        container.bind(MetricsRegistry).toService(DefaultMetricsRegistry);
        const restarts = new Container();
        restarts.parent = container;
        restarts.bind(RestartMetrics).toSelf().inSingletonScope();
        restarts.get(RestartMetrics).count('crash');
        const registry = container.get<MetricsRegistry>(MetricsRegistry).registry;
        const counter = registry.getSingleMetric(RESTARTS_METRIC) as Counter<'cause'>;
        expect(counter, 'the counter is on the shared registry').to.not.equal(undefined);
        expect((await counter.get()).values.reduce((n, v) => n + v.value, 0)).to.equal(1);
    });
});
