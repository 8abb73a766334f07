// *****************************************************************************
// The admin bearer check of the admin routes (GET /session-health/reports, GET /session-health/bundle):
// 404 while SESSION_HEALTH_ADMIN_TOKEN is unset or unusable, 401 without the right bearer token.
// One place, so every admin route refuses the same way.
// *****************************************************************************

import type { Request, Response } from '@theia/core/shared/express';
import { ADMIN_TOKEN_ENV, bearerMatches, TokenSetting } from './bearer-token';

/** True when the request may go on; otherwise the refusal (JSON with a reason) has been sent. */
export function adminAllowed(req: Request, res: Response, adminToken: TokenSetting, routeName: string): boolean {
    res.set('Cache-Control', 'no-store');
    if (adminToken.state !== 'set') {
        const why = adminToken.state === 'unset' ? 'is not set' : 'is not a usable token (see the backend log)';
        res.status(404).json({ error: 'not-found', reason: `The ${routeName} is disabled: ${ADMIN_TOKEN_ENV} ${why}` });
        return false;
    }
    if (!bearerMatches(req.headers.authorization, adminToken.token)) {
        res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized', reason: 'A valid bearer token is required' });
        return false;
    }
    return true;
}
