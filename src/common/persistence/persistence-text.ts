// *****************************************************************************
// Small text helpers of the persistence check (times, sizes, counts), shared by the report text
// (browser, CLI) and the verdicts (backend). Pure, no I/O.
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';

export function round1(n: number): number {
    return Math.round(n * 10) / 10;
}

export function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
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

/** An ISO 8601 time as `YYYY-MM-DD hh:mm:ss UTC`. */
export function formatTime(iso: string | undefined): string {
    if (!iso) {
        return nls.localize('theia-session-health/persistence/unknownTime', 'an unknown time');
    }
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}
