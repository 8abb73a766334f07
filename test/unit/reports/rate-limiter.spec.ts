// The token bucket of the report routes (src/node/reports/rate-limiter.ts).
import { expect } from 'chai';
import { RateLimiter } from '../../../src/node/reports/rate-limiter';

describe('reports: rate limiter', () => {
    it('limits per key and says how long to wait', () => {
        const limiter = new RateLimiter(2, 3);
        expect([0, 1, 2, 3].map(() => limiter.take('a', 1000))).to.deep.equal([0, 0, 0, 1]);
        expect(limiter.take('b', 1000)).to.equal(0);
        expect(limiter.take('a', 1500)).to.equal(0);
        expect(new RateLimiter(0, 0).take('a')).to.equal(0);
    });
    it('keeps one bucket per connection object, so one busy connection does not limit another', () => {
        const limiter = new RateLimiter(1, 2);
        const busy = {};
        const quiet = {};
        expect([0, 1, 2].map(() => limiter.take(busy, 1000))).to.deep.equal([0, 0, 1]);
        expect(limiter.take(quiet, 1000)).to.equal(0);
        expect(limiter.take(busy, 2000), 'refilled after a second').to.equal(0);
    });
});
