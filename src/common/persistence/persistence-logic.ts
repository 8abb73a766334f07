// *****************************************************************************
// Pure logic of the persistence check: request validation, the check directory, verdicts of the
// classification, space and survival steps, the ledger format and the overall verdict. No I/O.
// *****************************************************************************

import type { StorageClassification } from '../storage/storage-protocol';
import {
    DEFAULT_MIN_FREE_MEGABYTES, DEFAULT_MIN_FREE_PERCENT, DEFAULT_PERSISTENCE_DIRECTORY, LedgerEntry, LedgerSummary, PERSISTENCE_STEP_TITLES,
    PersistenceCheckRequest, PersistenceKubernetesInfo, PersistenceStep, PersistenceStepId, PersistenceVerdict, RememberedMarker
} from './persistence-protocol';

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
// Request validation (RPC and HTTP body)

const MARKER_FIELD = /^[A-Za-z0-9:._@+-]{1,200}$/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks an untrusted request; returns the cleaned request or a plain reason. */
export function validateCheckRequest(body: unknown): { request: PersistenceCheckRequest } | { error: string } {
    if (!isPlainObject(body)) {
        return { error: 'The body must be a JSON object like {"path": "/home/project"}' };
    }
    const known = new Set(['path', 'rememberedMarker', 'directory', 'minFreePercent', 'minFreeMegabytes']);
    const unknown = Object.keys(body).filter(k => !known.has(k));
    if (unknown.length) {
        return { error: `Unknown field(s): ${unknown.slice(0, 5).map(k => JSON.stringify(k.slice(0, 50))).join(', ')}` };
    }
    const p = body.path;
    if (typeof p !== 'string' || p.trim() === '') {
        return { error: 'path: required, the workspace root as an absolute path or a file:// URI' };
    }
    if (p.length > 4096 || p.includes('\0')) {
        return { error: 'path: too long or contains a NUL character' };
    }
    if (!p.startsWith('/') && !p.startsWith('file:')) {
        return { error: `path: must be absolute or a file:// URI, got ${JSON.stringify(p.slice(0, 200))}` };
    }
    const request: PersistenceCheckRequest = { path: p };
    if (body.directory !== undefined) {
        if (typeof body.directory !== 'string') {
            return { error: 'directory: must be a string (relative to the workspace root)' };
        }
        const dir = checkDirectorySetting(body.directory);
        if ('error' in dir) {
            return { error: `directory: ${dir.error}` };
        }
        request.directory = body.directory;
    }
    for (const [key, max] of [['minFreePercent', 100], ['minFreeMegabytes', 1e9]] as const) {
        const v = body[key];
        if (v !== undefined) {
            if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max) {
                return { error: `${key}: must be a number in 0..${max}` };
            }
            request[key] = v;
        }
    }
    if (body.rememberedMarker !== undefined && body.rememberedMarker !== null) {
        const m = body.rememberedMarker;
        if (!isPlainObject(m) || typeof m.nonce !== 'string' || !MARKER_FIELD.test(m.nonce)) {
            return { error: 'rememberedMarker: must be {"nonce": "<marker nonce>", "time"?: "...", "instanceId"?: "..."}' };
        }
        const marker: RememberedMarker = { nonce: m.nonce };
        if (typeof m.time === 'string' && !Number.isNaN(Date.parse(m.time))) {
            marker.time = new Date(Date.parse(m.time)).toISOString();
        }
        if (typeof m.instanceId === 'string' && MARKER_FIELD.test(m.instanceId)) {
            marker.instanceId = m.instanceId;
        }
        request.rememberedMarker = marker;
    }
    return { request };
}

/** The directory setting as path segments below the root; never absolute, never `..`. */
export function checkDirectorySetting(setting: string | undefined): { segments: string[] } | { error: string } {
    const value = (setting ?? '').trim() || DEFAULT_PERSISTENCE_DIRECTORY;
    if (value.includes('\0') || value.length > 1000) {
        return { error: 'contains a NUL character or is too long' };
    }
    if (value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\')) {
        return { error: `must be relative to the workspace root, got ${JSON.stringify(value)}` };
    }
    const segments = value.split(/[\\/]+/).filter(s => s !== '' && s !== '.');
    if (segments.some(s => s === '..')) {
        return { error: `must stay inside the workspace root (no ".."), got ${JSON.stringify(value)}` };
    }
    if (segments.length === 0) {
        return { error: 'must name a directory below the workspace root, not the root itself' };
    }
    return { segments };
}

export function thresholds(request: Pick<PersistenceCheckRequest, 'minFreePercent' | 'minFreeMegabytes'>): { minFreePercent: number; minFreeMegabytes: number } {
    const num = (v: unknown, d: number) => typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d;
    return { minFreePercent: num(request.minFreePercent, DEFAULT_MIN_FREE_PERCENT), minFreeMegabytes: num(request.minFreeMegabytes, DEFAULT_MIN_FREE_MEGABYTES) };
}

// ---------------------------------------------------------------------------------------------
// Plain reasons for file system errors

export function errnoCode(e: unknown): string | undefined {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    return typeof code === 'string' ? code : undefined;
}

