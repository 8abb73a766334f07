// *****************************************************************************
// The one rate limiter of the report channels (HTTP and RPC), from SESSION_HEALTH_REPORTS_RATE.
// *****************************************************************************

import { RateLimiter } from '../http/rate-limiter';
import { envInteger, RATE_ENV } from './reports-env';

/** Requests per second per connection unless SESSION_HEALTH_REPORTS_RATE says otherwise (0: no limit). */
export const DEFAULT_RATE_PER_SECOND = 20;

/** The one limiter both report channels (HTTP and RPC) share, bound in the reports' backend module. */
export const ReportRateLimiter = Symbol('ReportRateLimiter');

/** The limiter of the report channels, from the environment. */
export function createReportRateLimiter(env: NodeJS.ProcessEnv = process.env,
    make: (perSecond: number, burst: number) => RateLimiter = (perSecond, burst) => new RateLimiter(perSecond, burst)): RateLimiter {
    const perSecond = envInteger(RATE_ENV, DEFAULT_RATE_PER_SECOND, 0, 1000000, env);
    return make(perSecond, Math.max(10, perSecond * 5));
}
