// *****************************************************************************
// The pure helpers of report delivery: record ids, the route's URL, what counts as the backend's answer, the
// fields as the current rules allow them, web storage where the browser gives it, and a promise with a deadline.
// *****************************************************************************

import { REPORTS_ROUTE, ReportRecord } from '../../common/reports/reports-protocol';
import { clean } from './clean-fields';

export function newRecordId(): string {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Whether the backend answered (its answers are JSON): behind an authenticating proxy, a sign-in page (200 HTML) or a
 * redirect to one is no delivery, and the records stay queued.
 */
export function fromBackend(response: Response): boolean {
    return response.type !== 'opaqueredirect' && /json/i.test(response.headers.get('content-type') ?? '');
}

export function reportsUrl(): string {
    return new URL(REPORTS_ROUTE.replace(/^\//, ''), document.baseURI).toString();
}

/** Fields as the current rules allow them (a queue written by an older version may hold larger counts). */
export function sanitize(record: ReportRecord): ReportRecord {
    return { ...record, fields: clean(record.fields) };
}

export function storage(name: 'localStorage' | 'sessionStorage'): Storage | undefined {
    try {
        return window[name];
    } catch {
        return undefined;
    }
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
        const timer = window.setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
        promise.then(value => { window.clearTimeout(timer); resolve(value); }, error => { window.clearTimeout(timer); reject(error); });
    });
}
