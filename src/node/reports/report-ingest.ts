// *****************************************************************************
// The backend side of the reports: one store and the report series (on the shared MetricsRegistry), fed by RPC and HTTP.
// Configuration comes from the environment (see docs/keepalive-metrics.md).
// *****************************************************************************

import * as os from 'os';
import * as path from 'path';
import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { EnvVariablesServer } from '@theia/core/lib/common/env-variables';
import { FileUri } from '@theia/core/lib/common/file-uri';
import { Emitter, Event } from '@theia/core/lib/common/event';
import { ReportBatch, ReportIngestResult, ReportRecord, validateBatch } from '../../common/reports/reports-protocol';
import { ReportStore } from './report-store';
import { DEFAULT_STORE_LIMITS } from './report-store-format';
import { ReportMetrics } from './report-metrics';
import { MetricsRegistry } from '../metrics/metrics-registry';
import { DATA_DIR_ENV, envInteger, FILE_BYTES_ENV, MAX_BYTES_ENV } from './reports-env';


export class ReportRejection extends Error {
    constructor(readonly status: number, readonly reason: string, readonly error = 'bad-request') {
        super(reason);
    }
}

/** What one store call wrote: the records and, in the same order, their NDJSON lines as written. */
export interface StoredRecords {
    readonly records: readonly ReportRecord[];
    readonly lines: readonly string[];
}

@injectable()
export class ReportIngest {
    @inject(EnvVariablesServer) protected readonly envVariables: EnvVariablesServer;

    @inject(MetricsRegistry) @optional() protected readonly metricsRegistry: MetricsRegistry | undefined;

    protected reportMetrics: ReportMetrics | undefined;
    /** Made on first use: injected properties are not set yet while field initializers run. */
    get metrics(): ReportMetrics {
        return this.reportMetrics ??= new ReportMetrics(this.metricsRegistry?.registry);
    }
    protected readonly onDidStoreEmitter = new Emitter<StoredRecords>();
    /** Records stored for the first time (after dedupe), synchronously after the store accepted them. */
    readonly onDidStore: Event<StoredRecords> = this.onDidStoreEmitter.event;
    protected storePromise: Promise<ReportStore> | undefined;

    store(): Promise<ReportStore> {
        if (!this.storePromise) {
            this.storePromise = this.createStore();
        }
        return this.storePromise;
    }

    protected async dataDir(): Promise<string> {
        const configured = process.env[DATA_DIR_ENV];
        if (configured && configured.trim()) {
            return path.resolve(configured);
        }
        try {
            return path.join(FileUri.fsPath(await this.envVariables.getConfigDirUri()), 'session-health', 'reports');
        } catch {
            return path.join(os.homedir(), '.theia', 'session-health', 'reports');
        }
    }

    protected async createStore(): Promise<ReportStore> {
        const maxTotalBytes = envInteger(MAX_BYTES_ENV, DEFAULT_STORE_LIMITS.maxTotalBytes, 1024 * 1024, 1024 * 1024 * 1024 * 64);
        const maxFileBytes = Math.min(maxTotalBytes, envInteger(FILE_BYTES_ENV, DEFAULT_STORE_LIMITS.maxFileBytes, 64 * 1024, 1024 * 1024 * 1024));
        const store = new ReportStore({ dir: await this.dataDir(), maxTotalBytes, maxFileBytes, dedupeWindow: DEFAULT_STORE_LIMITS.dedupeWindow });
        await store.init();
        return store;
    }

    /** Validates strictly; throws ReportRejection(400) with a reason for a bad batch (counted). */
    check(raw: unknown): ReportBatch {
        const result = validateBatch(raw);
        if (!result.ok) {
            this.metrics.rejected(400);
            throw new ReportRejection(400, result.reason);
        }
        return result.batch;
    }

    /** Stores a validated batch (each record id once) and counts it. */
    async accept(batch: ReportBatch, channel: 'rpc' | 'http'): Promise<ReportIngestResult> {
        const store = await this.store();
        const { accepted, lines, duplicates } = await store.store(batch.records);
        this.metrics.observe(accepted, channel, duplicates);
        if (accepted.length) {
            this.onDidStoreEmitter.fire({ records: accepted, lines });
        }
        return { accepted: accepted.length, duplicates };
    }

    /** Validates and stores; throws ReportRejection(400) with a reason for a bad batch. */
    async ingest(raw: unknown, channel: 'rpc' | 'http'): Promise<ReportIngestResult> {
        return this.accept(this.check(raw), channel);
    }
}