/** `what` failed, in plain words, with the error code kept for admins. */
export function plainFsReason(e: unknown, what: string): string {
    const code = errnoCode(e);
    switch (code) {
        case 'EROFS': return `${what} failed: the file system is read-only (EROFS).`;
        case 'ENOSPC': return `${what} failed: the disk is full (ENOSPC).`;
        case 'EDQUOT': return `${what} failed: the disk quota is used up (EDQUOT).`;
        case 'EACCES':
        case 'EPERM': return `${what} failed: permission denied (${code}); the IDE's user may not write there.`;
        case 'ENOENT': return `${what} failed: the path does not exist (ENOENT).`;
        case 'ENOTDIR': return `${what} failed: a part of the path is not a directory (ENOTDIR).`;
        case 'ELOOP': return `${what} failed: the path is a symbolic link, which the check refuses to follow (ELOOP).`;
        case 'EIO': return `${what} failed: input/output error (EIO); the disk or network storage is failing.`;
        default: return `${what} failed: ${e instanceof Error ? e.message : String(e)}`;
    }
}

export function fsRemediation(e: unknown): string {
    switch (errnoCode(e)) {
        case 'EROFS': return 'Mount the workspace volume read-write (check `readOnly` in the pod\'s volumeMounts and the PersistentVolume\'s access mode).';
        case 'ENOSPC':
        case 'EDQUOT': return 'Free space in the workspace or grow the volume (raise the PersistentVolumeClaim\'s storage request if the storage class allows expansion).';
        case 'EACCES':
        case 'EPERM': return 'Give the IDE\'s user write access to the workspace (pod securityContext.fsGroup, or chown/chmod the directory).';
        case 'ELOOP': return 'Remove the symbolic link; the check writes only into a real directory inside the workspace.';
        case 'ENOENT':
        case 'ENOTDIR': return 'Open an existing workspace folder, or create it (check the volume is mounted where the IDE expects it).';
        default: return 'Check the volume that holds the workspace (kubectl describe pod, dmesg on the node).';
    }
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
                remediation: `Declare the storage if you know it (${'SESSION_HEALTH_WORKSPACE_STORAGE'}=persistent, or sessionHealth.storage.persistentMountPatterns); the restart-survival step proves it over time.`
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

function round1(n: number): number {
    return Math.round(n * 10) / 10;
}

export function formatBytes(n: number): string {
    if (n >= 1e9) {
        return `${round1(n / 1e9)} GB`;
    }
    if (n >= 1e6) {
        return `${round1(n / 1e6)} MB`;
    }
    if (n >= 1e3) {
        return `${round1(n / 1e3)} kB`;
    }
    return `${n} B`;
}

// ---------------------------------------------------------------------------------------------
// Step 5: the marker ledger and restart survival

export function isLedgerEntry(v: unknown): v is LedgerEntry {
    if (!isPlainObject(v)) {
        return false;
    }
    return typeof v.instanceId === 'string' && typeof v.hostname === 'string' && typeof v.instanceStartedAt === 'string'
        && typeof v.time === 'string' && !Number.isNaN(Date.parse(v.time)) && typeof v.nonce === 'string' && (v.source === 'ide' || v.source === 'cli');
}

/** Parses the JSON-lines ledger; a torn last line (crash mid-append) or garbage is counted, not fatal. */
export function parseLedger(text: string): { entries: LedgerEntry[]; unreadable: number } {
    const entries: LedgerEntry[] = [];
    let unreadable = 0;
    for (const line of text.split('\n')) {
        if (line.trim() === '') {
            continue;
        }
        try {
            const v = JSON.parse(line);
            if (isLedgerEntry(v)) {
                entries.push(v);
            } else {
                unreadable++;
            }
        } catch {
            unreadable++;
        }
    }
    return { entries, unreadable };
}

export function ledgerLine(entry: LedgerEntry): string {
    return JSON.stringify({ instanceId: entry.instanceId, hostname: entry.hostname, instanceStartedAt: entry.instanceStartedAt, time: entry.time, nonce: entry.nonce, source: entry.source }) + '\n';
}

/** Keep the ledger bounded: the first marker (the start of the proof) and the most recent ones. */
export const LEDGER_MAX_ENTRIES = 1000;
export function compactLedger(entries: readonly LedgerEntry[], max = LEDGER_MAX_ENTRIES): LedgerEntry[] {
    if (entries.length <= max) {
        return entries.slice();
    }
    return [entries[0], ...entries.slice(entries.length - (max - 1))];
}

export interface SurvivalInput {
    ledgerFile: string;
    /** Entries on disk before this run. */
    entries: readonly LedgerEntry[];
    unreadable: number;
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

function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatTime(iso: string | undefined): string {
    if (!iso) {
        return 'an unknown time';
    }
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
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
        unreadableLines: input.unreadable
    };
    const numbers: Record<string, string | number | boolean> = { entries: input.entries.length, instances, restartsSurvived };
    if (since) {
        numbers.since = since;
    }
    if (input.unreadable) {
        numbers.unreadableLines = input.unreadable;
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
                    + `(this browser saw marker ${input.remembered.nonce.slice(0, 8)}${input.remembered.time ? ` from ${formatTime(input.remembered.time)}` : ''}, the disk no longer has it).`,
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
                reason: `First run: the proof starts now. A marker was written at ${formatTime(input.written.time)}; the next check after a restart will find it if the storage is persistent.${warnUnreadable}`,
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
            reason: `Your workspace files ${restartsText} since ${formatTime(since)}.${input.remembered ? ' The marker this browser remembered is still on disk.' : ''}${warnUnreadable}`,
            ...(input.unreadable > 0 ? { remediation: 'Some ledger lines are damaged (an interrupted write); the check keeps working.' } : {})
        }
    };
}
