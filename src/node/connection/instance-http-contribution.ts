// *****************************************************************************
// GET /session-health/instance: the backend instance identity, unauthenticated (a tab whose token was refused
// asks it to tell a restart from another replica). It names no host: `hostname` is empty unless the admin opts
// in with SESSION_HEALTH_INSTANCE_SHOW_HOSTNAME=true. Tabs get the host name over the heartbeat RPC.
// `previous` (when known): what happened to the previous instance on this workspace (see docs/restarts.md).
// *****************************************************************************

import { inject, injectable, named, optional } from '@theia/core/shared/inversify';
import { ILogger } from '@theia/core/lib/common/logger';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import type { Application } from '@theia/core/shared/express';
import { BackendInstance, INSTANCE_ROUTE } from '../../common/connection/heartbeat-protocol';
import { BackendInstanceProvider } from '../capabilities/backend-instance';
import { PreviousInstanceSource } from '../../common/lifecycle/lifecycle-protocol';

export const INSTANCE_SHOW_HOSTNAME_ENV = 'SESSION_HEALTH_INSTANCE_SHOW_HOSTNAME';

/**
 * Whether the admin opted in to show the host name on the instance route (`true`, any case; anything else: no), and
 * the problem to log when the value is neither true nor false.
 */
export function showHostname(env: NodeJS.ProcessEnv = process.env): { show: boolean; problem?: string } {
    const raw = env[INSTANCE_SHOW_HOSTNAME_ENV]?.trim().toLowerCase();
    if (raw !== undefined && raw !== '' && raw !== 'true' && raw !== 'false') {
        return { show: false, problem: `${INSTANCE_SHOW_HOSTNAME_ENV}=${JSON.stringify(raw.slice(0, 40))} is neither true nor false; the host name stays hidden` };
    }
    return { show: raw === 'true' };
}

/** What the route answers: the instance, with `hostname` empty unless shown. */
export function publicInstance(instance: BackendInstance, withHostname: boolean): BackendInstance {
    return withHostname ? instance : { ...instance, hostname: '' };
}

@injectable()
export class InstanceHttpContribution implements BackendApplicationContribution {
    @inject(ILogger) @named('session-health:connection') protected readonly logger: ILogger;
    @inject(BackendInstanceProvider) protected readonly instanceProvider: BackendInstanceProvider;
    @inject(PreviousInstanceSource) @optional() protected readonly previousSource: PreviousInstanceSource | undefined;

    configure(app: Application): void {
        const hostname = showHostname();
        if (hostname.problem) {
            this.logger.warn(hostname.problem);
        }
        const answer = publicInstance(this.instanceProvider.instance, hostname.show);
        if (answer.hostname) {
            this.logger.info(`GET ${INSTANCE_ROUTE} shows this host's name to anyone (${INSTANCE_SHOW_HOSTNAME_ENV}=true)`);
        }
        app.get(INSTANCE_ROUTE, async (_req, res) => {
            const previous = await this.previousSource?.previous().catch(() => undefined);
            res.set('Cache-Control', 'no-store');
            res.json(previous ? { ...answer, previous } : answer);
        });
    }
}
