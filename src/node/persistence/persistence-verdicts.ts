// *****************************************************************************
// Verdicts of the persistence check: one outcome per step (classification, space, restart survival,
// Kubernetes) from measured facts, and the overall verdict. Pure, no I/O.
// *****************************************************************************

import type { StorageClassification } from '../../common/storage/storage-protocol';
import { ledgerRecent } from '../../common/persistence/ledger-recent';
import { WORKSPACE_STORAGE_ENV } from '../../common/storage/storage-protocol';
import {
    LedgerEntry, LedgerSummary, PERSISTENCE_STEP_TITLES, PersistenceKubernetesInfo, PersistenceStep, PersistenceStepId, PersistenceVerdict, RememberedMarker
} from '../../common/persistence/persistence-protocol';
import { formatTime } from '../../common/persistence/persistence-text';
import { formatBytes, plural, round1 } from '../../common/text/numbers';

export type StepOutcome = Omit<PersistenceStep, 'id' | 'title' | 'durationMs'>;

export function makeStep(id: PersistenceStepId, durationMs: number, outcome: StepOutcome): PersistenceStep {
    return { id, title: PERSISTENCE_STEP_TITLES[id], verdict: outcome.verdict, durationMs: Math.round(durationMs * 10) / 10, numbers: outcome.numbers, reason: outcome.reason, ...(outcome.remediation ? { remediation: outcome.remediation } : {}) };
}

/** Overall verdict: the worst step; firstFailingStep is the first `fail`, else the first `warn`. */
export function overallVerdict(steps: readonly PersistenceStep[]): { verdict: PersistenceVerdict; firstFailingStep?: PersistenceStepId } {
    const failed = steps.find(s => s.verdict === 'fail');
    if (failed) {
        return { verdict: 'fail', firstFailingStep: failed.id };
    }
    const warned = steps.find(s => s.verdict === 'warn');
    return warned ? { verdict: 'warn', firstFailingStep: warned.id } : { verdict: 'pass' };
}

// ---------------------------------------------------------------------------------------------
// Step 1: classification

export function classificationOutcome(c: StorageClassification): StepOutcome {
    const numbers: Record<string, string | number | boolean> = { verdict: c.verdict, kind: c.kind, decidedBy: c.decidedBy };
    if (c.evidence.fsType) {
        numbers.fsType = c.evidence.fsType;
    }
    if (c.evidence.mountPoint) {
        numbers.mountPoint = c.evidence.mountPoint;
    }
    const reason = `${c.verdict} (${c.kind}, decided by ${c.decidedBy}): ${c.evidence.reason}`;
    switch (c.verdict) {
        case 'persistent':
            return { verdict: 'pass', numbers, reason };
        case 'ephemeral':
            return {
                verdict: 'fail', numbers, reason,
                remediation: 'Put the workspace on a PersistentVolumeClaim (status bar storage item → Show fix); files here are lost when the pod or container goes away.'
            };
        case 'node-local':
            return {
                verdict: 'warn', numbers, reason,
                remediation: 'The files live on one node\'s disk: they survive a restart on the same node but not a reschedule. Use a PersistentVolumeClaim.'
            };
        default:
            return {
                verdict: 'warn', numbers, reason,
                remediation: `Declare the storage if you know it (${WORKSPACE_STORAGE_ENV}=persistent, or sessionHealth.storage.persistentMountPatterns); the restart-survival step proves it over time.`
            };
    }
}

export function kubernetesInfo(c: StorageClassification): PersistenceKubernetesInfo | undefined {
    return c.kubernetes && c.decidedBy === 'kubernetes' ? { ...c.kubernetes, verdict: c.verdict, kind: c.kind } : c.kubernetes ? { ...c.kubernetes, verdict: 'unknown', kind: 'unknown' } : undefined;
}

