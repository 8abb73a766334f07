// *****************************************************************************
// The parts of the server bundle (GET /session-health/bundle, `session-health bundle`): the instance, the
// drain state, storage verdicts and ledger summaries of the workspace roots, counts of stored report records
// by type for the last 24 h, a metrics snapshot and the Session Health environment (secrets masked).
// *****************************************************************************

import * as os from 'os';
import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { WorkspaceServer } from '@theia/workspace/lib/common/workspace-protocol';
import { BundlePart, BundlePartContext } from '../../common/bundle/bundle-assembly';
import { BUNDLE_WINDOW_MS } from '../../common/bundle/bundle-protocol';
import { StorageClassificationService } from '../../common/storage/storage-protocol';
import { BackendInstanceProvider } from '../backend-instance';
import { HealthContribution } from '../health/health-contribution';
import { workspaceRoots } from '../ledger/workspace-roots';
import { ReportIngest } from '../reports/report-ingest';
import { ledgerSummary } from './server-ledger-summary';

/** Environment variables the bundle shows (names starting with these); secret-named values are masked. */
export const BUNDLE_ENV_PREFIXES = ['SESSION_HEALTH_', 'OTEL_', 'THEIA_', 'KUBERNETES_SERVICE_'];
/** Reading the record store stops after this long (the counts then say `complete: false`). */
const RECORD_COUNT_BUDGET_MS = 1200;
const RECORD_PAGE = 10000;

@injectable()
export class ServerBundleParts {
    @inject(BackendInstanceProvider) protected readonly instanceProvider: BackendInstanceProvider;
    @inject(ReportIngest) @optional() protected readonly ingest: ReportIngest | undefined;
    @inject(HealthContribution) @optional() protected readonly health: HealthContribution | undefined;
    @inject(StorageClassificationService) @optional() protected readonly storage: StorageClassificationService | undefined;
    @inject(WorkspaceServer) @optional() protected readonly workspaceServer: WorkspaceServer | undefined;

    parts(): BundlePart[] {
        let roots: Promise<string[]> | undefined;
        const openRoots = () => roots ??= this.workspaceServer?.getMostRecentlyUsedWorkspace().then(workspaceRoots) ?? Promise.resolve([]);
        return [
            { id: 'instance', collect: () => this.instance() },
            { id: 'drain', collect: () => ({ draining: this.health ? this.health.draining : 'unknown (health switched off)' }) },
            { id: 'storage', collect: async () => this.storage ? (await this.storage.classifyWorkspace({ roots: await openRoots() })) : { error: 'storage switched off' } },
            { id: 'ledger', collect: async () => Promise.all((await openRoots()).map(root => ledgerSummary(root))) },
            { id: 'records', collect: ctx => this.ingest ? this.recordCounts(this.ingest, ctx) : { error: 'reports switched off' } },
            { id: 'metrics', collect: () => this.ingest ? this.ingest.metrics.registry.getMetricsAsJSON() : { error: 'reports switched off' } },
            { id: 'environment', collect: ctx => ctx.redactor.env(this.environment()) }
        ];
    }

    protected instance(): object {
        return {
            ...this.instanceProvider.instance,
            pid: process.pid,
            uptimeSeconds: Math.round(process.uptime()),
            node: process.version,
            platform: `${os.platform()} ${os.release()} ${os.arch()}`,
            memory: { rssBytes: process.memoryUsage().rss, heapUsedBytes: process.memoryUsage().heapUsed }
        };
    }

    protected environment(): Record<string, string | undefined> {
        const picked: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(process.env)) {
            if (BUNDLE_ENV_PREFIXES.some(p => name.startsWith(p))) {
                picked[name] = value;
            }
        }
        return picked;
    }

    protected async recordCounts(ingest: ReportIngest, ctx: BundlePartContext): Promise<object> {
        const store = await ingest.store();
        const since = ctx.now - BUNDLE_WINDOW_MS;
        const byType: Record<string, number> = {};
        const tabs = new Set<string>();
        let cursor = since;
        let total = 0;
        let complete = true;
        const deadline = Date.now() + RECORD_COUNT_BUDGET_MS;
        for (; ;) {
            const page = await store.read(cursor, RECORD_PAGE);
            for (const r of page.records) {
                byType[r.type] = (byType[r.type] ?? 0) + 1;
                tabs.add(r.tabId);
                total++;
            }
            if (page.next === undefined) {
                break;
            }
            cursor = page.next;
            if (Date.now() > deadline) {
                complete = false;
                break;
            }
        }
        return { since: new Date(since).toISOString(), total, byType, tabs: tabs.size, complete, ...(complete ? {} : { countedUpTo: new Date(cursor).toISOString() }) };
    }
}
