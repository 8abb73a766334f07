// *****************************************************************************
// Bundle parts of the other capabilities, read from what this tab already knows (nothing is re-run):
// `storage` (verdicts of the workspace roots), `persistence` (the last check and its ledger summary),
// `probe` (the last connection-path probe) and `reports` (the report queue).
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { BundlePartContext } from '../../common/bundle/bundle-assembly';
import { StorageStatusContribution } from '../storage/storage-status-contribution';
import { WorkspaceService } from '@theia/workspace/lib/browser/workspace-service';
import { markerStorageKey, PersistenceCheckContribution } from './persistence-check-contribution';
import { ProbeCommandContribution } from '../probe/probe-command-contribution';
import { ConnectionReporter } from '../reports/connection-reporter';
import { SupportBundleContribution } from '../bundle/support-bundle-contribution';

@injectable()
export class StorageBundlePart implements SupportBundleContribution {
    @inject(StorageStatusContribution) protected readonly storage: StorageStatusContribution;
    readonly id = 'storage';

    collect(ctx: BundlePartContext): unknown {
        return ctx.redactor.value(this.storage.lastReport ?? { note: 'not classified yet' });
    }
}

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

@injectable()
export class ProbeBundlePart implements SupportBundleContribution {
    @inject(ProbeCommandContribution) protected readonly probe: ProbeCommandContribution;
    readonly id = 'probe';

    collect(ctx: BundlePartContext): unknown {
        const last = this.probe.lastProbe;
        return ctx.redactor.value(last.result ? { result: last.result, monitorNotes: last.notes } : { note: 'the connection path was not diagnosed in this tab' });
    }
}

@injectable()
export class ReportsBundlePart implements SupportBundleContribution {
    @inject(ConnectionReporter) protected readonly reporter: ConnectionReporter;
    readonly id = 'reports';

    collect(): unknown {
        return this.reporter.queueState();
    }
}
