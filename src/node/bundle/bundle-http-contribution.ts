// *****************************************************************************
// GET /session-health/bundle: the server bundle for admins (bearer SESSION_HEALTH_ADMIN_TOKEN, the same check
// as GET /session-health/reports). `session-health bundle --url` calls it. No query parameters are taken.
// *****************************************************************************

import { inject, injectable, named, postConstruct } from '@theia/core/shared/inversify';
import { ILogger } from '@theia/core/lib/common/logger';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import type { Application, Request, Response } from '@theia/core/shared/express';
import { BUNDLE_ROUTE } from '../../common/bundle/bundle-protocol';
import { ADMIN_TOKEN_ENV, TokenSetting } from '../http/bearer-token';
import { HttpGuard } from '../http/http-guard';
import { ServerBundleMaker } from './server-bundle';

@injectable()
export class BundleHttpContribution implements BackendApplicationContribution {
    @inject(ILogger) @named('session-health:bundle') protected readonly logger: ILogger;
    @inject(ServerBundleMaker) protected readonly maker: ServerBundleMaker;
    @inject(HttpGuard) protected readonly guard: HttpGuard;

    protected adminToken: TokenSetting;

    @postConstruct()
    protected readTokens(): void {
        this.adminToken = this.guard.readToken(ADMIN_TOKEN_ENV);
    }

    configure(app: Application): void {
        app.get(BUNDLE_ROUTE, (req, res) => this.handle(req, res));
        app.all(BUNDLE_ROUTE, (_req, res) => {
            res.status(405).set('Allow', 'GET').json({ error: 'method-not-allowed', reason: `${BUNDLE_ROUTE} answers GET only` });
        });
    }

    protected async handle(req: Request, res: Response): Promise<void> {
        if (!this.guard.adminAllowed(req, res, this.adminToken, 'support bundle route')) {
            return;
        }
        const unknown = Object.keys(req.query);
        if (unknown.length) {
            res.status(400).json({ error: 'bad-request', reason: `${BUNDLE_ROUTE} takes no parameters (got ${unknown.slice(0, 5).join(', ')})` });
            return;
        }
        try {
            const made = await this.maker.make();
            res.status(200).type('application/json').send(made.text);
        } catch (error) {
            this.logger.error('making the support bundle failed', error);
            res.status(500).json({ error: 'bundle-failed', reason: 'The support bundle could not be made; see the backend log' });
        }
    }
}
