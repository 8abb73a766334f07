import { expect } from 'chai';
import { RenderThrottle, ThrottleTimers } from '../../../src/browser/view/render-throttle';

/** Manual clock: timers run when `advance` passes their time. */
class ManualTimers implements ThrottleTimers {
    time = 0;
    protected queue: { at: number; cb: () => void; id: number }[] = [];
    protected ids = 0;
    now(): number { return this.time; }
    setTimeout(cb: () => void, ms: number): unknown { const id = ++this.ids; this.queue.push({ at: this.time + ms, cb, id }); return id; }
    clearTimeout(handle: unknown): void { this.queue = this.queue.filter(t => t.id !== handle); }
    advance(ms: number): void {
        const end = this.time + ms;
        for (; ;) {
            const next = this.queue.filter(t => t.at <= end).sort((a, b) => a.at - b.at)[0];
            if (!next) { break; }
            this.queue = this.queue.filter(t => t !== next);
            this.time = next.at;
            next.cb();
        }
        this.time = end;
    }
}

describe('RenderThrottle (the view redraws at most once a second, never while hidden)', () => {
    it('renders at most once per second however often asked', () => {
        const timers = new ManualTimers();
        const renders: number[] = [];
        const t = new RenderThrottle(() => renders.push(timers.time), 1000, timers);
        t.setVisible(true);
        for (let i = 0; i < 100; i++) {
            t.request();
            timers.advance(50);
        }
        timers.advance(1000);
        expect(renders.length).to.be.within(5, 6);
        for (let i = 1; i < renders.length; i++) {
            expect(renders[i] - renders[i - 1]).to.be.at.least(1000);
        }
    });

    it('renders nothing while hidden, and once when shown again', () => {
        const timers = new ManualTimers();
        let renders = 0;
        const t = new RenderThrottle(() => renders++, 1000, timers);
        t.setVisible(true);
        t.request();
        timers.advance(10);
        expect(renders).to.equal(1);
        t.setVisible(false);
        for (let i = 0; i < 20; i++) {
            t.request();
            timers.advance(500);
        }
        expect(renders).to.equal(1);
        t.setVisible(true);
        timers.advance(10);
        expect(renders).to.equal(2);
        timers.advance(5000);
        expect(renders).to.equal(2);
        t.dispose();
        t.request();
        timers.advance(5000);
        expect(renders).to.equal(2);
    });

    it('requestNow renders at once while visible (a new state), and the interval counts from there', () => {
        const timers = new ManualTimers();
        const renders: number[] = [];
        const t = new RenderThrottle(() => renders.push(timers.time), 2000, timers);
        t.setVisible(true);
        t.request();
        timers.advance(100);
        t.request();
        timers.advance(500);
        expect(renders).to.deep.equal([0]);
        t.requestNow();
        expect(renders).to.deep.equal([0, 600], 'at once, inside the interval');
        t.request();
        timers.advance(1999);
        expect(renders.length).to.equal(2);
        timers.advance(1);
        expect(renders).to.deep.equal([0, 600, 2600]);
        t.setVisible(false);
        t.requestNow();
        expect(renders.length, 'nothing while hidden').to.equal(3);
        t.setVisible(true);
        timers.advance(2000);
        expect(renders.length, 'once when shown again').to.equal(4);
    });

    it('asks an interval function at each scheduling (5 s while steady, 2 s otherwise)', () => {
        const timers = new ManualTimers();
        const renders: number[] = [];
        let steady = true;
        const t = new RenderThrottle(() => renders.push(timers.time), () => steady ? 5000 : 2000, timers);
        t.setVisible(true);
        t.request();
        timers.advance(0);
        t.request();
        timers.advance(4999);
        expect(renders).to.deep.equal([0]);
        timers.advance(1);
        expect(renders).to.deep.equal([0, 5000]);
        steady = false;
        t.request();
        timers.advance(2000);
        expect(renders).to.deep.equal([0, 5000, 7000]);
    });
});
