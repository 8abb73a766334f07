// *****************************************************************************
// The backend's own event-loop delay, per reader (one per tab socket): max and p99 of
// `perf_hooks.monitorEventLoopDelay` and the busy time from `performance.eventLoopUtilization`, each since
// that reader's previous read. The busy time is exact at once after a block; the histogram only records a
// block at its next timer tick, and loses the interval in which it is reset.
// *****************************************************************************

import { injectable } from '@theia/core/shared/inversify';
import { EventLoopUtilization, IntervalHistogram, monitorEventLoopDelay, performance } from 'perf_hooks';
import { LoopDelay } from '../../common/connection/heartbeat-protocol';

/** Histogram timer resolution (ms): a wake-up of the backend every 20 ms, in C++ only. */
const RESOLUTION_MS = 20;

export interface LoopDelayReader {
    /** The delay since this reader's previous read. */
    read(): LoopDelay;
    dispose(): void;
}

class Reader implements LoopDelayReader {
    maxNs = 0;
    p99Ns = 0;
    protected elu: EventLoopUtilization = performance.eventLoopUtilization();

    constructor(protected readonly monitor: EventLoopDelayMonitor) { }

    read(): LoopDelay {
        this.monitor.fold();
        const busy = performance.eventLoopUtilization(this.elu);
        this.elu = performance.eventLoopUtilization();
        const delay = { maxMs: this.maxNs / 1e6, p99Ms: this.p99Ns / 1e6, busyMs: busy.active };
        this.maxNs = this.p99Ns = 0;
        return delay;
    }

    dispose(): void {
        this.monitor.release(this);
    }
}

@injectable()
export class EventLoopDelayMonitor {
    protected histogram: IntervalHistogram | undefined;
    protected readonly readers = new Set<Reader>();

    reader(): LoopDelayReader {
        const reader = new Reader(this);
        this.readers.add(reader);
        if (!this.histogram) {
            this.histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
            this.histogram.enable();
        }
        return reader;
    }

    /** Moves what the histogram recorded into every reader, and starts it afresh. */
    fold(): void {
        const histogram = this.histogram;
        if (!histogram || histogram.count === 0) {
            return;
        }
        const max = histogram.max;
        const p99 = histogram.percentile(99);
        for (const reader of this.readers) {
            reader.maxNs = Math.max(reader.maxNs, max);
            reader.p99Ns = Math.max(reader.p99Ns, p99);
        }
        histogram.reset();
    }

    release(reader: Reader): void {
        this.readers.delete(reader);
        if (this.readers.size === 0 && this.histogram) {
            this.histogram.disable();
            this.histogram = undefined;
        }
    }
}
