// *****************************************************************************
// Token bucket per client: a connection object (a socket, an RPC channel) or a string key (bounded count).
// Keyed on the connection-token cookie (reportClientKey), a client that reconnects, opens new TCP connections or
// switches between HTTP and RPC keeps its bucket.
// *****************************************************************************

import * as cookie from 'cookie';
import * as crypto from 'crypto';
import { CONNECTION_TOKEN_COOKIE } from '../../common/probe/probe-context';

interface Bucket {
    tokens: number;
    at: number;
}

export class RateLimiter {
    protected readonly buckets = new Map<string, Bucket>();
    /** Buckets of connection objects go with their connection. */
    protected readonly objectBuckets = new WeakMap<object, Bucket>();

    /** `perSecond` 0 disables the limit. */
    constructor(readonly perSecond: number, readonly burst: number, readonly maxClients = 10000) { }

    /** Takes one token; returns 0 when allowed, else the seconds to wait (for Retry-After). */
    take(key: string | object, now = Date.now()): number {
        if (this.perSecond <= 0) {
            return 0;
        }
        const bucket = this.bucket(key, now);
        bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) / 1000 * this.perSecond);
        bucket.at = now;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return 0;
        }
        return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
    }

    protected bucket(key: string | object, now: number): Bucket {
        if (typeof key === 'object') {
            let bucket = this.objectBuckets.get(key);
            if (!bucket) {
                bucket = { tokens: this.burst, at: now };
                this.objectBuckets.set(key, bucket);
            }
            return bucket;
        }
        let bucket = this.buckets.get(key);
        if (!bucket) {
            bucket = { tokens: this.burst, at: now };
            if (this.buckets.size >= this.maxClients) {
                this.buckets.delete(this.buckets.keys().next().value as string);
            }
            this.buckets.set(key, bucket);
        }
        return bucket;
    }
}

/**
 * The rate-limit key of a report request: the connection-token cookie of its HTTP request or Socket.IO handshake
 * (hashed). The backend issues that token and refuses requests without the valid one, so a client cannot pick a
 * key of its own: every browser of this backend shares it. Without a cookie (Electron): one shared key.
 */
export function reportClientKey(cookieHeader: string | string[] | undefined): string {
    const header = Array.isArray(cookieHeader) ? cookieHeader.join('; ') : cookieHeader ?? '';
    // Parsed as Theia's validator parses it (percent-decoding, spaces around `=`): `%61bc` and `abc` pass the same
    // check, so they must be the same key, or every spelling of the token would get a fresh burst.
    const token = header ? cookie.parse(header)[CONNECTION_TOKEN_COOKIE] : undefined;
    return token ? `token:${crypto.createHash('sha256').update(token).digest('hex').slice(0, 32)}` : 'no-token';
}
