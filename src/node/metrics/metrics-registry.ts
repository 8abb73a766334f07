// *****************************************************************************
// The one prom-client registry of Session Health (GET /session-health/metrics, the OTLP export): every capability
// registers its series here, never in prom-client's global registry (that one is Theia's /metrics).
// *****************************************************************************

import { injectable } from '@theia/core/shared/inversify';
import { Metric, Registry } from 'prom-client';

export const MetricsRegistry = Symbol('MetricsRegistry');
export interface MetricsRegistry {
    readonly registry: Registry;
    /** The series of that name, made (and registered) by `create` the first time only: a second module load must not throw. */
    series<T extends Metric<string>>(name: string, create: (registers: Registry[]) => T): T;
}

@injectable()
export class DefaultMetricsRegistry implements MetricsRegistry {
    readonly registry = new Registry();

    series<T extends Metric<string>>(name: string, create: (registers: Registry[]) => T): T {
        return this.registry.getSingleMetric(name) as T | undefined ?? create([this.registry]);
    }
}
