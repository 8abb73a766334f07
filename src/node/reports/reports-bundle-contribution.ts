// *****************************************************************************
// The reports' parts of the server bundle: counts of stored report records by type for the last 24 h, and a
// snapshot of the metrics registry.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { BundlePart, BundlePartContext } from '../../common/bundle/bundle-assembly';
import { BUNDLE_WINDOW_MS } from '../../common/bundle/bundle-protocol';
import { ServerBundleContribution } from '../bundle/server-bundle-contribution';
import { ReportIngest } from './report-ingest';

/** Reading the record store stops after this long (the counts then say `complete: false`). */
const RECORD_COUNT_BUDGET_MS = 1200;
const RECORD_PAGE = 10000;

@injectable()
export class ReportsBundleContribution implements ServerBundleContribution {
    @inject(ReportIngest) protected readonly ingest: ReportIngest;

    parts(): BundlePart[] {
        return [
            { id: 'records', collect: ctx => this.recordCounts(this.ingest, ctx) },
            { id: 'metrics', collect: () => this.ingest.metrics.registry.getMetricsAsJSON() }
        ];
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
