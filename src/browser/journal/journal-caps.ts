// *****************************************************************************
// The journal's caps: which entries stay when a new one must fit (oldest go first), the size and age limits.
// Pure: unit-tested in Node.
// *****************************************************************************

import { JournalEntry } from './journal-entry';

export interface CapMeta {
    key: string;
    uri: string;
    size: number;
    updatedAt: number;
}

export interface CapPlan {
    /** The incoming entry is larger than the per-file cap: not kept. */
    tooLarge: boolean;
    /** Existing entries to drop (oldest first) so that the incoming one fits the workspace cap. */
    drop: CapMeta[];
}

/**
 * Makes room for `incoming` (which replaces an entry with the same key): the oldest other entries go first,
 * until the total fits `maxWorkspaceBytes`. An entry larger than `maxFileBytes`, or than the whole cap, is refused.
 */
export function planCaps(existing: readonly CapMeta[], incoming: CapMeta, caps: { maxFileBytes: number; maxWorkspaceBytes: number }): CapPlan {
    if (incoming.size > caps.maxFileBytes || incoming.size > caps.maxWorkspaceBytes) {
        return { tooLarge: true, drop: [] };
    }
    const others = existing.filter(m => m.key !== incoming.key).sort((a, b) => a.updatedAt - b.updatedAt);
    let total = others.reduce((sum, m) => sum + m.size, 0) + incoming.size;
    const drop: CapMeta[] = [];
    for (const m of others) {
        if (total <= caps.maxWorkspaceBytes) {
            break;
        }
        drop.push(m);
        total -= m.size;
    }
    return { tooLarge: false, drop };
}


export const MIB = 1024 * 1024;
export const DEFAULT_MAX_FILE_BYTES = 2 * MIB;
export const DEFAULT_MAX_WORKSPACE_BYTES = 50 * MIB;
export const DEFAULT_MAX_AGE_DAYS = 30;
export const MAX_AGE_DAYS_RANGE = { minimum: 1, maximum: 3650 } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The age limit in ms; a hand-edited value out of range (or not a number) is clamped or replaced by the default. */
export function maxAgeMs(days: unknown): number {
    const n = typeof days === 'number' && Number.isFinite(days) ? Math.floor(days) : DEFAULT_MAX_AGE_DAYS;
    return Math.min(MAX_AGE_DAYS_RANGE.maximum, Math.max(MAX_AGE_DAYS_RANGE.minimum, n)) * DAY_MS;
}

/** Whether an entry last written at `updatedAt` is past the age limit at `now` (a time in the future counts as now). */
export function isExpired(entry: Pick<JournalEntry, 'updatedAt'>, now: number, maxAge: number): boolean {
    const updatedAt = Number.isFinite(entry.updatedAt) ? Math.min(entry.updatedAt, now) : 0;
    return now - updatedAt > maxAge;
}
