// *****************************************************************************
// Optional OTLP/HTTP (JSON) export of the same session_health_* series, for fleets that run an OpenTelemetry
// collector. Started only when OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_METRICS_ENDPOINT is set;
// the exporter reads those (and OTEL_EXPORTER_OTLP_HEADERS etc.) itself. Counters and the gauge are observed
// from the prom-client registry at each export; histograms are recorded to both (OpenTelemetry has no
// observable histogram).
// *****************************************************************************

import { Attributes, Histogram, Meter, Observable } from '@opentelemetry/api';
import { InstrumentType, MeterProvider, PeriodicExportingMetricReader, PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { inject, injectable, named } from '@theia/core/shared/inversify';
import { ILogger } from '@theia/core/lib/common/logger';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { ReportIngest } from './report-ingest';
import { HISTOGRAM_BUCKETS } from './report-metric-labels';
import { ReportMetrics } from './report-metrics';
import { endpointForLog, scrubUrls } from './endpoint-text';
import { envInteger, OTLP_ENDPOINT_ENV, OTLP_INTERVAL_ENV, OTLP_METRICS_ENDPOINT_ENV, OTLP_TIMEOUT_ENV } from './reports-env';

const DEFAULT_INTERVAL_MS = 60000;
const DEFAULT_TIMEOUT_MS = 30000;
const METER_NAME = 'theia-session-health';

export function otlpExportEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
    return !!(env[OTLP_ENDPOINT_ENV]?.trim() || env[OTLP_METRICS_ENDPOINT_ENV]?.trim());
}

/** Registers observable instruments that read the registry, and mirrors the histograms; returns the provider. */
export function startOtlpExport(metrics: ReportMetrics, logger: Pick<ILogger, 'info' | 'warn'>, env: NodeJS.ProcessEnv = process.env): MeterProvider {
    const interval = envInteger(OTLP_INTERVAL_ENV, DEFAULT_INTERVAL_MS, 100, 24 * 3600 * 1000, env);
    const timeout = Math.min(interval, envInteger(OTLP_TIMEOUT_ENV, DEFAULT_TIMEOUT_MS, 100, 24 * 3600 * 1000, env));
    const exporter = new WarningExporter(new OTLPMetricExporter(), logger);
    const provider = new MeterProvider({
        readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: interval, exportTimeoutMillis: timeout })]
    });
    const meter = provider.getMeter(METER_NAME);
    registerObservables(meter, metrics);
    mirrorHistograms(meter, metrics);
    return provider;
}

type ExportCallback = Parameters<PushMetricExporter['export']>[1];

/** Says in the log when exports start failing (once) and when they work again; OpenTelemetry itself is silent. */
class WarningExporter implements PushMetricExporter {
    protected failing = false;

    constructor(protected readonly inner: PushMetricExporter, protected readonly logger: Pick<ILogger, 'info' | 'warn'>) { }

    export(metrics: ResourceMetrics, resultCallback: ExportCallback): void {
        this.inner.export(metrics, result => {
            const ok = result.code === 0;
            if (!ok && !this.failing) {
                this.logger.warn(`OTLP metrics export failed (retried every interval): ${scrubUrls(result.error?.message ?? 'unknown error')}`);
            } else if (ok && this.failing) {
                this.logger.info('OTLP metrics export works again');
            }
            this.failing = !ok;
            resultCallback(result);
        });
    }

    forceFlush(): Promise<void> {
        return this.inner.forceFlush();
    }

    selectAggregationTemporality(instrumentType: InstrumentType): ReturnType<NonNullable<PushMetricExporter['selectAggregationTemporality']>> {
        return this.inner.selectAggregationTemporality!(instrumentType);
    }

    selectAggregation(instrumentType: InstrumentType): ReturnType<NonNullable<PushMetricExporter['selectAggregation']>> {
        return this.inner.selectAggregation!(instrumentType);
    }

    shutdown(): Promise<void> {
        return this.inner.shutdown();
    }
}

function registerObservables(meter: Meter, metrics: ReportMetrics): void {
    const observables = new Map<string, Observable>();
    for (const metric of metrics.registry.getMetricsAsArray()) {
        const { name, help, type } = metric as unknown as { name: string; help: string; type: string };
        if (type === 'counter') {
            observables.set(name, meter.createObservableCounter(name, { description: help }));
        } else if (type === 'gauge') {
            observables.set(name, meter.createObservableGauge(name, { description: help }));
        }
    }
    meter.addBatchObservableCallback(async result => {
        for (const metric of await metrics.registry.getMetricsAsJSON()) {
            const observable = observables.get(metric.name);
            if (!observable) {
                continue;
            }
            for (const sample of metric.values) {
                result.observe(observable, sample.value, sample.labels as Attributes);
            }
        }
    }, [...observables.values()]);
}

function mirrorHistograms(meter: Meter, metrics: ReportMetrics): void {
    const histograms = new Map<string, Histogram>();
    for (const [name, buckets] of Object.entries(HISTOGRAM_BUCKETS)) {
        const help = (metrics.registry.getSingleMetric(name) as unknown as { help?: string } | undefined)?.help;
        histograms.set(name, meter.createHistogram(name, { description: help, unit: 's', advice: { explicitBucketBoundaries: [...buckets] } }));
    }
    metrics.histogramListeners.push((name, seconds) => histograms.get(name)?.record(seconds));
}

@injectable()
export class ReportsOtlpContribution implements BackendApplicationContribution {
    @inject(ILogger) @named('session-health:reports') protected readonly logger: ILogger;
    @inject(ReportIngest) protected readonly ingest: ReportIngest;
    protected provider: MeterProvider | undefined;

    initialize(): void {
        if (!otlpExportEnabled()) {
            return;
        }
        try {
            this.provider = startOtlpExport(this.ingest.metrics, this.logger);
            const endpoint = process.env[OTLP_METRICS_ENDPOINT_ENV]?.trim() || process.env[OTLP_ENDPOINT_ENV];
            this.logger.info(`exporting metrics over OTLP/HTTP (JSON) to ${endpointForLog(endpoint)}`);
        } catch (error) {
            this.logger.error(`cannot start the OTLP metrics export: ${scrubUrls(String((error as Error)?.message ?? error))}`);
        }
    }

    async onStop(): Promise<void> {
        await this.provider?.shutdown().catch(() => undefined);
    }
}
