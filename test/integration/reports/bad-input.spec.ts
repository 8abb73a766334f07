// Issue 6 / issue 12 §4: property-based input against the real backend. The oracle is independent of the product:
// every generated request is invalid or valid BY CONSTRUCTION, following the record format documented in
// docs/keepalive-metrics.md (never filtered through the product's own validator, so an input the validator wrongly
// accepts is still sent, and fails the test). Bad requests get a 4xx with a JSON reason and store nothing; valid
// ones are accepted and stored; the process stays up with bounded memory.
import { expect } from 'chai';
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { fetchConnectionCookie } from '../../helpers/theia-client';
import { TEST_TMP } from '../../helpers/paths';
import { postReports, readStored, validRecord } from '../../helpers/reports-fixtures';
import { BackendInspector, freePort, inspectorEnv } from '../connection/backend-inspector';

const ADMIN = 'fuzz-admin-token-0123456789';
const RUNS = 1500;
/**
 * Growth of the backend's JS heap allowed over the run, measured after a full garbage collection on both sides (the
 * inspector's HeapProfiler.collectGarbage, not RSS, which the allocator keeps high after a burst). The run sends
 * about 18 MiB of bodies: keeping an eighth of them would exceed this.
 */
const HEAP_GROWTH_BYTES = 2 * 1024 * 1024;

// ---- The documented contract (docs/keepalive-metrics.md), written out here on purpose: not imported from src/. ----
const RECORD_KEYS = ['id', 'seq', 'tabId', 'instanceId', 'sidHash', 'type', 'at', 'fields'];
const TYPES = ['summary', 'connect', 'disconnect', 'reconnect', 'upgrade', 'upgrade-error', 'handshake-error',
    'heartbeat-missed', 'degraded', 'offline', 'recovered', 'instance-changed'];
type Kind = 'string' | 'duration' | 'count' | 'boolean';
const FIELD_KINDS: Record<string, Kind> = {
    rttCount: 'count', rttP50Ms: 'duration', rttP95Ms: 'duration', rttMaxMs: 'duration', missedHeartbeats: 'count',
    transport: 'string', state: 'string', visibility: 'string', droppedRecords: 'count', queuedRecords: 'count',
    reason: 'string', description: 'string', sessionMs: 'duration', attempts: 'count', offlineMs: 'duration',
    instanceChanged: 'boolean', code: 'count', status: 'count', message: 'string', previousState: 'string', detectMs: 'duration'
};
/** The fields each type carries (the table in the docs). */
const TYPE_FIELDS: Record<string, string[]> = {
    summary: ['rttCount', 'rttP50Ms', 'rttP95Ms', 'rttMaxMs', 'missedHeartbeats', 'transport', 'state', 'visibility', 'droppedRecords', 'queuedRecords'],
    connect: ['transport'], disconnect: ['reason', 'description', 'sessionMs'], reconnect: ['attempts', 'offlineMs', 'instanceChanged'],
    upgrade: ['transport'], 'upgrade-error': ['message'], 'handshake-error': ['code', 'status', 'message'], 'heartbeat-missed': ['message'],
    degraded: ['state', 'previousState', 'reason'], offline: ['state', 'previousState', 'reason', 'detectMs'],
    recovered: ['state', 'previousState', 'reason', 'offlineMs'], 'instance-changed': []
};
const MAX_STRING = 512;
const MAX_DURATION_MS = 30 * 24 * 3600 * 1000;
const MAX_BODY_BYTES = 64 * 1024;
const MAX_RECORDS = 500;
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const TAB_CHARS = ID_CHARS + '.:';
const HEX = '0123456789abcdef';

const chars = (alphabet: string, minLength: number, maxLength: number) =>
    fc.string({ unit: fc.constantFrom(...alphabet.split('')), minLength, maxLength });
