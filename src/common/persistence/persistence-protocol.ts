// *****************************************************************************
// "Run Persistence Check": the report and the RPC/HTTP contract. Field names are public contracts
// (CLI `--json`, RPC, `POST /session-health/persistence-check`), never renamed.
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';
import type { KubernetesStorageEvidence, StorageKind, StorageVerdict } from '../storage/storage-protocol';

export type PersistenceVerdict = 'pass' | 'warn' | 'fail';
/** A step that could not run because an earlier one failed is `skipped`; it never decides the overall verdict. */
export type PersistenceStepVerdict = PersistenceVerdict | 'skipped';

export type PersistenceStepId = 'classification' | 'write-probe' | 'space' | 'permissions' | 'restart-survival' | 'kubernetes';
export const PERSISTENCE_STEP_IDS: readonly PersistenceStepId[] = ['classification', 'write-probe', 'space', 'permissions', 'restart-survival', 'kubernetes'];

/** The steps' titles in English: the report's `title` field (JSON, CLI) always carries these. */
export const PERSISTENCE_STEP_TITLES: Record<PersistenceStepId, string> = {
    'classification': 'Storage classification',
    'write-probe': 'Write probe',
    'space': 'Free space',
    'permissions': 'Permissions',
    'restart-survival': 'Restart survival',
    'kubernetes': 'Kubernetes'
};

/** A step's title as people read it: localized where Theia loaded a translation (the browser), else the English one. */
export function persistenceStepTitle(id: PersistenceStepId): string {
    const english = PERSISTENCE_STEP_TITLES[id];
    switch (id) {
        case 'classification': return nls.localize('theia-session-health/persistence/step.classification', english);
        case 'write-probe': return nls.localize('theia-session-health/persistence/step.write-probe', english);
        case 'space': return nls.localize('theia-session-health/persistence/step.space', english);
        case 'permissions': return nls.localize('theia-session-health/persistence/step.permissions', english);
        case 'restart-survival': return nls.localize('theia-session-health/persistence/step.restart-survival', english);
        case 'kubernetes': return nls.localize('theia-session-health/persistence/step.kubernetes', english);
    }
    return english ?? id;
}

export interface PersistenceStep {
    id: PersistenceStepId;
    title: string;
    verdict: PersistenceStepVerdict;
    durationMs: number;
    /** Measured values (bytes, ms, counts, modes as strings). */
    numbers: Record<string, number | string | boolean>;
    /** One line in plain words: what was found. */
    reason: string;
    /** What to do about a warn or fail; absent on pass. */
    remediation?: string;
}

/** One line of the marker ledger: a check that ran and wrote its marker. */
export interface LedgerEntry {
    /** The backend instance id (IDE) or `cli-<uuid>` (command line). */
    instanceId: string;
    hostname: string;
    /** When that backend process (or CLI run) started (ISO 8601). */
    instanceStartedAt: string;
    /** When the marker was written (ISO 8601). */
    time: string;
    /** Random, unique per marker. */
    nonce: string;
    source: 'ide' | 'cli';
    /**
     * The identity of the check directory that wrote it (the id in its identity file). Markers of another
     * identity (a ledger copied in by a clone, or written before this field existed) prove nothing and are ignored.
     */
    checkId?: string;
}

/** What the browser remembers per workspace: the last marker it saw. */
export interface RememberedMarker {
    nonce: string;
    time?: string;
    instanceId?: string;
}

export interface LedgerSummary {
    /** The ledger file (absolute path). */
    file: string;
    /** Readable entries in the ledger before this run. */
    entries: number;
    /** Distinct IDE backend instances recorded, this one included when it wrote its marker. */
    instances: number;
    /** Backend restarts the workspace files have survived (instances - 1, never negative). */
    restartsSurvived: number;
    /** Time of the oldest marker still on disk (ISO 8601). */
    since?: string;
    /** The marker this run wrote (remember it, send it next time as `rememberedMarker`). */
    marker?: LedgerEntry;
    /** The marker the caller remembered, and whether the disk still has it. */
    remembered?: RememberedMarker & { found: boolean };
    /** Ledger lines that could not be read. */
    unreadableLines: number;
    /** The restart-survival history: the last markers, newest first (at most 10; see ledger-recent.ts). */
    recent?: LedgerRecentMarker[];
}

