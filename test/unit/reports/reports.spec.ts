// Issue 6 units: the strict validator, the snapshot-to-record recorder, the NDJSON store, SHA-256 and the rate limiter.
import { expect } from 'chai';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { validateBatch } from '../../../src/common/reports/reports-protocol';
import { ReportRecorder } from '../../../src/browser/reports/report-recorder';
import { ConnectionStateMachine } from '../../../src/browser/connection/connection-state';
import { sha256Hex } from '../../../src/common/sha256';
import { completeLines, ReportStore } from '../../../src/node/reports/report-store';
import { RateLimiter } from '../../../src/node/reports/rate-limiter';
import { bearerMatches } from '../../../src/node/reports/reports-http-contribution';
import { TEST_TMP } from '../../helpers/paths';
import { validRecord } from '../../helpers/reports-fixtures';

describe('reports: validator', () => {
    it('accepts a valid batch and refuses each kind of bad record with a reason naming the place', () => {
        expect(validateBatch({ records: [validRecord()] }).ok).to.equal(true);
        const cases: [unknown, RegExp][] = [
            [{ records: [] }, /must not be empty/],
            [{ records: [validRecord()], extra: 1 }, /unknown field "extra"/],
            [{ records: [{ ...validRecord(), at: NaN }] }, /records\[0\]\.at/],
            [{ records: [validRecord({ fields: { offlineMs: -5 } })] }, /offlineMs: must not be negative/],
            [{ records: [validRecord({ fields: { attempts: 1.5 } })] }, /integer count/],
            [{ records: [validRecord({ sidHash: 'raw-sid' })] }, /sidHash/],
            [{ records: [validRecord(), { ...validRecord(), type: 'bogus' }] }, /records\[1\]\.type/],
            [[1, 2], /got array/]
        ];
        for (const [body, reason] of cases) {
            const result = validateBatch(body);
            expect(result.ok, JSON.stringify(body).slice(0, 80)).to.equal(false);
            expect((result as { reason: string }).reason).to.match(reason);
        }
    });
});

describe('reports: recorder', () => {
    it('turns timeline entries and state changes into records with time offline, time to detect and hashed sid', () => {
        let n = 0;
        const recorder = new ReportRecorder({ tabId: 'tab-1', newId: () => `record-${++n}` });
        const m = new ConnectionStateMachine(0, { heartbeatIntervalMs: 1000, heartbeatTimeoutMs: 2000 });
        const instance = { id: 'inst-a', startedAt: '2026-01-01T00:00:00.000Z', hostname: 'h', version: '1' };
        const out = () => { m.evaluate(t); return recorder.update(m.snapshot(), t); };
        let t = 1000;
        m.socketOpened(t, 'sid-1', 'polling');
        let records = out();
        expect(records.map(r => r.type)).to.deep.equal(['connect']);
        expect(records[0].sidHash).to.equal(crypto.createHash('sha256').update('sid-1').digest('hex'));
        m.heartbeatSent(t, 1);
        t = 1050;
        m.heartbeatReplied(t, { seq: 1, serverTime: t, instance });
        m.transportUpgraded(t, 'websocket');
        expect(out().map(r => r.type)).to.deep.equal(['upgrade']);
        t = 2000;
        m.heartbeatSent(t, 2);
        t = 5000;
        records = out();
        expect(records.map(r => r.type)).to.include.members(['heartbeat-missed', 'offline']);
        const offline = records.find(r => r.type === 'offline')!;
        expect(offline.fields.detectMs).to.equal(5000 - 1050);
        expect(offline.instanceId).to.equal('inst-a');
        t = 6000;
        m.socketClosed(t, 'transport close', true);
        records = out();
        expect(records[0].type).to.equal('disconnect');
        expect(records[0].fields).to.include({ reason: 'transport close', sessionMs: 5000 });
        t = 16000;
        m.reconnectSucceeded(t, 3);
        m.socketOpened(t, 'sid-2', 'websocket');
        m.heartbeatSent(t, 3);
        t = 16020;
        m.heartbeatReplied(t, { seq: 3, serverTime: t, instance: { ...instance, id: 'inst-b' } });
        records = out();
        const reconnect = records.find(r => r.type === 'reconnect')!;
        expect(reconnect.fields).to.deep.equal({ attempts: 3, offlineMs: 16000 - 5000, instanceChanged: true });
        expect(records.map(r => r.seq)).to.deep.equal(records.map((_, i) => records[0].seq + i));
        const summary = recorder.summary(m.snapshot(), t, { visibility: 'visible', dropped: 2, queued: 0 });
        expect(summary.fields).to.include({ transport: 'websocket', missedHeartbeats: 1, droppedRecords: 2 });
        expect(validateBatch({ records: [summary, reconnect, offline] }).ok).to.equal(true);
    });
});