/** Characters outside both id alphabets (so outside A-Z a-z 0-9 _ - . :). */
const foreignChar = fc.constantFrom(' ', '/', '#', '+', '=', '?', '%', '"', '\\', '\n', '\u0000', 'é', 'Ж', '€', '😀', '\u202e');
/** A JSON value that is not of the given JavaScript kind. */
const notA = (kind: 'string' | 'number' | 'boolean' | 'object') => fc.oneof(
    fc.string({ maxLength: 8 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null),
    fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 })
).filter(v => kind === 'object' ? (typeof v !== 'object' || v === null || Array.isArray(v)) : typeof v !== kind);

// ---- Valid by construction ----
const validString = fc.string({ unit: 'grapheme', maxLength: 60 }).filter(s => s.length <= MAX_STRING);
const validValue: Record<Kind, fc.Arbitrary<unknown>> = {
    string: validString,
    duration: fc.oneof(fc.integer({ min: 0, max: 3_600_000 }), fc.double({ min: 0, max: 3_600_000, noNaN: true })),
    count: fc.integer({ min: 0, max: 10_000 }),
    boolean: fc.boolean()
};
const validFields = (type: string) => fc.subarray(TYPE_FIELDS[type]).chain(keys =>
    keys.length ? fc.tuple(...keys.map(k => validValue[FIELD_KINDS[k]])).map(values => Object.fromEntries(keys.map((k, i) => [k, values[i]]))) : fc.constant({}));
const goodRecord = fc.constantFrom(...TYPES).chain(type => fc.record({
    id: chars(ID_CHARS, 8, 64),
    seq: fc.integer({ min: 1, max: 1e9 }),
    tabId: chars(TAB_CHARS, 1, 128),
    instanceId: fc.oneof(fc.constant(''), chars(TAB_CHARS, 1, 128)),
    sidHash: fc.oneof(fc.constant(''), chars(HEX, 64, 64)),
    type: fc.constant(type),
    at: fc.integer({ min: 0, max: Date.now() + 86_400_000 }),
    fields: validFields(type)
}));

// ---- Invalid by construction: a valid record with exactly one documented rule broken, and why ----
type Broken = [object, string];
const replace = (key: string, value: fc.Arbitrary<unknown>, why: string): fc.Arbitrary<Broken> =>
    value.map(v => [{ ...validRecord(), [key]: v }, why] as Broken);
const insertForeign = (alphabet: string, min: number, max: number) => fc.tuple(chars(alphabet, min, max - 1), foreignChar, fc.nat())
    .map(([s, c, at]) => { const i = at % (s.length + 1); return s.slice(0, i) + c + s.slice(i); });
const withField = (key: string, value: fc.Arbitrary<unknown>, why: string): fc.Arbitrary<Broken> =>
    value.map(v => [validRecord({ fields: { [key]: v } as never }), why] as Broken);
const fieldOfKind = (kind: Kind) => fc.constantFrom(...Object.keys(FIELD_KINDS).filter(k => FIELD_KINDS[k] === kind));

/** A key the contract does not know, including names an object inherits (a computed key makes it an own property). */
const unknownKey = (known: string[]) => fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty'))
    .filter(k => !known.includes(k));

function nest(depth: number): unknown {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) {
        v = { reason: v };
    }
    return v;
}

