// *****************************************************************************
// The persistence check: classification, write probe, space, permissions, restart survival, Kubernetes.
// Only sequences the steps (./steps/), under a per-root mutex and the cross-process lock; writes only inside its
// own directory below the workspace root, and leaves nothing of this run behind when it could not record a marker.
// *****************************************************************************

import * as path from 'path';
import { performance } from 'perf_hooks';
import { LEDGER_FILE_NAME, PersistenceCheckRequest, PersistenceReport, PersistenceStepId } from '../../common/persistence/persistence-protocol';
// The check and its steps are pure functions the CLI runs too (no container): they call node/ledger's functions
// directly; DefaultLedgerService only wraps them for the DI-managed callers.
import { removeCreated } from '../ledger/check-directory';
import { CheckContext, PersistenceCheckOptions, runStep, skipSteps } from './check-step';
import { withRootMutex } from './persistence-lock';
import { checkDirectorySetting } from './persistence-request';
import { overallVerdict } from './persistence-verdicts';
import { classificationStep } from './steps/classification';
import { kubernetesStep } from './steps/kubernetes';
import { permissionsStep } from './steps/permissions';
import { spaceStep } from './steps/space';
import { survivalStep } from './steps/survival';
import { refusedDirectoryStep, writeProbeStep } from './steps/write-probe';

export type { CheckIdentity, PersistenceCheckOptions } from './check-step';

const AFTER_CLASSIFICATION: readonly PersistenceStepId[] = ['write-probe', 'space', 'permissions', 'restart-survival'];
const AFTER_WRITE_PROBE: readonly PersistenceStepId[] = ['space', 'permissions', 'restart-survival'];

function report(ctx: CheckContext, started: number, extra: Partial<PersistenceReport>): PersistenceReport {
    return {
        formatVersion: 1,
        path: typeof ctx.request?.path === 'string' ? ctx.request.path : '',
        checkedAt: ctx.checkedAt,
        durationMs: Math.round(performance.now() - started),
        ...overallVerdict(ctx.steps),
        steps: ctx.steps,
        ledger: ctx.ledger ?? { file: '', entries: 0, instances: 0, restartsSurvived: 0, unreadableLines: 0 },
        instance: { ...ctx.options.instance },
        ...extra
    };
}

/** Runs the whole check. Never rejects for file system problems: they are failed steps. */
export async function runPersistenceCheck(request: PersistenceCheckRequest, options: PersistenceCheckOptions): Promise<PersistenceReport> {
    const started = performance.now();
    const ctx: CheckContext = { request, options, checkedAt: new Date().toISOString(), steps: [], created: { directories: [], files: [] }, markerWritten: false };

    await runStep(ctx, classificationStep);
    const root = ctx.root;
    if (!root) {
        skipSteps(ctx, AFTER_CLASSIFICATION, ctx.fsPath ? 'not run: the workspace root cannot be opened' : 'not run: no usable workspace path');
        return report(ctx, started, {});
    }
    const kubernetes = ctx.kubernetes;
    const setting = checkDirectorySetting(request.directory);
    if ('error' in setting) {
        await runStep(ctx, refusedDirectoryStep(setting.error));
        skipSteps(ctx, AFTER_WRITE_PROBE, 'not run: the check directory setting is invalid');
        return report(ctx, started, { resolvedPath: root, kubernetes });
    }
    ctx.segments = setting.segments;
    const dir = ctx.dir = path.join(root, ...setting.segments);
    const ledgerFile = ctx.ledgerFile = path.join(dir, LEDGER_FILE_NAME);

    return withRootMutex(root, async () => {
        try {
            for (const step of [writeProbeStep, spaceStep, permissionsStep, survivalStep]) {
                await runStep(ctx, step);
            }
            if (kubernetes) {
                await runStep(ctx, kubernetesStep);
            }
        } finally {
            await ctx.lock?.release();
            if (!ctx.markerWritten) {
                // Nothing of ours stays behind when the check could not record anything.
                await removeCreated(ctx.created);
            }
        }
        return report(ctx, started, {
            resolvedPath: root, directory: dir, kubernetes,
            ledger: ctx.ledger ?? { file: ledgerFile, entries: 0, instances: 0, restartsSurvived: 0, unreadableLines: 0 }
        });
    });
}