describe('reports: store', () => {
    const dir = path.join(TEST_TMP, `unit-report-store-${process.pid}`);
    beforeEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('stores once per id, keeps the dedupe window across a reopen, rotates and caps the total size', async () => {
        const options = { dir, maxFileBytes: 64 * 1024, maxTotalBytes: 256 * 1024, dedupeWindow: 100000 };
        let store = new ReportStore(options);
        const first = [validRecord(), validRecord()];
        expect((await store.store(first)).accepted).to.have.length(2);
        expect((await store.store(first)).duplicates).to.equal(2);
        await store.close();
        store = new ReportStore(options);
        expect((await store.store(first)).duplicates, 'dedupe survives a reopen').to.equal(2);
        for (let i = 0; i < 40; i++) {
            await store.store(Array.from({ length: 50 }, () => validRecord({ fields: { reason: 'r'.repeat(100) } })));
        }
        await store.close();
        const files = fs.readdirSync(dir);
        expect(files.length).to.be.greaterThan(2);
        const total = files.reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);
        expect(total).to.be.at.most(256 * 1024);
    });

    it('never lets the files grow past the total cap, the active file included, after writing 8 times the cap', async () => {
        const cap = 256 * 1024;
        const store = new ReportStore({ dir, maxFileBytes: 64 * 1024, maxTotalBytes: cap, dedupeWindow: 100000 });
        const diskBytes = () => fs.readdirSync(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
        let written = 0;
        let peak = 0;
        let last: ReturnType<typeof validRecord>[] = [];
        for (let round = 0; written < 8 * cap; round++) {
            // Requests of different sizes, several at once so group commits join them into larger writes.
            const batches = Array.from({ length: 1 + round % 5 }, (_, i) => Array.from({ length: 1 + (round * 7 + i * 13) % 60 },
                () => validRecord({ fields: { reason: 'x'.repeat(50 + (round * 31) % 400) } })));
            await Promise.all(batches.map(b => store.store(b)));
            written += batches.flat().reduce((sum, r) => sum + JSON.stringify(r).length, 0);
            last = batches[batches.length - 1];
            peak = Math.max(peak, diskBytes());
            expect(diskBytes(), `after writing ${written} bytes`).to.be.at.most(cap);
        }
        expect(peak, 'the store did fill up to near the cap').to.be.greaterThan(cap / 2);
        const stored = (await store.read(0, 100000)).records.map(r => r.id);
        expect(stored, 'the newest records are kept').to.include.members(last.map(r => r.id));
        await store.close();
        expect(diskBytes()).to.be.at.most(cap);
    });

    it('keeps the cap when one request is larger than a file', async () => {
        const cap = 1024 * 1024;
        const store = new ReportStore({ dir, maxFileBytes: 64 * 1024, maxTotalBytes: cap, dedupeWindow: 100000 });
        for (let i = 0; i < 40; i++) {
            // About 100 KiB per request: more than one file.
            await store.store(Array.from({ length: 200 }, () => validRecord({ fields: { reason: 'y'.repeat(300) } })));
            const total = fs.readdirSync(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
            expect(total, `after request ${i + 1}`).to.be.at.most(cap);
        }
        await store.close();
    });

    it('forgets only the oldest ids past the dedupe window, also after a reopen', async () => {
        const options = { dir, maxFileBytes: 1024 * 1024, maxTotalBytes: 4 * 1024 * 1024, dedupeWindow: 10 };
        let store = new ReportStore(options);
        const records = Array.from({ length: 25 }, (_, i) => validRecord({}, i + 1));
        for (const record of records) {
            expect((await store.store([record])).accepted).to.have.length(1);
        }
        expect((await store.store(records.slice(15))).duplicates, 'the newest 10 are remembered').to.equal(10);
        await store.close();
        store = new ReportStore(options);
        expect((await store.store(records.slice(15))).duplicates, 'the window is rebuilt from the files').to.equal(10);
        const oldest = await store.store(records.slice(0, 3));
        expect(oldest.accepted.map(r => r.id), 'ids older than the window are forgotten').to.deep.equal(records.slice(0, 3).map(r => r.id));
        expect((await store.store(records.slice(18))).duplicates, 'storing forgotten ids evicted only the 3 oldest').to.equal(7);
        await store.close();
    });

    it('skips a torn last line', () => {
        expect(completeLines('{"a":1}\n{"b":2}\n{"c":')).to.deep.equal(['{"a":1}', '{"b":2}']);
        expect(completeLines('{"c":')).to.deep.equal([]);
    });
});

describe('reports: sha256, rate limiter, bearer compare', () => {
    it('hashes like node crypto', () => {
        for (const s of ['', 'abc', 'x'.repeat(64), 'sïd☃'.repeat(30)]) {
            expect(sha256Hex(s)).to.equal(crypto.createHash('sha256').update(s).digest('hex'));
        }
    });
    it('limits per key and says how long to wait', () => {
        const limiter = new RateLimiter(2, 3);
        expect([0, 1, 2, 3].map(() => limiter.take('a', 1000))).to.deep.equal([0, 0, 0, 1]);
        expect(limiter.take('b', 1000)).to.equal(0);
        expect(limiter.take('a', 1500)).to.equal(0);
        expect(new RateLimiter(0, 0).take('a')).to.equal(0);
    });
    it('compares bearer tokens exactly', () => {
        expect(bearerMatches('Bearer s3cret', 's3cret')).to.equal(true);
        for (const h of [undefined, '', 'Bearer s3cre', 'Bearer s3cret ', 's3cret', 'Basic s3cret']) {
            expect(bearerMatches(h, 's3cret'), String(h)).to.equal(false);
        }
    });
});
