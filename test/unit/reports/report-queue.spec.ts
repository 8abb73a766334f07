// Issue 6: the browser's bounded offline queue survives a reload (same sessionStorage), caps by count and bytes
// dropping the oldest with a counter, and adopts the queues of closed tabs.
import { expect } from 'chai';
import { QUEUE_KEY_PREFIX, ReportQueue } from '../../../src/browser/reports/report-queue';
import { validRecord } from '../../helpers/reports-fixtures';

class MemoryStorage implements Storage {
    protected map = new Map<string, string>();
    get length(): number { return this.map.size; }
    clear(): void { this.map.clear(); }
    getItem(key: string): string | null { return this.map.has(key) ? this.map.get(key)! : null; }
    key(index: number): string | null { return [...this.map.keys()][index] ?? null; }
    removeItem(key: string): void { this.map.delete(key); }
    setItem(key: string, value: string): void { this.map.set(key, String(value)); }
}

let counter = 0;
const newId = () => `queue${++counter}`;

describe('reports: browser queue', () => {
    it('keeps records across a reload of the same tab and removes only acknowledged ones', () => {
        const local = new MemoryStorage();
        const session = new MemoryStorage();
        const queue = new ReportQueue(local, session, newId);
        const records = [validRecord(), validRecord(), validRecord()];
        queue.lastSeq = 3;
        queue.push(records);
        const reloaded = new ReportQueue(local, session, newId);
        expect(reloaded.key).to.equal(queue.key);
        expect(reloaded.peek(10, 1e9).map(r => r.id)).to.deep.equal(records.map(r => r.id));
        expect(reloaded.lastSeq).to.equal(3);
        reloaded.remove([records[1].id]);
        expect(new ReportQueue(local, session, newId).peek(10, 1e9).map(r => r.id)).to.deep.equal([records[0].id, records[2].id]);
    });

    it('drops the oldest when full (count or bytes) and counts them once', () => {
        const queue = new ReportQueue(new MemoryStorage(), new MemoryStorage(), newId, { maxRecords: 5, maxBytes: 1e9 });
        const records = Array.from({ length: 8 }, () => validRecord());
        queue.push(records);
        expect(queue.peek(100, 1e9).map(r => r.id)).to.deep.equal(records.slice(3).map(r => r.id));
        expect(queue.takeDropped()).to.equal(3);
        expect(queue.takeDropped()).to.equal(0);
        const small = new ReportQueue(new MemoryStorage(), new MemoryStorage(), newId, { maxRecords: 1000, maxBytes: 1000 });
        small.push(Array.from({ length: 20 }, () => validRecord()));
        expect(small.byteSize).to.be.at.most(1000);
        expect(small.takeDropped()).to.equal(20 - small.length);
    });

    it('peeks at most the requested bytes', () => {
        const queue = new ReportQueue(new MemoryStorage(), new MemoryStorage(), newId);
        queue.push(Array.from({ length: 50 }, () => validRecord()));
        const batch = queue.peek(500, 2000);
        expect(JSON.stringify({ records: batch }).length).to.be.at.most(2000);
        expect(batch.length).to.be.greaterThan(0);
    });

    it("adopts a closed tab's stale queue, leaves a live tab's queue alone, survives damaged storage", () => {
        const local = new MemoryStorage();
        const stale = validRecord();
        local.setItem(`${QUEUE_KEY_PREFIX}closed`, JSON.stringify({ records: [stale], dropped: 2, seq: 1, updatedAt: Date.now() - 10 * 60000 }));
        local.setItem(`${QUEUE_KEY_PREFIX}live`, JSON.stringify({ records: [validRecord()], dropped: 0, seq: 1, updatedAt: Date.now() }));
        local.setItem(`${QUEUE_KEY_PREFIX}broken`, '{not json');
        const queue = new ReportQueue(local, new MemoryStorage(), newId);
        expect(queue.peek(10, 1e9).map(r => r.id)).to.deep.equal([stale.id]);
        expect(queue.takeDropped()).to.equal(2);
        expect(local.getItem(`${QUEUE_KEY_PREFIX}closed`)).to.equal(null);
        expect(local.getItem(`${QUEUE_KEY_PREFIX}live`)).to.not.equal(null);
        const throwing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('quota'); } } as unknown as Storage;
        const degraded = new ReportQueue(throwing, throwing, newId);
        degraded.push([validRecord()]);
        expect(degraded.length).to.equal(1);
    });
});