const badRecord: fc.Arbitrary<Broken> = fc.oneof(
    replace('id', chars(ID_CHARS, 0, 7), 'id shorter than 8'),
    replace('id', chars(ID_CHARS, 65, 100), 'id longer than 64'),
    replace('id', insertForeign(ID_CHARS, 8, 64), 'id with a character outside A-Za-z0-9_-'),
    replace('id', notA('string'), 'id not a string'),
    replace('seq', fc.integer({ min: -1e9, max: 0 }), 'seq below 1'),
    replace('seq', fc.integer({ min: 1, max: 1e6 }).map(n => n + 0.5), 'seq not an integer'),
    replace('seq', notA('number'), 'seq not a number'),
    replace('tabId', fc.constant(''), 'tabId empty'),
    replace('tabId', chars(TAB_CHARS, 129, 200), 'tabId longer than 128'),
    replace('tabId', insertForeign(TAB_CHARS, 1, 128), 'tabId with a foreign character'),
    replace('tabId', notA('string'), 'tabId not a string'),
    replace('instanceId', chars(TAB_CHARS, 129, 200), 'instanceId longer than 128'),
    replace('instanceId', insertForeign(TAB_CHARS, 1, 128), 'instanceId with a foreign character'),
    replace('instanceId', notA('string'), 'instanceId not a string'),
    replace('sidHash', fc.oneof(chars(HEX, 1, 63), chars(HEX, 65, 80)), 'sidHash not 64 hex digits'),
    replace('sidHash', fc.tuple(chars(HEX, 63, 63), fc.constantFrom(...'ghijklmnopqrstuvwxyz-_ '.split(''))).map(([h, c]) => h + c), 'sidHash with a non-hex character'),
    replace('sidHash', notA('string'), 'sidHash not a string'),
    replace('type', fc.string({ maxLength: 20 }).filter(t => !TYPES.includes(t)), 'type not a documented type'),
    replace('type', notA('string'), 'type not a string'),
    replace('at', fc.integer({ min: -1e12, max: -1 }), 'at negative'),
    replace('at', fc.constantFrom(1e20, 1e300), 'at not a representable time'),
    replace('at', notA('number'), 'at not a number'),
    replace('fields', notA('object'), 'fields not an object'),
    fc.constantFrom(...RECORD_KEYS).map(key => {
        const r: Record<string, unknown> = { ...validRecord() };
        delete r[key];
        return [r, `missing ${key}`] as Broken;
    }),
    unknownKey(RECORD_KEYS).map(k => [{ ...validRecord(), [k]: 1 }, `unknown record field ${JSON.stringify(k)}`] as Broken),
    unknownKey(Object.keys(FIELD_KINDS)).chain(k => withField(k, fc.constant('x'), `unknown field ${JSON.stringify(k)} in fields`)),
    fieldOfKind('string').chain(k => withField(k, notA('string'), `fields.${k} not a string`)),
    fieldOfKind('string').chain(k => withField(k, fc.integer({ min: MAX_STRING + 1, max: 20000 }).map(n => 'y'.repeat(n)), `fields.${k} longer than 512`)),
    fieldOfKind('boolean').chain(k => withField(k, notA('boolean'), `fields.${k} not a boolean`)),
    fc.constantFrom<Kind>('duration', 'count').chain(kind => fieldOfKind(kind).chain(k => withField(k, notA('number'), `fields.${k} not a number`))),
    fc.constantFrom<Kind>('duration', 'count').chain(kind => fieldOfKind(kind).chain(k =>
        withField(k, fc.oneof(fc.integer({ min: -1e9, max: -1 }), fc.constantFrom(-0.5, -1e300)), `fields.${k} negative`))),
    fieldOfKind('duration').chain(k => withField(k, fc.oneof(fc.integer({ min: MAX_DURATION_MS + 1, max: 2 ** 52 }), fc.constant(1e300)), `fields.${k} over 30 days`)),
    fieldOfKind('count').chain(k => withField(k, fc.integer({ min: 0, max: 1e6 }).map(n => n + 0.25), `fields.${k} not an integer`)),
    fc.integer({ min: 20, max: 3000 }).map(depth => [{ ...validRecord(), fields: nest(depth) }, 'fields.reason a deeply nested object'] as Broken)
);

interface Request {
    body: string | Uint8Array;
    contentType: string;
    why: string;
    /** Valid by construction: must be accepted and stored. */
    valid?: { ids: string[] };
    /** For a schema violation: the reason must name this place. */
    where?: string;
}

const json = (v: unknown, why: string, where?: string): Request => ({ body: JSON.stringify(v), contentType: 'application/json', why, where });
const anyJson = fc.jsonValue({ maxDepth: 3 });
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Bytes the JSON text takes, for the 64 KiB rule. */
const sizeOf = (s: string) => Buffer.byteLength(s, 'utf8');

