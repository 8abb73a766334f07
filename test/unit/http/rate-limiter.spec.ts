// The token bucket of the report routes (src/node/http/rate-limiter.ts).
import { expect } from 'chai';
import { RateLimiter, reportClientKey } from '../../../src/node/http/rate-limiter';

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

    it('keys report clients on the connection-token cookie only (hashed; other cookies do not change it)', () => {
        const key = reportClientKey('theia-connection-token=abc123');
        expect(key).to.match(/^token:[0-9a-f]{32}$/).and.not.contain('abc123');
        expect(reportClientKey('a=1; theia-connection-token=abc123; b=2')).to.equal(key);
        expect(reportClientKey(['x=y', 'theia-connection-token=abc123'])).to.equal(key);
        expect(reportClientKey('theia-connection-token=other')).to.not.equal(key);
        // Every spelling Theia's cookie check accepts as the same token is the same key (no fresh burst by encoding).
        expect(reportClientKey('theia-connection-token=%61bc123')).to.equal(key);
        expect(reportClientKey('theia-connection-token=%61%62%63%31%32%33')).to.equal(key);
        expect(reportClientKey('theia-connection-token = abc123')).to.equal(key);
        expect(reportClientKey(undefined)).to.equal(reportClientKey('tab=free-choice')).and.equal('no-token');
    });
});
