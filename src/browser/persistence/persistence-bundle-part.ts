// *****************************************************************************
// Bundle part `persistence`: the last check of this tab and its ledger summary, and the markers this browser
// remembers (nothing is re-run).
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { WorkspaceService } from '@theia/workspace/lib/browser/workspace-service';
import { BundlePartContext } from '../../common/bundle/bundle-assembly';
import { SupportBundleContribution } from '../bundle/support-bundle-contribution';
import { markerStorageKey, PersistenceCheckContribution } from './persistence-check-contribution';

@injectable()
export class PersistenceBundlePart implements SupportBundleContribution {
    @inject(PersistenceCheckContribution) protected readonly persistence: PersistenceCheckContribution;
    @inject(WorkspaceService) protected readonly workspace: WorkspaceService;
    readonly id = 'persistence';

    /** The last marker this browser saw per workspace root (what the next check compares with). */
    protected rememberedMarkers(): Record<string, unknown> {
        const out: Record<string, unknown> = {};
        for (const root of this.workspace.tryGetRoots()) {
            const key = root.resource.toString();
            let raw: string | null = null;
            try {
                raw = window.localStorage.getItem(markerStorageKey(key));
            } catch {
                raw = null;
            }
            try {
                out[key] = raw ? JSON.parse(raw) : null;
            } catch {
                out[key] = { unreadable: true };
            }
        }
        return out;
    }

    collect(ctx: BundlePartContext): unknown {
        const report = this.persistence.lastReport;
        const rememberedMarkers = this.rememberedMarkers();
        if (!report) {
            return ctx.redactor.value({ note: 'no persistence check ran in this tab', rememberedMarkers });
        }
        return ctx.redactor.value({
            rememberedMarkers,
            checkedAt: report.checkedAt, verdict: report.verdict, firstFailingStep: report.firstFailingStep, path: report.path,
            steps: report.steps.map(s => ({ id: s.id, verdict: s.verdict, durationMs: s.durationMs, reason: s.reason })),
            ledger: report.ledger, instance: report.instance
        });
    }
}
