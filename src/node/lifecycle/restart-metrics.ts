// *****************************************************************************
// session_health_backend_restarts_total{cause}, on the reports' prom-client registry (GET /session-health/metrics).
// ReportMetrics is not bound on its own: its registry is reached through the bound ReportIngest.
// *****************************************************************************

import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { Counter } from 'prom-client';
import { RESTART_CAUSES, RestartCause, RESTARTS_METRIC } from '../../common/lifecycle/lifecycle-protocol';
import { ReportIngest } from '../reports/report-ingest';

@injectable()
export class RestartMetrics {
    @inject(ReportIngest) @optional() protected readonly ingest: ReportIngest | undefined;
    protected counter: Counter<'cause'> | undefined;

    /** Counts one restart of the given cause (every cause is exported from the start, at 0). */
    count(cause: RestartCause): void {
        this.ensure()?.inc({ cause });
    }

    ensure(): Counter<'cause'> | undefined {
        const registry = this.ingest?.metrics.registry;
        if (!this.counter && registry) {
            this.counter = registry.getSingleMetric(RESTARTS_METRIC) as Counter<'cause'> | undefined ?? new Counter({
                name: RESTARTS_METRIC, help: 'Backend restarts seen by the new instance, by what happened to the previous one.',
                labelNames: ['cause'], registers: [registry]
            });
            for (const c of RESTART_CAUSES) {
                this.counter.inc({ cause: c }, 0);
            }
        }
        return this.counter;
    }
}
