// *****************************************************************************
// Bearer tokens of the guarded routes: the two variables, how a token is read from one (fail closed when unusable),
// the constant-time comparison, and the optional metrics-token check every route behind that token shares.
// *****************************************************************************

import * as crypto from 'crypto';
import type { Request } from '@theia/core/shared/express';

export const METRICS_TOKEN_ENV = 'SESSION_HEALTH_METRICS_TOKEN';
export const ADMIN_TOKEN_ENV = 'SESSION_HEALTH_ADMIN_TOKEN';

/** A configured token shorter than this (after trimming) is refused: the route it guards stays closed. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * `unset`: the variable is absent. `set`: a usable token (trimmed). `invalid`: present but empty, blank or
 * shorter than {@link MIN_TOKEN_LENGTH}: a misconfiguration, so the route fails closed.
 */
export type TokenSetting = { state: 'unset' } | { state: 'set'; token: string } | { state: 'invalid'; problem: string };

export function readToken(name: string, env: NodeJS.ProcessEnv = process.env): TokenSetting {
    const raw = env[name];
    if (raw === undefined) {
        return { state: 'unset' };
    }
    const token = raw.trim();
    if (!token) {
        return { state: 'invalid', problem: `${name} is set but ${raw ? 'blank' : 'empty'}` };
    }
    if (token.length < MIN_TOKEN_LENGTH) {
        return { state: 'invalid', problem: `${name} is shorter than ${MIN_TOKEN_LENGTH} characters` };
    }
    return { state: 'set', token };
}

/** Constant-time comparison of a presented bearer token with the configured one. */
export function bearerMatches(header: string | undefined, expected: string): boolean {
    const match = /^Bearer (.+)$/.exec(header ?? '');
    const presented = crypto.createHash('sha256').update(match ? match[1] : '\0no token').digest();
    const wanted = crypto.createHash('sha256').update(expected).digest();
    return crypto.timingSafeEqual(presented, wanted) && !!match;
}

/**
 * The optional bearer check of the metrics token (SESSION_HEALTH_METRICS_TOKEN), for every route behind it:
 * undefined when the request may read, else the refusal (503 when the token is unusable, 401 without the token).
 */
export function metricsTokenRefusal(setting: TokenSetting, req: Request, disabled: string): { status: 401 | 503; reason: string; headers: Record<string, string> } | undefined {
    if (setting.state === 'invalid') {
        return { status: 503, reason: `${disabled}: ${METRICS_TOKEN_ENV} is not a usable token (see the backend log)`, headers: {} };
    }
    if (setting.state === 'set' && !bearerMatches(req.headers.authorization, setting.token)) {
        return { status: 401, reason: 'A valid bearer token is required', headers: { 'WWW-Authenticate': 'Bearer' } };
    }
    return undefined;
}