const badRequest: fc.Arbitrary<Request> = fc.oneof(
    { weight: 12, arbitrary: fc.tuple(badRecord, fc.integer({ min: 0, max: 3 })).map(([[record, why], pos]) => {
        const records: unknown[] = [validRecord(), validRecord(), validRecord()];
        records.splice(pos, 0, record);
        const r = json({ records }, why, `records[${pos}]`);
        // A record made long enough to pass 64 KiB is refused for its size first (413, no place named).
        return sizeOf(r.body as string) > MAX_BODY_BYTES ? { ...r, where: undefined } : r;
    }) },
    // The body must be exactly {"records": [...]}: anything else (no records key, another key, not an object) is wrong.
    { weight: 2, arbitrary: anyJson.filter(v => !(isPlainObject(v) && Object.keys(v).length === 1 && 'records' in v))
        .map(v => json(v, 'body not an object with only "records"')) },
    { weight: 1, arbitrary: anyJson.filter(v => !Array.isArray(v)).map(v => json({ records: v }, 'records not an array')) },
    { weight: 1, arbitrary: fc.constant(json({ records: [] }, 'records empty')) },
    { weight: 1, arbitrary: fc.integer({ min: MAX_RECORDS + 1, max: MAX_RECORDS + 50 }).map(n =>
        json({ records: Array.from({ length: n }, (_, i) => validRecord({ fields: {} }, i + 1)) }, `${n} records (at most ${MAX_RECORDS})`)) },
    { weight: 1, arbitrary: fc.constantFrom('NaN', '{"records":[NaN]}', '{"records": [', '', '{"records":[{"id":Infinity}]}', 'nul', '{"records":[]', "{'records':[]}")
        .map(body => ({ body, contentType: 'application/json', why: 'not JSON' })) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }).map(bytes => {
        // 0xff and 0xfe never occur in UTF-8; 0xc3 then starts a sequence that 0xff/0xfe cannot continue.
        const bad = Buffer.concat([Buffer.from('{"records":[{"id":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(bytes), Buffer.from('"}]}')]);
        return { body: new Uint8Array(bad), contentType: 'application/json', why: 'invalid UTF-8' };
    }) },
    { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/xml', '')
        .map(contentType => ({ body: JSON.stringify({ records: [validRecord()] }), contentType, why: `content type ${contentType || 'missing'}` })) },
    { weight: 1, arbitrary: fc.integer({ min: MAX_BODY_BYTES + 1, max: 400 * 1024 }).map(size => ({
        body: JSON.stringify({ records: [validRecord({ fields: { reason: 'z'.repeat(size) } })] }), contentType: 'application/json', why: 'over 64 KiB'
    })) }
);

const goodRequest: fc.Arbitrary<Request> = fc.tuple(fc.array(goodRecord, { minLength: 1, maxLength: 5 }), fc.constantFrom('application/json', 'application/json; charset=utf-8'))
    .map(([records, contentType]) => ({ body: JSON.stringify({ records }), contentType, why: 'valid by construction', valid: { ids: records.map(r => r.id) } }));

describe('integration: reports ingest, property-based with an independent oracle (real backend)', function (): void {
    this.timeout(240000);
    const dataDir = path.join(TEST_TMP, `reports-fuzz-${process.pid}`);
    let backend: RunningBackend | undefined;
    let inspector: BackendInspector | undefined;
    let inspectorPort = 0;

    before(async () => {
        fs.rmSync(dataDir, { recursive: true, force: true });
        inspectorPort = await freePort();
        backend = await startBackend({ env: { SESSION_HEALTH_DATA_DIR: dataDir, SESSION_HEALTH_ADMIN_TOKEN: ADMIN, SESSION_HEALTH_REPORTS_RATE: '0', ...inspectorEnv(inspectorPort) } });
    });
    after(async () => {
        inspector?.close();
        await backend?.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it(`answers ${RUNS} generated requests: invalid ones 4xx with a JSON reason and nothing stored, valid ones 200 and stored; stays up, bounded memory`, async () => {
        const cookie = await fetchConnectionCookie(backend!.url);
        const statuses = new Map<number, number>();
        const whys = new Set<string>();
        const acceptedIds = new Set<string>();
        // One request of every kind first, so that code loaded or compiled on first use is not counted as growth.
        const warmUp = validRecord();
        const warmed = await postReports(backend!.url, JSON.stringify({ records: [warmUp] }), { cookie, 'content-type': 'application/json' });
        expect(warmed.status, warmed.body).to.equal(200);
        acceptedIds.add(warmUp.id);
        await postReports(backend!.url, '{', { cookie, 'content-type': 'application/json' });
        inspector = await BackendInspector.open(backend!, inspectorPort);
        const baseHeap = await inspector.heapUsedAfterGc();
        let sentBytes = 0;
        const request = fc.oneof({ weight: 4, arbitrary: badRequest }, { weight: 1, arbitrary: goodRequest });
        await fc.assert(fc.asyncProperty(request, async req => {
            const headers: Record<string, string> = { cookie };
            if (req.contentType) {
                headers['content-type'] = req.contentType;
            }
            const response = await postReports(backend!.url, req.body, headers);
            sentBytes += typeof req.body === 'string' ? Buffer.byteLength(req.body) : req.body.length;
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            whys.add(req.why.replace(/fields\.\w+/, 'fields.<key>').replace(/".*"/, '"…"').replace(/^\d+ records/, 'N records'));
            const what = `${req.why}: HTTP ${response.status} ${response.body.slice(0, 200)}`;
            let parsed: { reason?: string; accepted?: number; duplicates?: number } = {};
            expect(() => { parsed = JSON.parse(response.body); }, `${what}: the answer is JSON`).to.not.throw();
            if (req.valid) {
                expect(response.status, what).to.equal(200);
                expect((parsed.accepted ?? 0) + (parsed.duplicates ?? 0), what).to.equal(req.valid.ids.length);
                req.valid.ids.forEach(id => acceptedIds.add(id));
            } else {
                expect(response.status, what).to.be.within(400, 499);
                expect(parsed.reason, what).to.be.a('string').and.not.empty;
                if (req.where) {
                    expect(parsed.reason, what).to.contain(req.where);
                }
            }
        }), { numRuns: RUNS, seed: 6006 });
        console.log(`      HTTP status counts: ${JSON.stringify(Object.fromEntries(statuses))}; ${whys.size} kinds of request; ${acceptedIds.size} valid records sent`);
        expect(backend!.process.exitCode, 'backend still running').to.equal(null);
        const heapGrowth = await inspector.heapUsedAfterGc() - baseHeap;
        console.log(`      ${(sentBytes / 1048576).toFixed(1)} MiB of bodies sent; heap growth after GC ${(heapGrowth / 1024).toFixed(0)} KiB`);
        expect(sentBytes, 'bodies sent').to.be.above(5 * HEAP_GROWTH_BYTES);
        expect(heapGrowth, 'backend heap growth after GC').to.be.below(HEAP_GROWTH_BYTES);
        // Exactly the valid records were stored: no record of a refused request (their valid siblings included).
        const stored = (await readStored(backend!.url, ADMIN)).map(r => r.id);
        expect(new Set(stored).size, 'stored ids are unique').to.equal(stored.length);
        expect(stored.filter(id => !acceptedIds.has(id)), 'stored records that came from refused requests').to.deep.equal([]);
        expect(stored.length, 'every accepted record stored').to.equal(acceptedIds.size);
        // Each class was exercised.
        for (const status of [200, 400, 413, 415]) {
            expect(statuses.get(status) ?? 0, `HTTP ${status} count (${JSON.stringify([...statuses])})`).to.be.greaterThan(10);
        }
        expect(whys.size, [...whys].join(', ')).to.be.greaterThan(40);
    });
});
