import { expect } from 'chai';
import { percentile, RoundTripWindow } from '../../../../src/browser/connection/state/round-trip-window';

describe('RoundTripWindow', () => {
    it('computes nearest-rank percentiles', () => {
        const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
        expect(percentile(sorted, 50)).to.equal(50);
        expect(percentile(sorted, 95)).to.equal(95);
        expect(percentile(sorted, 100)).to.equal(100);
        expect(percentile([7], 95)).to.equal(7);
        expect(percentile([], 50)).to.equal(undefined);
        expect(percentile([1, 2, 3, 4], 0)).to.equal(1);
    });

    it('summarises the samples it holds', () => {
        const w = new RoundTripWindow(10);
        [30, 10, 20].forEach(v => w.add(v));
        expect(w.summary()).to.deep.equal({ count: 3, last: 20, p50: 20, p95: 30, max: 30 });
    });

    it('slides: only the newest `capacity` samples count', () => {
        const w = new RoundTripWindow(5);
        for (let i = 1; i <= 12; i++) {
            w.add(i * 100);
        }
        expect(w.size).to.equal(5);
        expect(w.recent(5)).to.deep.equal([800, 900, 1000, 1100, 1200]);
        expect(w.recent(2)).to.deep.equal([1100, 1200]);
        expect(w.summary().p50).to.equal(1000);
        expect(w.summary().max).to.equal(1200);
    });

    it('ignores NaN, infinite and negative samples', () => {
        const w = new RoundTripWindow(5);
        [NaN, -1, Infinity, 4].forEach(v => w.add(v));
        expect(w.summary()).to.deep.equal({ count: 1, last: 4, p50: 4, p95: 4, max: 4 });
        w.clear();
        expect(w.summary().count).to.equal(0);
    });

    it('refuses a nonsensical capacity', () => {
        expect(() => new RoundTripWindow(0)).to.throw(RangeError);
        expect(() => new RoundTripWindow(1.5)).to.throw(RangeError);
    });
});
