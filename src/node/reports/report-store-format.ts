// *****************************************************************************
// The report store's options, limits and results, and its line format: one NDJSON line a record with
// `receivedAt` appended; a torn last line is left out when read.
// *****************************************************************************

import { ReportRecord, StoredReportRecord } from '../../common/reports/reports-protocol';

/** The store's file names (start time, counter) and the id at the start of every line it wrote. */
export const FILE_PATTERN = /^reports-(\d{13})-(\d{6})\.ndjson$/;
export const ID_AT_LINE_START = /^\{"id":"([A-Za-z0-9_-]{1,64})"/;

export interface ReportStoreOptions {
    dir: string;
    /** A file is closed and a new one started past this size. */
    maxFileBytes: number;
    /** Oldest files are deleted while all files together are larger than this. */
    maxTotalBytes: number;
    /** How many record ids are remembered for dedupe (oldest forgotten first). */
    dedupeWindow: number;
}

export const DEFAULT_STORE_LIMITS = {
    maxFileBytes: 8 * 1024 * 1024,
    maxTotalBytes: 64 * 1024 * 1024,
    dedupeWindow: 200000
};

export interface StoreResult {
    accepted: ReportRecord[];
    /** The NDJSON line written for each accepted record (same order, with `receivedAt` and the newline). */
    lines: string[];
    duplicates: number;
}

export interface ReadResult {
    records: StoredReportRecord[];
    /** Pass as `since` to get the next page; absent when there is nothing more. */
    next?: number;
}

/** One NDJSON line: the record (id first) with `receivedAt` appended, without copying the record. */
export function storedLine(record: ReportRecord, receivedAt: number): string {
    if ('receivedAt' in record) {
        return JSON.stringify({ ...record, receivedAt }) + '\n';
    }
    const json = JSON.stringify(record);
    return `${json.slice(0, -1)},"receivedAt":${receivedAt}}\n`;
}

/** Lines that end with a newline: a torn last line (no newline yet) is left out. */
export function completeLines(text: string): string[] {
    const end = text.lastIndexOf('\n');
    if (end < 0) {
        return [];
    }
    return text.slice(0, end).split('\n').filter(line => line.length > 0);
}