export function kubernetesOutcome(k: PersistenceKubernetesInfo): StepOutcome {
    const numbers: Record<string, string | number | boolean> = { namespace: k.namespace, pod: k.pod };
    for (const key of ['volumeName', 'volumeType', 'claimName', 'storageClass', 'mountPath', 'emptyDirMedium'] as const) {
        if (k[key]) {
            numbers[key] = k[key] as string;
        }
    }
    if (k.ownedByPod !== undefined) {
        numbers.ownedByPod = k.ownedByPod;
    }
    const where = k.volumeName ? `volume ${k.volumeName} (${k.volumeType ?? 'unknown type'}${k.claimName ? `, claim ${k.claimName}` : ''})` : 'the container\'s own filesystem';
    const reason = `Pod ${k.namespace}/${k.pod}: the workspace is on ${where}.`;
    if (k.ownedByPod) {
        return { verdict: 'fail', numbers, reason: `${reason} The claim is owned by the pod (generic ephemeral volume): it is deleted with the pod.`, remediation: 'Use a PersistentVolumeClaim that is not owned by the pod (volumeClaimTemplates of a StatefulSet, or a named claim).' };
    }
    if (k.verdict === 'ephemeral' || k.verdict === 'node-local') {
        return { verdict: k.verdict === 'ephemeral' ? 'fail' : 'warn', numbers, reason, remediation: 'Mount a PersistentVolumeClaim at the workspace path.' };
    }
    return { verdict: k.verdict === 'persistent' ? 'pass' : 'warn', numbers, reason, ...(k.verdict === 'persistent' ? {} : { remediation: 'Kubernetes could not confirm the volume is persistent; check the pod spec.' }) };
}

// ---------------------------------------------------------------------------------------------
// Step 3: space

export interface SpaceFigures {
    /** Bytes available to unprivileged users. */
    freeBytes: number;
    totalBytes: number;
    freeInodes: number;
    totalInodes: number;
}

export function spaceOutcome(s: SpaceFigures, limits: { minFreePercent: number; minFreeMegabytes: number }): StepOutcome {
    const freePercent = s.totalBytes > 0 ? (s.freeBytes / s.totalBytes) * 100 : 0;
    const freeInodesPercent = s.totalInodes > 0 ? (s.freeInodes / s.totalInodes) * 100 : 100;
    const numbers = {
        freeBytes: s.freeBytes, totalBytes: s.totalBytes, freePercent: round1(freePercent),
        freeInodes: s.freeInodes, totalInodes: s.totalInodes, freeInodesPercent: round1(freeInodesPercent),
        minFreePercent: limits.minFreePercent, minFreeMegabytes: limits.minFreeMegabytes
    };
    const summary = `${formatBytes(s.freeBytes)} free of ${formatBytes(s.totalBytes)} (${round1(freePercent)} %)`
        + (s.totalInodes > 0 ? `, ${s.freeInodes} of ${s.totalInodes} inodes free (${round1(freeInodesPercent)} %)` : ', inodes not limited');
    const grow = 'Free space in the workspace or grow the volume (PersistentVolumeClaim storage request, if the storage class allows expansion).';
    if (s.freeBytes < 1024 * 1024 || (s.totalInodes > 0 && s.freeInodes === 0)) {
        return { verdict: 'fail', numbers, reason: `${summary}: the disk is full; saving files will fail.`, remediation: grow };
    }
    const low: string[] = [];
    if (freePercent < limits.minFreePercent) {
        low.push(`under ${limits.minFreePercent} % free`);
    }
    if (s.freeBytes < limits.minFreeMegabytes * 1e6) {
        low.push(`under ${limits.minFreeMegabytes} MB free`);
    }
    if (s.totalInodes > 0 && freeInodesPercent < limits.minFreePercent) {
        low.push(`under ${limits.minFreePercent} % of inodes free`);
    }
    if (low.length) {
        return { verdict: 'warn', numbers, reason: `${summary}: ${low.join(', ')}.`, remediation: grow };
    }
    return { verdict: 'pass', numbers, reason: `${summary}.` };
}

export interface SurvivalInput {
    ledgerFile: string;
    /** Entries on disk before this run, of this check directory's identity. */
    entries: readonly LedgerEntry[];
    unreadable: number;
    /** Markers on disk of another identity (copied in by a clone, or older than identities): ignored. */
    ignored?: number;
    remembered?: RememberedMarker;
    /** The marker this run wrote; undefined when it could not be written. */
    written?: LedgerEntry;
    /** Why the marker could not be written (or the ledger read). */
    problem?: string;
    problemRemediation?: string;
    /** When the current storage came into being, if the ledger cannot tell (ISO 8601). */
    storageBornAt?: string;
    now: string;
}

