// *****************************************************************************
// Sliding window of round-trip samples with nearest-rank percentiles.
// *****************************************************************************

export interface RoundTripSummary {
    count: number;
    last?: number;
    p50?: number;
    p95?: number;
    max?: number;
}

/** Nearest-rank percentile of an ascending array; undefined for an empty one. */
export function percentile(sortedAscending: readonly number[], p: number): number | undefined {
    if (sortedAscending.length === 0) {
        return undefined;
    }
    const rank = Math.ceil((p / 100) * sortedAscending.length);
    return sortedAscending[Math.min(sortedAscending.length, Math.max(1, rank)) - 1];
}

export class RoundTripWindow {
    protected readonly samples: number[] = [];
    protected next = 0;

    constructor(readonly capacity = 60) {
        if (!Number.isInteger(capacity) || capacity < 1) {
            throw new RangeError(`RoundTripWindow capacity must be a positive integer, got ${capacity}`);
        }
    }

    protected lastSample: number | undefined;

    add(sampleMs: number): void {
        if (!Number.isFinite(sampleMs) || sampleMs < 0) {
            return;
        }
        if (this.samples.length < this.capacity) {
            this.samples.push(sampleMs);
        } else {
            this.samples[this.next] = sampleMs;
        }
        this.next = (this.next + 1) % this.capacity;
        this.lastSample = sampleMs;
    }

    /** The most recent `n` samples, newest last. */
    recent(n: number): number[] {
        const ordered = this.samples.length < this.capacity
            ? this.samples.slice()
            : [...this.samples.slice(this.next), ...this.samples.slice(0, this.next)];
        return ordered.slice(Math.max(0, ordered.length - n));
    }

    clear(): void {
        this.samples.length = 0;
        this.next = 0;
        this.lastSample = undefined;
    }

    get size(): number {
        return this.samples.length;
    }

    summary(): RoundTripSummary {
        const sorted = this.samples.slice().sort((a, b) => a - b);
        return {
            count: sorted.length,
            last: this.lastSample,
            p50: percentile(sorted, 50),
            p95: percentile(sorted, 95),
            max: sorted.length ? sorted[sorted.length - 1] : undefined
        };
    }
}
