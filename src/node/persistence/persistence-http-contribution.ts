// *****************************************************************************
// POST /session-health/persistence-check: the check over HTTP, protected by an Origin check and Theia's
// connection-token validation (a request without the browser's cookie gets 403), not registered in Electron
// (see ../json-post-body.ts). Bad bodies get a 4xx JSON reason.
// *****************************************************************************

import { inject, injectable, named } from '@theia/core/shared/inversify';
import { ILogger } from '@theia/core/lib/common/logger';
import type { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import type { Request, Response } from '@theia/core/shared/express';
import { PERSISTENCE_CHECK_ROUTE, PERSISTENCE_MAX_BODY_BYTES } from '../../common/persistence/persistence-protocol';
import { validateCheckRequest } from './persistence-request';
import { DefaultPersistenceCheckService, PersistenceRequestError } from './default-persistence-check-service';
import type { JsonBodyReader } from '../http/json-post-body';
import { HttpGuard } from '../http/http-guard';

@injectable()
export class PersistenceHttpContribution implements BackendApplicationContribution {
    @inject(ILogger) @named('session-health:persistence') protected readonly logger: ILogger;
    @inject(DefaultPersistenceCheckService) protected readonly service: DefaultPersistenceCheckService;

    @inject(HttpGuard) protected readonly guard: HttpGuard;

    protected get body(): JsonBodyReader {
        // Made on first use: the guard is injected after construction.
        return this.bodyReader ??= this.guard.jsonBodyReader(PERSISTENCE_MAX_BODY_BYTES);
    }
    protected bodyReader: JsonBodyReader | undefined;

    initialize(): void {
        // Early middleware, like the reports route: @theia/filesystem's global JSON parser would otherwise
        // consume the body first and answer bad JSON with its own HTML error page.
        this.guard.registerJsonPostRoute({
            path: PERSISTENCE_CHECK_ROUTE,
            name: 'persistence check request',
            logger: this.logger,
            otherMethods: 'Use POST with a JSON body {"path": "..."}',
            handle: (req, res) => this.handlePost(req, res)
        });
    }

    protected reject(res: Response, status: number, error: string, reason: string): void {
        res.status(status).set('Cache-Control', 'no-store').json({ error, reason });
    }

    protected async handlePost(req: Request, res: Response): Promise<void> {
        const early = this.body.precheck(req);
        if (early) {
            this.guard.refuse(req, res, early);
            return;
        }
        const body = await this.guard.readJsonBody(req, res, this.body);
        if (!body) {
            return;
        }
        const checked = validateCheckRequest(body.value);
        if ('error' in checked) {
            this.reject(res, 400, 'bad-request', checked.error);
            return;
        }
        try {
            const report = await this.service.runCheck(checked.request);
            res.status(200).set('Cache-Control', 'no-store').json(report);
        } catch (error) {
            if (error instanceof PersistenceRequestError) {
                // The service refused the request (e.g. a path outside the open workspace): the caller's error.
                this.reject(res, 400, 'bad-request', error.message);
                return;
            }
            throw error;
        }
    }
}
