// *****************************************************************************
// HTTP routes of the reports: POST /session-health/reports (browsers, connection-token cookie),
// GET /session-health/reports (admins, bearer token) and GET /session-health/metrics (Prometheus).
// A rejected request stores nothing: every check runs before the store is touched.
// *****************************************************************************

import * as crypto from 'crypto';
import type * as http from 'http';
import { inject, injectable } from '@theia/core/shared/inversify';
import { BackendApplicationContribution, EarlyExpressMiddleware } from '@theia/core/lib/node/backend-application';
import { HttpConnectionValidator } from '@theia/core/lib/node/hosting/browser-connection-token';
import type { Application, Request, Response } from '@theia/core/shared/express';
import { parseNumberOption } from '../../common/number-option';
import { MAX_BODY_BYTES, METRICS_ROUTE, REPORTS_ROUTE } from '../../common/reports/reports-protocol';
import { ADMIN_TOKEN_ENV, envInteger, METRICS_TOKEN_ENV, RATE_ENV, ReportIngest, ReportRejection } from './report-ingest';
import { RateLimiter } from './rate-limiter';

const DEFAULT_RATE_PER_SECOND = 20;
const MAX_ADMIN_LIMIT = 10000;

/** Constant-time comparison of a presented bearer token with the configured one. */
export function bearerMatches(header: string | undefined, expected: string): boolean {
    const match = /^Bearer (.+)$/.exec(header ?? '');
    const presented = crypto.createHash('sha256').update(match ? match[1] : '\0no token').digest();
    const wanted = crypto.createHash('sha256').update(expected).digest();
    return crypto.timingSafeEqual(presented, wanted) && !!match;
}

@injectable()
export class ReportsHttpContribution implements BackendApplicationContribution {
    @inject(ReportIngest) protected readonly ingest: ReportIngest;
    @inject(HttpConnectionValidator) protected readonly connectionValidator: HttpConnectionValidator;
    @inject(EarlyExpressMiddleware) protected readonly earlyMiddleware: EarlyExpressMiddleware;

    protected readonly rateLimiter = (() => {
        const perSecond = envInteger(RATE_ENV, DEFAULT_RATE_PER_SECOND, 0, 1000000);
        return new RateLimiter(perSecond, Math.max(10, perSecond * 5));
    })();

    initialize(): void {
        // Open the store (and rebuild the dedupe window) at start, not on the first request.
        this.ingest.store().catch(error => console.error('session-health: cannot open the reports store', error));
        // The POST route runs as early middleware: @theia/filesystem installs a global JSON body parser
        // (100 kB limit, its own error pages) in configure(), which would consume the body before our checks.
        this.earlyMiddleware.handlers.push((req, res, next) => {
            if (req.method !== 'POST' || req.path !== REPORTS_ROUTE) {
                next();
                return;
            }
            let passed = false;
            this.connectionValidator.validateRequest(req, res, () => {
                passed = true;
                this.handlePost(req, res).catch(error => {
                    console.error('session-health: report request failed', error);
                    if (!res.headersSent) {
                        sendJson(res, 500, { error: 'internal', reason: 'The report request failed' });
                    }
                });
            });
            if (!passed) {
                // Refused (or validated later): count a 403 once the answer is out.
                res.once('finish', () => res.statusCode === 403 && this.ingest.metrics.rejected(403));
            }
        });
    }

    configure(app: Application): void {
        app.get(REPORTS_ROUTE, (req, res) => this.handleAdminRead(req, res));
        app.get(METRICS_ROUTE, (req, res) => this.handleMetrics(req, res));
    }

    protected reject(res: Response, status: number, error: string, reason: string, headers: Record<string, string> = {}): void {
        this.ingest.metrics.rejected(status);
        sendJson(res, status, { error, reason }, headers);
    }

