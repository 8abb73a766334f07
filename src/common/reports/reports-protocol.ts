// *****************************************************************************
// Keep-alive diagnostics reports: the record format, its strict validator, and the RPC contract.
// Pure logic, shared by the browser (which builds records) and the backend (which validates them).
// *****************************************************************************

import { isObject } from '@theia/core/lib/common/types';

export const REPORTS_SERVICE_PATH = '/services/session-health-reports';
/** POST: a batch as JSON (connection-token cookie required). GET: stored records for admins (bearer token). */
export const REPORTS_ROUTE = '/session-health/reports';
export const METRICS_ROUTE = '/session-health/metrics';

/** Largest accepted HTTP body; browsers send at most {@link MAX_BEACON_BYTES} per request. */
export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_BEACON_BYTES = 60 * 1024;
export const MAX_RECORDS_PER_BATCH = 500;

/**
 * `reason` of the disconnect and reconnect records of an outage diagnosed as an expired sign-in (the Socket.IO reason
 * moves to `description`); also a label of `session_health_disconnects_total`.
 */
export const SIGNED_OUT_REASON = 'signed-out';

export const REPORT_TYPES = [
    'summary', 'connect', 'disconnect', 'reconnect', 'upgrade', 'upgrade-error', 'handshake-error',
    'heartbeat-missed', 'degraded', 'offline', 'recovered', 'instance-changed'
] as const;
export type ReportType = typeof REPORT_TYPES[number];

type FieldKind = 'string' | 'duration' | 'count' | 'boolean';

/**
 * Every field a record may carry, with its kind. Durations are milliseconds (finite, >= 0, at most 30 days);
 * counts are integers in 0..{@link MAX_COUNT}; strings at most {@link MAX_FIELD_STRING} characters.
 */
export const REPORT_FIELDS: Readonly<Record<string, FieldKind>> = {
    reason: 'string',
    description: 'string',
    message: 'string',
    transport: 'string',
    visibility: 'string',
    state: 'string',
    previousState: 'string',
    code: 'count',
    status: 'count',
    attempts: 'count',
    instanceChanged: 'boolean',
    offlineMs: 'duration',
    detectMs: 'duration',
    sessionMs: 'duration',
    rttCount: 'count',
    rttP50Ms: 'duration',
    rttP95Ms: 'duration',
    rttMaxMs: 'duration',
    missedHeartbeats: 'count',
    droppedRecords: 'count',
    queuedRecords: 'count',
    /** offline/degraded: what kept the answers away, `server-busy` (the backend's event loop) or `network`. */
    cause: 'string'
};

export const MAX_FIELD_STRING = 512;
export const MAX_DURATION_MS = 30 * 24 * 3600 * 1000;
/** Largest count a record may carry (attempts, missed heartbeats, dropped records...): the browser caps at it. */
export const MAX_COUNT = 10000;
const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
const TAB_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
const SID_HASH_PATTERN = /^[0-9a-f]{64}$/;

export type ReportFields = { [K in keyof typeof REPORT_FIELDS]?: string | number | boolean };

export interface ReportRecord {
    /** Unique id (random, made in the browser); the backend stores a record once per id. */
    id: string;
    /** Per-tab sequence number, from 1. */
    seq: number;
    /** Theia's frontend id of the tab. */
    tabId: string;
    /** Backend instance id the tab was talking to when the record was made (empty when not known yet). */
    instanceId: string;
    /** SHA-256 (hex) of the engine.io sid; never the sid itself. Empty when there was no sid. */
    sidHash: string;
    type: ReportType;
    /** When it happened (ms since epoch, browser clock). */
    at: number;
    fields: ReportFields;
}

export interface ReportBatch {
    records: ReportRecord[];
}

/** A stored record: what the browser sent plus the backend's receive time. */
export interface StoredReportRecord extends ReportRecord {
    receivedAt: number;
}

export interface ReportIngestResult {
    accepted: number;
    duplicates: number;
}

export const ReportsService = Symbol('ReportsService');
export interface ReportsService {
    /** Stores a batch; throws with a reason when the batch is invalid (nothing is stored then). */
    submit(batch: ReportBatch): Promise<ReportIngestResult>;
}

export type ValidationResult = { ok: true; batch: ReportBatch } | { ok: false; reason: string };

function kindOf(value: unknown): string {
    return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return isObject(value) && !Array.isArray(value);
}

function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string): string | undefined {
    for (const key of Object.keys(obj)) {
        if (!allowed.includes(key)) {
            return `${where}: unknown field ${JSON.stringify(key.slice(0, 64))}`;
        }
    }
    return undefined;
}

const RECORD_KEYS = ['id', 'seq', 'tabId', 'instanceId', 'sidHash', 'type', 'at', 'fields'] as const;

