// *****************************************************************************
// The marker ledger's format: one JSON line per marker, tolerant parsing (a torn last line is counted,
// not fatal), bounded size. Pure, no I/O.
// *****************************************************************************

import { isObject } from '@theia/core/lib/common/types';
import { LedgerEntry } from '../../common/persistence/persistence-protocol';

export function isLedgerEntry(v: unknown): v is LedgerEntry {
    if (!isObject(v) || Array.isArray(v)) {
        return false;
    }
    return typeof v.instanceId === 'string' && typeof v.hostname === 'string' && typeof v.instanceStartedAt === 'string'
        && typeof v.time === 'string' && !Number.isNaN(Date.parse(v.time)) && typeof v.nonce === 'string' && (v.source === 'ide' || v.source === 'cli')
        && (v.checkId === undefined || typeof v.checkId === 'string');
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
    return JSON.stringify({
        instanceId: entry.instanceId, hostname: entry.hostname, instanceStartedAt: entry.instanceStartedAt, time: entry.time, nonce: entry.nonce, source: entry.source,
        ...(entry.checkId !== undefined ? { checkId: entry.checkId } : {})
    }) + '\n';
}

/** Splits the entries into those of the check directory with identity `checkId` and the others (copied in, or older). */
export function entriesOfIdentity(entries: readonly LedgerEntry[], checkId: string | undefined): { own: LedgerEntry[]; foreign: number } {
    const own = checkId === undefined ? [] : entries.filter(e => e.checkId === checkId);
    return { own, foreign: entries.length - own.length };
}

/** When the ledger file came into being and was last written (ms since the epoch; birth 0 when not recorded). */
export interface LedgerFileTimes {
    birthtimeMs: number;
    mtimeMs: number;
}

const LEGACY_SLACK_MS = 5000;

/**
 * A ledger written before check directories had an identity (0.1.0) is adopted once, when the file itself shows it grew here:
 * it was born no later than its first marker and last written when its last marker was appended. A copy (git clone, cp)
 * is born and written when it is copied, after its markers; its markers cannot name that moment in advance.
 */
export function isLegacyLedgerHere(entries: readonly LedgerEntry[], file: LedgerFileTimes, now: number): boolean {
    if (entries.length === 0 || entries.some(e => e.checkId !== undefined) || !(file.birthtimeMs > 0)) {
        return false;
    }
    const times = entries.map(e => Date.parse(e.time));
    const first = Math.min(...times);
    const last = Math.max(...times);
    return last <= now && file.birthtimeMs <= first + LEGACY_SLACK_MS && Math.abs(file.mtimeMs - last) <= LEGACY_SLACK_MS;
}

/** Keep the ledger bounded: the first marker (the start of the proof) and the most recent ones. */
export const LEDGER_MAX_ENTRIES = 1000;
export function compactLedger(entries: readonly LedgerEntry[], max = LEDGER_MAX_ENTRIES): LedgerEntry[] {
    if (entries.length <= max) {
        return entries.slice();
    }
    return [entries[0], ...entries.slice(entries.length - (max - 1))];
}
