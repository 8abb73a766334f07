// Issue 6: property-based bad input against the real backend: every generated bad body gets a 4xx with a
// reason, nothing is stored, the process stays up and its memory stays bounded.
import { expect } from 'chai';
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { fetchConnectionCookie } from '../../helpers/theia-client';
import { TEST_TMP } from '../../helpers/paths';
import { postReports, readStored, validRecord } from '../../helpers/reports-fixtures';
import { REPORT_FIELDS } from '../../../src/common/reports/reports-protocol';

const ADMIN = 'fuzz-admin';
const RUNS = 1200;
/** Growth of the backend's RSS allowed over the run (a leak of the bodies would be ~100 MB+). */
const RSS_GROWTH_BYTES = 256 * 1024 * 1024;

function rssOf(pid: number): number {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

interface BadRequest {
    body: string | Uint8Array;
    contentType: string;
    why: string;
}

const recordKeys = ['id', 'seq', 'tabId', 'instanceId', 'sidHash', 'type', 'at', 'fields'];
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** One broken record: a valid one with one thing made wrong. */
const badRecord: fc.Arbitrary<[unknown, string]> = fc.oneof(
    fc.tuple(fc.constantFrom(...recordKeys), anyJson).filter(([k, v]) => !(k === 'fields' && typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0))
        .map(([key, value]) => [{ ...validRecord(), [key]: value }, `wrong type for ${key}`] as [unknown, string])
        .filter(([r]) => isInvalidQuick(r)),
    fc.constantFrom(...recordKeys).map(key => {
        const r: Record<string, unknown> = { ...validRecord() };
        delete r[key];
        return [r, `missing ${key}`] as [unknown, string];
    }),
    fc.string({ minLength: 1, maxLength: 20 }).filter(k => !recordKeys.includes(k) && k !== '__proto__')
        .map(k => [{ ...validRecord(), [k]: 1 }, 'unknown record field'] as [unknown, string]),
    fc.string({ minLength: 1, maxLength: 20 }).filter(k => !(k in REPORT_FIELDS) && k !== '__proto__')
        .map(k => [validRecord({ fields: { [k]: 'x' } as never }), 'unknown field in fields'] as [unknown, string]),
    fc.integer({ min: 513, max: 20000 }).map(n => [validRecord({ fields: { reason: 'y'.repeat(n) } }), 'huge string'] as [unknown, string]),
    fc.constantFrom('offlineMs', 'detectMs', 'sessionMs', 'rttP50Ms').chain(key =>
        fc.constantFrom(-1, -0.5, -1e9, 1e300).map(v => [validRecord({ fields: { [key]: v } }), `bad duration ${key}`] as [unknown, string])),
    fc.integer({ min: 20, max: 3000 }).map(depth => [{ ...validRecord(), fields: nest(depth) }, 'deep nesting'] as [unknown, string])
);

function nest(depth: number): unknown {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) {
        v = { reason: v };
    }
    return v;
}

/** Quick local check so that a generated "wrong type" really is wrong (e.g. a string id that happens to be valid). */
function isInvalidQuick(record: unknown): boolean {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { validateBatch } = require('../../../src/common/reports/reports-protocol') as typeof import('../../../src/common/reports/reports-protocol');
    return !validateBatch({ records: [record] }).ok;
}

const badRequest: fc.Arbitrary<BadRequest> = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(badRecord, fc.integer({ min: 0, max: 3 })).map(([[record, why], pos]) => {
        const records: unknown[] = [validRecord(), validRecord(), validRecord()];
        records.splice(pos, 0, record);
        return { body: JSON.stringify({ records }), contentType: 'application/json', why };
    }) },
    { weight: 2, arbitrary: anyJson.filter(v => !isInvalidQuickBatch(v) ? false : true)
        .map(v => ({ body: JSON.stringify(v), contentType: 'application/json', why: 'arbitrary JSON' })) },
    { weight: 1, arbitrary: fc.constantFrom('NaN', '{"records":[NaN]}', '{"records": [', '', '{"records":[{"id":Infinity}]}', 'nul')
        .map(body => ({ body, contentType: 'application/json', why: 'not JSON' })) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }).map(bytes => {
        const prefix = Buffer.from('{"records":[{"id":"');
        const bad = Buffer.concat([prefix, Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(bytes), Buffer.from('"}]}')]);
        return { body: new Uint8Array(bad), contentType: 'application/json', why: 'invalid UTF-8' };
    }) },
    { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', '')
        .map(contentType => ({ body: JSON.stringify({ records: [validRecord()] }), contentType, why: `content type ${contentType}` })) },
    { weight: 1, arbitrary: fc.integer({ min: 64 * 1024 + 1, max: 400 * 1024 }).map(size => ({
        body: JSON.stringify({ records: [validRecord({ fields: { reason: 'z'.repeat(size) } })] }), contentType: 'application/json', why: 'oversized'
    })) }
);

function isInvalidQuickBatch(v: unknown): boolean {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { validateBatch } = require('../../../src/common/reports/reports-protocol') as typeof import('../../../src/common/reports/reports-protocol');
    return !validateBatch(v).ok;
}

describe('integration: reports ingest refuses bad input (property-based, real backend)', function (): void {
    this.timeout(180000);
    const dataDir = path.join(TEST_TMP, `reports-fuzz-${process.pid}`);
    let backend: RunningBackend | undefined;

    before(async () => {
        fs.rmSync(dataDir, { recursive: true, force: true });
        backend = await startBackend({ env: { SESSION_HEALTH_DATA_DIR: dataDir, SESSION_HEALTH_ADMIN_TOKEN: ADMIN, SESSION_HEALTH_REPORTS_RATE: '0' } });
    });
    after(async () => {
        await backend?.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it(`answers ${RUNS} generated bad requests with a 4xx and a reason, stores nothing, stays up with bounded memory`, async () => {
        const cookie = await fetchConnectionCookie(backend!.url);
        const statuses = new Map<number, number>();
        const baseRss = rssOf(backend!.process.pid!);
        let maxRss = baseRss;
        let n = 0;
        await fc.assert(fc.asyncProperty(badRequest, async request => {
            const headers: Record<string, string> = { cookie };
            if (request.contentType) {
                headers['content-type'] = request.contentType;
            }
            const response = await postReports(backend!.url, request.body, headers);
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            expect(response.status, `${request.why}: ${response.body.slice(0, 200)}`).to.be.within(400, 499);
            const parsed = JSON.parse(response.body) as { reason?: string };
            expect(parsed.reason, request.why).to.be.a('string').and.not.empty;
            if (++n % 100 === 0) {
                maxRss = Math.max(maxRss, rssOf(backend!.process.pid!));
            }
        }), { numRuns: RUNS, seed: 6006 });
        expect(backend!.process.exitCode, 'backend still running').to.equal(null);
        expect(maxRss - baseRss, 'backend RSS growth').to.be.below(RSS_GROWTH_BYTES);
        expect(await readStored(backend!.url, ADMIN), 'nothing stored').to.have.length(0);
        // Each class was exercised.
        for (const status of [400, 413, 415]) {
            expect(statuses.get(status) ?? 0, `HTTP ${status} count`).to.be.greaterThan(10);
        }
        // And the backend still takes a good batch.
        const ok = await postReports(backend!.url, JSON.stringify({ records: [validRecord()] }), { 'content-type': 'application/json', cookie });
        expect(ok.status).to.equal(200);
    });
});
