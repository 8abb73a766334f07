// *****************************************************************************
// GET /session-health/capabilities: which capabilities are on (the frontend asks before its modules load, so a
// switched-off capability adds nothing to the page). Unauthenticated like the instance route: it holds no secret.
// *****************************************************************************

import { inject, injectable, named } from '@theia/core/shared/inversify';
import { ILogger } from '@theia/core/lib/common/logger';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import type { Application } from '@theia/core/shared/express';
import { CAPABILITIES_ROUTE, SESSION_HEALTH_DISABLE_ENV } from '../../common/capabilities/capabilities-protocol';
import { backendCapabilities } from './backend-capabilities';

@injectable()
export class CapabilitiesHttpContribution implements BackendApplicationContribution {
    @inject(ILogger) @named('session-health:capabilities') protected readonly logger: ILogger;

    configure(app: Application): void {
        const answer = backendCapabilities();
        if (answer.disabled.length) {
            const off = answer.disabled.map(d => d.by === SESSION_HEALTH_DISABLE_ENV ? d.name : `${d.name} (needs ${d.by})`);
            this.logger.info(`switched off by ${SESSION_HEALTH_DISABLE_ENV}: ${off.join(', ')}`);
        }
        app.get(CAPABILITIES_ROUTE, (_req, res) => {
            res.set('Cache-Control', 'no-store');
            res.json(answer);
        });
    }
}
