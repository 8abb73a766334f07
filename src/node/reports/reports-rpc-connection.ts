// *****************************************************************************
// Report submission over RPC: one ReportsService object per RPC connection (one browser tab's connection), with
// the limits of the HTTP route (records and bytes per call, and the same requests-per-second bucket, keyed on the
// connection-token cookie of the tab's Socket.IO handshake, so a reconnect gets no fresh burst) and the tab binding: a connection reports for one tab only (the tabId of its first batch), and a tab whose id a live
// connection holds cannot be reported for from another. Refusals throw with a reason and store nothing; the
// browser sends records of other tabs (closed tabs, earlier page loads) over HTTP instead.
// *****************************************************************************

import { inject, injectable, postConstruct } from '@theia/core/shared/inversify';
import { ConnectionHandler } from '@theia/core/lib/common/messaging/handler';
import { RpcProxyFactory } from '@theia/core/lib/common/messaging/proxy-factory';
import type { Channel } from '@theia/core/lib/common/message-rpc/channel';
import { MAX_BODY_BYTES, REPORTS_SERVICE_PATH, ReportBatch, ReportIngestResult, ReportsService } from '../../common/reports/reports-protocol';
import { ReportIngest, ReportRejection } from './report-ingest';
import { RateLimiter, reportClientKey } from '../http/rate-limiter';
import { HttpGuard } from '../http/http-guard';
import { ReportRateLimiter } from './report-rate-limiter';
import { socketOfMainChannel } from '../connection/channel-socket';

/** Which live RPC connection holds which tab id. */
export class ReportTabOwners {
    protected readonly owners = new Map<string, object>();

    /** True when the tab is free or already held by `owner` (which then holds it). */
    claim(tabId: string, owner: object): boolean {
        const current = this.owners.get(tabId);
        if (current !== undefined && current !== owner) {
            return false;
        }
        this.owners.set(tabId, owner);
        return true;
    }

    release(tabId: string, owner: object): void {
        if (this.owners.get(tabId) === owner) {
            this.owners.delete(tabId);
        }
    }

    get size(): number {
        return this.owners.size;
    }
}

export class ReportsRpcConnection implements ReportsService {
    protected tabId: string | undefined;

    constructor(protected readonly ingest: ReportIngest, protected readonly limiter: RateLimiter, protected readonly owners: ReportTabOwners,
        protected readonly clientKey: string = reportClientKey(undefined)) { }

    async submit(raw: ReportBatch): Promise<ReportIngestResult> {
        try {
            return await this.ingest.accept(this.admit(raw), 'rpc');
        } catch (error) {
            if (error instanceof ReportRejection) {
                throw new Error(`Report batch refused: ${error.reason}`);
            }
            throw error;
        }
    }

    /** Every check before the store is touched; throws ReportRejection (counted in the metrics). */
    protected admit(raw: unknown): ReportBatch {
        const wait = this.limiter.take(this.clientKey);
        if (wait > 0) {
            throw this.refused(429, 'rate-limited', `Too many report requests from this client; retry after ${wait} s`);
        }
        const batch = this.ingest.check(raw);
        const bytes = Buffer.byteLength(JSON.stringify(batch));
        if (bytes > MAX_BODY_BYTES) {
            throw this.refused(413, 'payload-too-large', `Batch is ${bytes} bytes of JSON; the limit is ${MAX_BODY_BYTES}`);
        }
        const tabId = batch.records[0].tabId;
        const other = batch.records.find(r => r.tabId !== tabId);
        if (other || (this.tabId !== undefined && tabId !== this.tabId)) {
            const bound = this.tabId ?? tabId;
            const foreign = other?.tabId ?? tabId;
            throw this.refused(403, 'tab-mismatch', `This connection reports for tab ${JSON.stringify(bound)}, not ${JSON.stringify(foreign)}: send records of other tabs over HTTP`);
        }
        if (!this.owners.claim(tabId, this)) {
            throw this.refused(403, 'tab-taken', `Tab ${JSON.stringify(tabId)} is reported for by another live connection`);
        }
        this.tabId = tabId;
        return batch;
    }

    protected refused(status: number, error: string, reason: string): ReportRejection {
        this.ingest.metrics.rejected(status);
        return new ReportRejection(status, reason, error);
    }

    dispose(): void {
        if (this.tabId !== undefined) {
            this.owners.release(this.tabId, this);
        }
    }
}

/**
 * Serves REPORTS_SERVICE_PATH with a new ReportsRpcConnection for each connection, released when it closes. Bound
 * once; each frontend connection's container hands it that connection's main channel (reports-backend-module.ts).
 */
@injectable()
export class ReportsRpcConnectionHandler implements ConnectionHandler {
    readonly path = REPORTS_SERVICE_PATH;
    @inject(ReportIngest) protected readonly ingest: ReportIngest;
    @inject(ReportRateLimiter) protected readonly rate: RateLimiter;
    @inject(HttpGuard) protected readonly guard: HttpGuard;
    protected readonly owners = new ReportTabOwners();

    @postConstruct()
    protected init(): void {
        // session_health_connected_tabs: the tabs bound to a live connection right now.
        this.ingest.metrics.connectedTabsSource = () => this.owners.size;
    }

    onConnection(channel: Channel, mainChannel?: Channel): void {
        const key = this.guard.clientKey(socketOfMainChannel(mainChannel)?.handshake.headers.cookie);
        const connection = new ReportsRpcConnection(this.ingest, this.rate, this.owners, key);
        const factory = new RpcProxyFactory<ReportsService>(connection);
        channel.onClose(() => connection.dispose());
        factory.listen(channel);
    }
}