    protected async handlePost(req: Request, res: Response): Promise<void> {
        const wait = this.rateLimiter.take(req.socket.remoteAddress ?? 'unknown');
        if (wait > 0) {
            req.resume();
            this.reject(res, 429, 'rate-limited', `Too many report requests from this client; retry after ${wait} s`, { 'Retry-After': String(wait) });
            return;
        }
        const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (type !== 'application/json') {
            req.resume();
            this.reject(res, 415, 'unsupported-media-type', `Content-Type must be application/json, got ${JSON.stringify(type.slice(0, 100) || 'none')}`);
            return;
        }
        const declared = Number(req.headers['content-length']);
        if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
            req.resume();
            this.reject(res, 413, 'payload-too-large', `Body is ${declared} bytes; the limit is ${MAX_BODY_BYTES}`);
            return;
        }
        let body: Buffer;
        try {
            body = await readBody(req, MAX_BODY_BYTES);
        } catch (error) {
            if (error instanceof ReportRejection) {
                this.reject(res, error.status, 'payload-too-large', error.reason, { Connection: 'close' });
            } else {
                res.destroy();
            }
            return;
        }
        let parsed: unknown;
        try {
            const text = UTF8.decode(body);
            parsed = JSON.parse(text);
        } catch (error) {
            const reason = error instanceof TypeError ? 'Body is not valid UTF-8' : `Body is not valid JSON: ${(error as Error).message.slice(0, 200)}`;
            this.reject(res, 400, 'bad-request', reason);
            return;
        }
        try {
            const result = await this.ingest.ingest(parsed, 'http');
            sendJson(res, 200, result);
        } catch (error) {
            if (error instanceof ReportRejection) {
                // ingest() has counted the rejection already.
                sendJson(res, error.status, { error: 'bad-request', reason: error.reason });
            } else {
                console.error('session-health: storing reports failed', error);
                sendJson(res, 500, { error: 'store-failed', reason: 'The reports could not be stored; try again later' });
            }
        }
    }

    protected async handleAdminRead(req: Request, res: Response): Promise<void> {
        const token = process.env[ADMIN_TOKEN_ENV];
        res.set('Cache-Control', 'no-store');
        if (!token) {
            res.status(404).json({ error: 'not-found', reason: `The admin reports route is disabled: ${ADMIN_TOKEN_ENV} is not set` });
            return;
        }
        if (!bearerMatches(req.headers.authorization, token)) {
            res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized', reason: 'A valid bearer token is required' });
            return;
        }
        const since = parseNumberOption(req.query.since === undefined ? 0 : Number(req.query.since), { min: 0, max: Number.MAX_VALUE });
        const limit = parseNumberOption(req.query.limit === undefined ? 1000 : Number(req.query.limit), { min: 1, max: MAX_ADMIN_LIMIT, integer: true });
        if (since.status !== 'ok') {
            res.status(400).json({ error: 'bad-request', reason: 'since: must be a time in ms since epoch (records received after it)' });
            return;
        }
        if (limit.status !== 'ok') {
            res.status(400).json({ error: 'bad-request', reason: `limit: must be an integer in 1..${MAX_ADMIN_LIMIT}` });
            return;
        }
        try {
            const store = await this.ingest.store();
            res.json(await store.read(since.value, limit.value));
        } catch (error) {
            console.error('session-health: reading reports failed', error);
            res.status(500).json({ error: 'read-failed', reason: 'The stored reports could not be read' });
        }
    }

    protected async handleMetrics(req: Request, res: Response): Promise<void> {
        const token = process.env[METRICS_TOKEN_ENV];
        res.set('Cache-Control', 'no-store');
        if (token && !bearerMatches(req.headers.authorization, token)) {
            res.status(401).set('WWW-Authenticate', 'Bearer').type('text/plain').send('A valid bearer token is required\n');
            return;
        }
        res.set('Content-Type', this.ingest.metrics.contentType).send(await this.ingest.metrics.exposition());
    }
}

/** Fatal: invalid UTF-8 throws a TypeError. Stateless between calls, so one instance serves every request. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A JSON answer written straight to Node's response (one write, no ETag hashing or content negotiation):
 * the ingest route is hot, and express's res.json() costs more than the rest of the answer.
 */
function sendJson(res: http.ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(text),
        'Cache-Control': 'no-store',
        ...headers
    });
    res.end(text);
}

function readBody(req: Request, limit: number): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let done = false;
        req.on('data', (chunk: Buffer) => {
            if (done) {
                return;
            }
            size += chunk.length;
            if (size > limit) {
                done = true;
                chunks.length = 0;
                req.resume();
                reject(new ReportRejection(413, `Body is larger than ${limit} bytes`));
                return;
            }
            chunks.push(chunk);
        });
        req.on('end', () => {
            if (!done) {
                done = true;
                resolve(Buffer.concat(chunks));
            }
        });
        req.on('error', error => {
            if (!done) {
                done = true;
                reject(error);
            }
        });
    });
}
