// Builders and HTTP helpers for the keep-alive reports tests (issue 6).
import { randomBytes } from 'crypto';
import { ReportRecord, REPORTS_ROUTE } from '../../src/common/reports/reports-protocol';

export function recordId(): string {
    return randomBytes(12).toString('base64url');
}

export function validRecord(overrides: Partial<ReportRecord> = {}, seq = 1): ReportRecord {
    return {
        id: recordId(), seq, tabId: 'tab-test', instanceId: 'instance-1', sidHash: 'a'.repeat(64),
        type: 'disconnect', at: Date.now(), fields: { reason: 'ping timeout', sessionMs: 42000 }, ...overrides
    };
}

export function validBatch(count: number, type: ReportRecord['type'] = 'disconnect'): ReportRecord[] {
    return Array.from({ length: count }, (_, i) => validRecord({ type }, i + 1));
}

export async function postReports(baseUrl: string, body: string | Uint8Array, headers: Record<string, string>): Promise<{ status: number; body: string; headers: Headers }> {
    const response = await fetch(baseUrl + REPORTS_ROUTE, { method: 'POST', headers, body: body as BodyInit });
    return { status: response.status, body: await response.text(), headers: response.headers };
}

export async function readStored(baseUrl: string, adminToken: string): Promise<ReportRecord[]> {
    const out: ReportRecord[] = [];
    let since = 0;
    for (;;) {
        const response = await fetch(`${baseUrl}${REPORTS_ROUTE}?since=${since}&limit=10000`, { headers: { authorization: `Bearer ${adminToken}` } });
        if (response.status !== 200) {
            throw new Error(`admin read: HTTP ${response.status} ${await response.text()}`);
        }
        const page = await response.json() as { records: ReportRecord[]; next?: number };
        out.push(...page.records);
        if (page.next === undefined) {
            return out;
        }
        since = page.next;
    }
}

/** Value of one sample in a Prometheus text exposition (0 when absent). */
export function sampleValue(exposition: string, series: string): number {
    const line = exposition.split('\n').find(l => l.startsWith(series + ' '));
    return line ? Number(line.slice(series.length + 1)) : 0;
}
