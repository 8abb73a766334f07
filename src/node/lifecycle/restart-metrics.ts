// *****************************************************************************
// session_health_backend_restarts_total{cause}, on the shared metrics registry (GET /session-health/metrics);
// nothing is counted while reports (the registry's exposition) are switched off.
// *****************************************************************************

import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { Counter } from 'prom-client';
import { RESTART_CAUSES, RestartCause, RESTARTS_METRIC } from '../../common/lifecycle/lifecycle-protocol';
import { MetricsRegistry } from '../metrics/metrics-registry';

@injectable()
export class RestartMetrics {
    @inject(MetricsRegistry) @optional() protected readonly metrics: MetricsRegistry | undefined;
    protected counter: Counter<'cause'> | undefined;

    /** Counts one restart of the given cause (every cause is exported from the start, at 0). */
    count(cause: RestartCause): void {
        this.ensure()?.inc({ cause });
    }

    ensure(): Counter<'cause'> | undefined {
        if (!this.counter && this.metrics) {
            this.counter = this.metrics.series(RESTARTS_METRIC, registers => new Counter({
                name: RESTARTS_METRIC, help: 'Backend restarts seen by the new instance, by what happened to the previous one.',
                labelNames: ['cause'], registers
            }));
            for (const c of RESTART_CAUSES) {
                this.counter.inc({ cause: c }, 0);
            }
        }
        return this.counter;
    }
}