function validateFields(raw: unknown, where: string): { fields?: ReportFields; reason?: string } {
    if (!isPlainObject(raw)) {
        return { reason: `${where}: must be an object, got ${kindOf(raw)}` };
    }
    const fields: Record<string, string | number | boolean> = {};
    for (const [key, value] of Object.entries(raw)) {
        const kind = Object.prototype.hasOwnProperty.call(REPORT_FIELDS, key) ? REPORT_FIELDS[key] : undefined;
        const at = `${where}.${key.slice(0, 64)}`;
        if (!kind) {
            return { reason: `${where}: unknown field ${JSON.stringify(key.slice(0, 64))}` };
        }
        if (kind === 'string') {
            if (typeof value !== 'string') {
                return { reason: `${at}: must be a string, got ${kindOf(value)}` };
            }
            if (value.length > MAX_FIELD_STRING) {
                return { reason: `${at}: longer than ${MAX_FIELD_STRING} characters` };
            }
        } else if (kind === 'boolean') {
            if (typeof value !== 'boolean') {
                return { reason: `${at}: must be a boolean, got ${kindOf(value)}` };
            }
        } else {
            if (typeof value !== 'number' || !Number.isFinite(value)) {
                return { reason: `${at}: must be a finite number, got ${typeof value === 'number' ? String(value) : kindOf(value)}` };
            }
            if (value < 0) {
                return { reason: `${at}: must not be negative` };
            }
            if (kind === 'duration' && value > MAX_DURATION_MS) {
                return { reason: `${at}: longer than 30 days` };
            }
            if (kind === 'count' && !Number.isInteger(value)) {
                return { reason: `${at}: must be an integer count` };
            }
            if (kind === 'count' && value > MAX_COUNT) {
                return { reason: `${at}: larger than ${MAX_COUNT}` };
            }
        }
        fields[key] = value as string | number | boolean;
    }
    return { fields };
}

export function validateRecord(raw: unknown, where: string): { record?: ReportRecord; reason?: string } {
    if (!isPlainObject(raw)) {
        return { reason: `${where}: must be an object, got ${kindOf(raw)}` };
    }
    const unknown = checkKeys(raw, RECORD_KEYS, where);
    if (unknown) {
        return { reason: unknown };
    }
    for (const key of RECORD_KEYS) {
        if (!(key in raw)) {
            return { reason: `${where}: missing field "${key}"` };
        }
    }
    const { id, seq, tabId, instanceId, sidHash, type, at } = raw;
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
        return { reason: `${where}.id: must be 8-64 characters of A-Z a-z 0-9 _ -` };
    }
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) {
        return { reason: `${where}.seq: must be a positive integer` };
    }
    if (typeof tabId !== 'string' || !TAB_PATTERN.test(tabId)) {
        return { reason: `${where}.tabId: must be 1-128 characters of A-Z a-z 0-9 _ . : -` };
    }
    if (typeof instanceId !== 'string' || (instanceId !== '' && !TAB_PATTERN.test(instanceId))) {
        return { reason: `${where}.instanceId: must be empty or 1-128 characters of A-Z a-z 0-9 _ . : -` };
    }
    if (typeof sidHash !== 'string' || (sidHash !== '' && !SID_HASH_PATTERN.test(sidHash))) {
        return { reason: `${where}.sidHash: must be empty or 64 lowercase hex digits (SHA-256)` };
    }
    if (typeof type !== 'string' || !(REPORT_TYPES as readonly string[]).includes(type)) {
        return { reason: `${where}.type: must be one of ${REPORT_TYPES.join(', ')}` };
    }
    if (typeof at !== 'number' || !Number.isFinite(at) || at < 0 || at > 8.64e15) {
        return { reason: `${where}.at: must be a time in ms since epoch` };
    }
    const checked = validateFields(raw.fields, `${where}.fields`);
    if (!checked.fields) {
        return { reason: checked.reason };
    }
    // Canonical key order, id first: the store finds ids at the start of each line.
    return { record: { id, seq, tabId, instanceId, sidHash, type: type as ReportType, at, fields: checked.fields } };
}

/** Validates a batch strictly: unknown fields, wrong types and out-of-range values are refused with a reason. */
export function validateBatch(raw: unknown): ValidationResult {
    if (!isPlainObject(raw)) {
        return { ok: false, reason: `body: must be an object with "records", got ${kindOf(raw)}` };
    }
    const unknown = checkKeys(raw, ['records'], 'body');
    if (unknown) {
        return { ok: false, reason: unknown };
    }
    const records = raw.records;
    if (!Array.isArray(records)) {
        return { ok: false, reason: `records: must be an array, got ${kindOf(records)}` };
    }
    if (records.length === 0) {
        return { ok: false, reason: 'records: must not be empty' };
    }
    if (records.length > MAX_RECORDS_PER_BATCH) {
        return { ok: false, reason: `records: at most ${MAX_RECORDS_PER_BATCH} per batch` };
    }
    const valid: ReportRecord[] = [];
    for (let i = 0; i < records.length; i++) {
        const { record, reason } = validateRecord(records[i], `records[${i}]`);
        if (!record) {
            return { ok: false, reason: reason! };
        }
        valid.push(record);
    }
    return { ok: true, batch: { records: valid } };
}
