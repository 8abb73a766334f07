// *****************************************************************************
// The kept samples of the connection history: oldest first, at most `maxAgeMs` old and at most `capacity`
// many. When full, the older half is thinned (every second plain round-trip sample goes; state changes and
// missed heartbeats stay), so the last minutes keep one sample per heartbeat. Pure: no timers, no DOM.
// *****************************************************************************

import { ConnectionSample } from './connection-history';

export const HISTORY_MAX_AGE_MS = 24 * 60 * 60 * 1000;
export const HISTORY_CAPACITY = 20_000;

export class ConnectionSampleStore {
    protected readonly kept: ConnectionSample[] = [];

    constructor(readonly capacity = HISTORY_CAPACITY, readonly maxAgeMs = HISTORY_MAX_AGE_MS) { }

    get size(): number {
        return this.kept.length;
    }

    add(sample: ConnectionSample): void {
        const last = this.kept[this.kept.length - 1];
        // samples come in time order; a clock step backwards must not break the order the chart relies on
        this.kept.push(last && sample.at < last.at ? { ...sample, at: last.at } : sample);
        this.expire(sample.at);
        if (this.kept.length > this.capacity) {
            this.thin();
        }
    }

    /** The samples at or after `sinceMs` (all when omitted), oldest first; a copy. */
    samples(sinceMs?: number): ConnectionSample[] {
        return sinceMs === undefined ? this.kept.slice() : this.kept.slice(this.firstIndexAtOrAfter(sinceMs));
    }

    /** The state in force at `at`: that of the last sample before it (undefined when none is that old). */
    stateAt(at: number): ConnectionSample['state'] | undefined {
        const i = this.firstIndexAtOrAfter(at);
        return i > 0 ? this.kept[i - 1].state : undefined;
    }

    protected firstIndexAtOrAfter(at: number): number {
        let lo = 0;
        let hi = this.kept.length;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (this.kept[mid].at < at) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    protected expire(now: number): void {
        const first = this.firstIndexAtOrAfter(now - this.maxAgeMs);
        if (first > 0) {
            this.kept.splice(0, first);
        }
    }

    protected thin(): void {
        const half = Math.floor(this.kept.length / 2);
        const older: ConnectionSample[] = [];
        let plain = 0;
        for (let i = 0; i < half; i++) {
            const s = this.kept[i];
            const isPlain = s.roundTripMs !== undefined && !s.missed;
            if (!isPlain || plain++ % 2 === 0) {
                older.push(s);
            }
        }
        this.kept.splice(0, half, ...older);
        if (this.kept.length > this.capacity) {
            // only state changes and misses left in the older half: the oldest go
            this.kept.splice(0, this.kept.length - this.capacity);
        }
    }
}
