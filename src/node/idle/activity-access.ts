// *****************************************************************************
// Who may read GET /session-health/activity: the holder of SESSION_HEALTH_METRICS_TOKEN. Without a token the
// route is closed (403 naming the variable) unless the admin opens it with SESSION_HEALTH_ACTIVITY_PUBLIC=true:
// it tells anyone who reaches the backend whether (and since when) the user is away.
// *****************************************************************************

import type { Request } from '@theia/core/shared/express';
import { ACTIVITY_PUBLIC_ENV, ACTIVITY_ROUTE } from '../../common/idle/idle-protocol';
import { METRICS_TOKEN_ENV, TokenSetting } from '../http/bearer-token';
import type { HttpGuard } from '../http/http-guard';

export interface ActivityAccess {
    token: TokenSetting;
    /** SESSION_HEALTH_ACTIVITY_PUBLIC=true: open while no token is set. */
    open: boolean;
    /** A value that is neither true nor false, for the start-up log. */
    problem?: string;
}

export function readActivityAccess(token: TokenSetting, env: NodeJS.ProcessEnv = process.env): ActivityAccess {
    const raw = env[ACTIVITY_PUBLIC_ENV]?.trim().toLowerCase();
    const problem = raw && raw !== 'true' && raw !== 'false'
        ? `${ACTIVITY_PUBLIC_ENV}=${JSON.stringify(raw.slice(0, 40))} is neither true nor false; ${ACTIVITY_ROUTE} stays closed without a token` : undefined;
    return { token, open: raw === 'true', problem };
}

/** The start-up log line: which of open, token-protected, closed. */
export function activityAccessLine(access: ActivityAccess): string {
    switch (access.token.state) {
        case 'set':
            return `${ACTIVITY_ROUTE} is token-protected (${METRICS_TOKEN_ENV})`;
        case 'invalid':
            return `${ACTIVITY_ROUTE} refuses every request: ${access.token.problem}`;
        default:
            return access.open
                ? `${ACTIVITY_ROUTE} is OPEN (${ACTIVITY_PUBLIC_ENV}=true, no ${METRICS_TOKEN_ENV}): anyone who reaches the backend can see when the user was last active`
                : `${ACTIVITY_ROUTE} is closed (403): set ${METRICS_TOKEN_ENV} to read it with a bearer token, or ${ACTIVITY_PUBLIC_ENV}=true to open it`;
    }
}

/** Undefined when the request may read; else the status and JSON body of the refusal. */
export function activityRefusal(access: ActivityAccess, req: Request, guard: Pick<HttpGuard, 'metricsTokenRefusal'>): { status: number; headers: Record<string, string>; body: { error: string; reason: string } } | undefined {
    if (access.token.state === 'unset' && !access.open) {
        return {
            status: 403, headers: {}, body: {
                error: 'forbidden',
                reason: `${ACTIVITY_ROUTE} needs a bearer token and ${METRICS_TOKEN_ENV} is not set on the backend; the admin sets it (or ${ACTIVITY_PUBLIC_ENV}=true to open the route)`
            }
        };
    }
    const refusal = guard.metricsTokenRefusal(access.token, req, 'The activity route is disabled');
    return refusal && { status: refusal.status, headers: refusal.headers, body: { error: refusal.status === 401 ? 'unauthorized' : 'disabled', reason: refusal.reason } };
}
