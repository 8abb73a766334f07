// The NDJSON store of report records (src/node/reports/report-store.ts).
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { ReportStore } from '../../../src/node/reports/report-store';
import { completeLines } from '../../../src/node/reports/report-store-format';
import { TEST_TMP } from '../../helpers/paths';
import { validRecord } from '../../helpers/reports-fixtures';

describe('reports: store', () => {
    const dir = path.join(TEST_TMP, `unit-report-store-${process.pid}`);
    beforeEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('stores once per id, keeps the dedupe window across a reopen, rotates and caps the total size', async () => {
        const options = { dir, maxFileBytes: 64 * 1024, maxTotalBytes: 256 * 1024, dedupeWindow: 100000 };
        let store = new ReportStore(options);
        const first = [validRecord(), validRecord()];
        const stored = await store.store(first);
        expect(stored.accepted).to.have.length(2);
        expect((await store.store(first)).duplicates).to.equal(2);
        await store.close();
        expect(stored.lines.join(''), 'the lines it returns are the lines it wrote').to.equal(fs.readFileSync(path.join(dir, fs.readdirSync(dir)[0]), 'utf8'));
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
