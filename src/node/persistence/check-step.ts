// *****************************************************************************
// The persistence check as a pipeline: the context the steps share, the step shape, and runStep, which times a
// step, catches what it throws and explains it (which step failed, what it was doing, why, what to do).
// *****************************************************************************

import { performance } from 'perf_hooks';
import type { StorageClassification } from '../../common/storage/storage-protocol';
import {
    LedgerSummary, PersistenceCheckRequest, PersistenceKubernetesInfo, PersistenceStep, PersistenceStepId
} from '../../common/persistence/persistence-protocol';
import type { ClassifyPathOptions } from '../storage/classify-path';
import { explainError } from '../ledger/check-errors';
import type { CreatedPaths } from '../ledger/check-directory';
import type { HeldLock } from './persistence-lock';
import { makeStep, StepOutcome } from './persistence-verdicts';
import type { DirectoryStamp } from '../ledger/safe-files';

export type { StepOutcome } from './persistence-verdicts';

export interface CheckIdentity {
    id: string;
    hostname: string;
    startedAt: string;
    source: 'ide' | 'cli';
}

export interface PersistenceCheckOptions {
    instance: CheckIdentity;
    /** Options for classifyPath (tests pass env / kubernetes: false). */
    classifyOptions?: ClassifyPathOptions;
    /** Replaces classifyPath (embedders with their own source of truth). */
    classify?: (root: string) => Promise<StorageClassification>;
    /** How long to wait for another check of the same workspace. Default 60 s. */
    lockTimeoutMs?: number;
}

/** What the steps of one check share; each step reads what earlier steps found and adds its own findings. */
export interface CheckContext {
    readonly request: PersistenceCheckRequest;
    readonly options: PersistenceCheckOptions;
    readonly checkedAt: string;
    /** The steps run so far. */
    readonly steps: PersistenceStep[];
    /** The asked path as a file system path (classification). */
    fsPath?: string;
    /** The workspace root with links resolved, once it is known to be a directory (classification). */
    root?: string;
    kubernetes?: PersistenceKubernetesInfo;
    /** The check directory's path segments below the root (when the setting is valid). */
    segments?: string[];
    /** The check directory and its ledger. */
    dir?: string;
    ledgerFile?: string;
    /** The check directory as prepared (write probe): device, inode, birth time. */
    stamp?: DirectoryStamp;
    lock?: HeldLock;
    /** What this run created (removed again when no marker was written). */
    readonly created: CreatedPaths;
    ledger?: LedgerSummary;
    markerWritten: boolean;
}

/** One step of the check. `doing` says what it does, for the reason when it throws. */
export interface CheckStep {
    readonly id: PersistenceStepId;
    doing(ctx: CheckContext): string;
    /** Measured numbers to keep when the step throws. */
    failureNumbers?(ctx: CheckContext): Record<string, string | number | boolean>;
    run(ctx: CheckContext): Promise<StepOutcome>;
}

export const skipped = (why: string): StepOutcome => ({ verdict: 'skipped', numbers: {}, reason: why });

/** Runs one step: times it, turns anything it throws into a failed step with the reason and a fix, and records it. */
export async function runStep(ctx: CheckContext, step: CheckStep): Promise<PersistenceStep> {
    const started = performance.now();
    let outcome: StepOutcome;
    try {
        outcome = await step.run(ctx);
    } catch (e) {
        const { reason, remediation } = explainError(e, step.doing(ctx));
        outcome = { verdict: 'fail', numbers: step.failureNumbers?.(ctx) ?? {}, reason, remediation };
    }
    const result = makeStep(step.id, performance.now() - started, outcome);
    ctx.steps.push(result);
    return result;
}

/** Records `ids` as skipped with the reason why they could not run. */
export function skipSteps(ctx: CheckContext, ids: readonly PersistenceStepId[], why: string): void {
    for (const id of ids) {
        ctx.steps.push(makeStep(id, 0, skipped(why)));
    }
}
