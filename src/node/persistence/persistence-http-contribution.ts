// *****************************************************************************
// POST /session-health/persistence-check: the check over HTTP, protected by Theia's connection-token
// validation (a request without the browser's cookie gets 403). Bad bodies get a 4xx JSON reason.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { BackendApplicationContribution, EarlyExpressMiddleware } from '@theia/core/lib/node/backend-application';
import { HttpConnectionValidator } from '@theia/core/lib/node/hosting/browser-connection-token';
import type { Request, Response } from '@theia/core/shared/express';
import { PERSISTENCE_CHECK_ROUTE, PERSISTENCE_MAX_BODY_BYTES } from '../../common/persistence/persistence-protocol';
import { validateCheckRequest } from './persistence-request';
import { PersistenceCheckServiceImpl, PersistenceRequestError } from './persistence-service-impl';

class BodyTooLarge extends Error { }

@injectable()
export class PersistenceHttpContribution implements BackendApplicationContribution {
    @inject(PersistenceCheckServiceImpl) protected readonly service: PersistenceCheckServiceImpl;
    @inject(HttpConnectionValidator) protected readonly connectionValidator: HttpConnectionValidator;
    @inject(EarlyExpressMiddleware) protected readonly earlyMiddleware: EarlyExpressMiddleware;

    initialize(): void {
        // Early middleware, like the reports route: @theia/filesystem's global JSON parser would otherwise
        // consume the body first and answer bad JSON with its own HTML error page.
        this.earlyMiddleware.handlers.push((req, res, next) => {
            if (req.path !== PERSISTENCE_CHECK_ROUTE) {
                next();
                return;
            }
            if (req.method !== 'POST') {
                res.status(405).set({ Allow: 'POST', 'Cache-Control': 'no-store' }).json({ error: 'method-not-allowed', reason: 'Use POST with a JSON body {"path": "..."}' });
                return;
            }
            this.connectionValidator.validateRequest(req, res, () => {
                this.handlePost(req, res).catch(error => {
                    if (error instanceof PersistenceRequestError && !res.headersSent) {
                        // The service refused the request (e.g. a path outside the open workspace): the caller's error.
                        this.reject(res, 400, 'bad-request', error.message);
                        return;
                    }
                    console.error('session-health: persistence check request failed', error);
                    if (!res.headersSent) {
                        res.status(500).json({ error: 'internal', reason: 'The persistence check failed unexpectedly' });
                    }
                });
            });
        });
    }

    protected reject(res: Response, status: number, error: string, reason: string): void {
        res.status(status).set('Cache-Control', 'no-store').json({ error, reason });
    }

    protected async handlePost(req: Request, res: Response): Promise<void> {
        const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (type !== 'application/json') {
            req.resume();
            this.reject(res, 415, 'unsupported-media-type', `Content-Type must be application/json, got ${JSON.stringify(type.slice(0, 100) || 'none')}`);
            return;
        }
        let body: Buffer;
        try {
            body = await readLimited(req, PERSISTENCE_MAX_BODY_BYTES);
        } catch (e) {
            if (e instanceof BodyTooLarge) {
                res.set('Connection', 'close');
                this.reject(res, 413, 'payload-too-large', `Body is larger than ${PERSISTENCE_MAX_BODY_BYTES} bytes`);
            } else {
                res.destroy();
            }
            return;
        }
        let parsed: unknown;
        try {
            parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
        } catch (e) {
            this.reject(res, 400, 'bad-request', e instanceof TypeError ? 'Body is not valid UTF-8' : `Body is not valid JSON: ${(e as Error).message.slice(0, 200)}`);
            return;
        }
        const checked = validateCheckRequest(parsed);
        if ('error' in checked) {
            this.reject(res, 400, 'bad-request', checked.error);
            return;
        }
        const report = await this.service.runCheck(checked.request);
        res.status(200).set('Cache-Control', 'no-store').json(report);
    }
}

function readLimited(req: Request, limit: number): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let done = false;
        const finish = (error?: Error) => {
            if (!done) {
                done = true;
                if (error) {
                    reject(error);
                } else {
                    resolve(Buffer.concat(chunks));
                }
            }
        };
        req.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > limit) {
                chunks.length = 0;
                req.resume();
                finish(new BodyTooLarge());
            } else if (!done) {
                chunks.push(chunk);
            }
        });
        req.on('end', () => finish());
        req.on('error', error => finish(error));
    });
}
