import { expect } from 'chai';
import { EventLoopDelayMonitor } from '../../../src/node/connection/event-loop-delay';

function block(ms: number): void {
    const end = Date.now() + ms;
    while (Date.now() < end) {
        // busy
    }
}

const tick = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('EventLoopDelayMonitor (real perf_hooks)', () => {
    it('reports a block to every reader once, right after it, and an idle loop as small', async () => {
        const monitor = new EventLoopDelayMonitor();
        const a = monitor.reader();
        const b = monitor.reader();
        try {
            await tick(100);
            a.read();
            b.read();
            block(300);
            // read at once, before the histogram's timer has seen the block: the busy time already has it
            const first = a.read();
            expect(first.busyMs).to.be.at.least(290);
            await tick(60);
            const later = a.read();
            expect(later.maxMs, 'the histogram records the block at its next tick, after a read reset it').to.be.below(300);
            const other = b.read();
            expect(Math.max(other.maxMs, other.busyMs)).to.be.at.least(290);
            await tick(200);
            const after = a.read();
            expect(after.busyMs, 'each read starts afresh').to.be.below(290);
            expect(after.maxMs).to.be.below(290);
        } finally {
            a.dispose();
            b.dispose();
        }
    });
});