/** One marker of the restart-survival history (LedgerSummary.recent). */
export interface LedgerRecentMarker {
    /** When the marker was written (ISO 8601); for a lost marker whose time was not kept, when this check ran. */
    time: string;
    /** The backend instance that wrote it (`cli-<uuid>` for the command line); absent when not known. */
    instanceId?: string;
    hostname?: string;
    source?: 'ide' | 'cli';
    /**
     * `survived`: still on disk at this check; `written`: the marker this check wrote; `lost`: the marker this
     * browser saw last, gone from disk (the storage was replaced).
     */
    outcome: 'survived' | 'written' | 'lost';
    /** The first marker of a new backend instance after another instance's marker: the files survived that restart. */
    afterRestart?: boolean;
    /** Why, when known (a lost marker). */
    cause?: string;
}

export interface PersistenceKubernetesInfo extends KubernetesStorageEvidence {
    /** The verdict the Kubernetes API gave. */
    verdict: StorageVerdict;
    kind: StorageKind;
}

export interface PersistenceReport {
    /** Report format version. */
    formatVersion: 1;
    /** The path that was asked about. */
    path: string;
    /** The workspace root with symlinks resolved. */
    resolvedPath?: string;
    /** The check's own directory. */
    directory?: string;
    checkedAt: string;
    durationMs: number;
    verdict: PersistenceVerdict;
    /** The first step whose verdict is `fail` (or `warn`, when none failed); absent on pass. */
    firstFailingStep?: PersistenceStepId;
    steps: PersistenceStep[];
    ledger: LedgerSummary;
    /** Present when the storage classification came from the Kubernetes API. */
    kubernetes?: PersistenceKubernetesInfo;
    /** Who ran the check. */
    instance: { id: string; hostname: string; startedAt: string; source: 'ide' | 'cli' };
}

/** Settings `sessionHealth.persistenceCheck.*` as sent with a request. */
export interface PersistenceCheckSettings {
    /** Relative to the workspace root; must stay inside it. Default `.theia/session-health`. */
    directory?: string;
    /** Warn when less than this percentage of bytes or inodes is free. Default 5. */
    minFreePercent?: number;
    /** Warn when less than this many MB (10^6 bytes) are free. Default 500. */
    minFreeMegabytes?: number;
}

export interface PersistenceCheckRequest extends PersistenceCheckSettings {
    /** The workspace root: an absolute path or a `file://` URI. */
    path: string;
    /** The last marker the caller saw for this workspace. */
    rememberedMarker?: RememberedMarker;
}

export const DEFAULT_PERSISTENCE_DIRECTORY = '.theia/session-health';
export const DEFAULT_MIN_FREE_PERCENT = 5;
export const DEFAULT_MIN_FREE_MEGABYTES = 500;
export const LEDGER_FILE_NAME = 'markers.jsonl';
export const LOCK_FILE_NAME = 'check.lock';
/** The check directory's identity: a random id plus the directory's device, inode and birth time. */
export const IDENTITY_FILE_NAME = 'identity.json';
export const PROBE_BYTES = 1024 * 1024;

export const PERSISTENCE_CHECK_ROUTE = '/session-health/persistence-check';
export const PERSISTENCE_SERVICE_PATH = '/services/session-health-persistence';
/** Largest accepted HTTP request body. */
export const PERSISTENCE_MAX_BODY_BYTES = 16 * 1024;

export const PersistenceCheckService = Symbol('PersistenceCheckService');
export interface PersistenceCheckService {
    runCheck(request: PersistenceCheckRequest): Promise<PersistenceReport>;
}

/** Command id, a public contract (the storage item, its warning and the reconnect logic run it). */
export const PERSISTENCE_CHECK_COMMAND_ID = 'session-health.persistence-check';

/**
 * What the command resolves to when run with `{ trigger: 'restart' }` (by the reconnect logic after a backend restart):
 * the check runs without a notification of its own (no progress toast, no error toast), the caller says it in its one
 * restart notification. `failure`: why the check could not run (a setting or a path: plain text, escape it). Neither:
 * no workspace folder is open, nothing was checked.
 */
export interface RestartCheckResult {
    report?: PersistenceReport;
    failure?: string;
}
