// *****************************************************************************
// Token bucket per client key, with a bounded number of tracked clients.
// *****************************************************************************

export class RateLimiter {
    protected readonly buckets = new Map<string, { tokens: number; at: number }>();

    /** `perSecond` 0 disables the limit. */
    constructor(readonly perSecond: number, readonly burst: number, readonly maxClients = 10000) { }

    /** Takes one token; returns 0 when allowed, else the seconds to wait (for Retry-After). */
    take(key: string, now = Date.now()): number {
        if (this.perSecond <= 0) {
            return 0;
        }
        let bucket = this.buckets.get(key);
        if (!bucket) {
            bucket = { tokens: this.burst, at: now };
            if (this.buckets.size >= this.maxClients) {
                this.buckets.delete(this.buckets.keys().next().value as string);
            }
            this.buckets.set(key, bucket);
        }
        bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) / 1000 * this.perSecond);
        bucket.at = now;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return 0;
        }
        return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
    }
}