export function survivalOutcome(input: SurvivalInput): { outcome: StepOutcome; summary: LedgerSummary } {
    const all = input.written ? [...input.entries, input.written] : [...input.entries];
    const ideInstances = new Set(all.filter(e => e.source === 'ide').map(e => e.instanceId));
    const instances = ideInstances.size;
    const restartsSurvived = Math.max(0, instances - 1);
    const since = input.entries[0]?.time;
    const found = input.remembered ? input.entries.some(e => e.nonce === input.remembered!.nonce) : undefined;
    const summary: LedgerSummary = {
        file: input.ledgerFile, entries: input.entries.length, instances, restartsSurvived, since,
        ...(input.written ? { marker: input.written } : {}),
        ...(input.remembered ? { remembered: { ...input.remembered, found: !!found } } : {}),
        unreadableLines: input.unreadable,
        recent: ledgerRecent({ entries: input.entries, written: input.written, remembered: input.remembered && { ...input.remembered, found: !!found }, now: input.now })
    };
    const numbers: Record<string, string | number | boolean> = { entries: input.entries.length, instances, restartsSurvived };
    if (since) {
        numbers.since = since;
    }
    if (input.unreadable) {
        numbers.unreadableLines = input.unreadable;
    }
    const ignoredText = input.ignored ? ` ${plural(input.ignored, 'marker')} not written in this check directory (copied in, e.g. by a clone) ${input.ignored === 1 ? 'was' : 'were'} ignored.` : '';
    if (input.ignored) {
        numbers.ignoredMarkers = input.ignored;
    }
    if (input.remembered && !found) {
        // The browser saw a marker that the disk no longer has: the storage under the workspace is not the one it was.
        const replacedAt = input.entries[0]?.time ?? input.storageBornAt ?? input.now;
        numbers.rememberedMarkerTime = input.remembered.time ?? '';
        numbers.replacedAt = replacedAt;
        return {
            summary,
            outcome: {
                verdict: 'fail', numbers,
                reason: `The workspace storage was replaced at about ${formatTime(replacedAt)}: files written before then are gone `
                    + `(this browser saw marker ${input.remembered.nonce.slice(0, 8)}${input.remembered.time ? ` from ${formatTime(input.remembered.time)}` : ''}, the disk no longer has it).${ignoredText}`,
                remediation: 'The volume under the workspace was recreated (ephemeral storage, a new PersistentVolumeClaim, or another node). '
                    + 'Put the workspace on a PersistentVolumeClaim that outlives the pod, and restore lost files from git or backups.'
            }
        };
    }
    if (!input.written) {
        return {
            summary,
            outcome: {
                verdict: 'fail', numbers,
                reason: `No marker could be written, so survival cannot be proven: ${input.problem ?? 'unknown problem'}`,
                remediation: input.problemRemediation ?? 'Fix the failing write probe first.'
            }
        };
    }
    const warnUnreadable = input.unreadable > 0 ? ` ${plural(input.unreadable, 'ledger line')} could not be read.` : '';
    if (input.entries.length === 0) {
        return {
            summary,
            outcome: {
                verdict: input.unreadable > 0 ? 'warn' : 'pass', numbers,
                reason: `First run: the proof starts now. A marker was written at ${formatTime(input.written.time)}; the next check after a restart will find it if the storage is persistent.${ignoredText}${warnUnreadable}`,
                ...(input.unreadable > 0 ? { remediation: 'The ledger was damaged; it is rebuilt from now on.' } : {})
            }
        };
    }
    const restartsText = restartsSurvived === 0
        ? `no backend restart yet (${plural(input.entries.length, 'earlier marker')} present)`
        : `survived ${plural(restartsSurvived, 'restart')}`;
    return {
        summary,
        outcome: {
            verdict: input.unreadable > 0 ? 'warn' : 'pass', numbers,
            reason: `Your workspace files ${restartsText} since ${formatTime(since)}.${input.remembered ? ' The marker this browser remembered is still on disk.' : ''}${ignoredText}${warnUnreadable}`,
            ...(input.unreadable > 0 ? { remediation: 'Some ledger lines are damaged (an interrupted write); the check keeps working.' } : {})
        }
    };
}
