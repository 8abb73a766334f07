// *****************************************************************************
// HTTP routes of the reports: POST /session-health/reports (browsers: Origin, connection-token cookie, the rate
// limit keyed on that cookie and shared with the RPC), GET /session-health/reports (admins, bearer token) and GET /session-health/metrics
// (Prometheus, open or bearer token). A rejected request stores nothing: every check runs before the store is
// touched. Tokens are read once at start; a blank or short token keeps its route closed (see reports-env.ts).
// *****************************************************************************

import { inject, injectable, named, postConstruct } from '@theia/core/shared/inversify';
import { ILogger } from '@theia/core/lib/common/logger';
import type { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import type { Application, Request, Response } from '@theia/core/shared/express';
import { parseNumberOption } from '../../common/shared/number-option';
import { MAX_BODY_BYTES, METRICS_ROUTE, REPORTS_ROUTE } from '../../common/reports/reports-protocol';
import { ReportIngest, ReportRejection } from './report-ingest';
import type { RateLimiter } from '../http/rate-limiter';
import { ReportRateLimiter } from './report-rate-limiter';
import { ADMIN_TOKEN_ENV, METRICS_TOKEN_ENV, MIN_TOKEN_LENGTH, TokenSetting } from '../http/bearer-token';
import type { JsonBodyReader } from '../http/json-post-body';
import { HttpGuard } from '../http/http-guard';

const MAX_ADMIN_LIMIT = 10000;

/** The start-up log line about the metrics route (open, token-protected, or closed by a bad token). */
export function metricsAccessLine(setting: TokenSetting): string {
    switch (setting.state) {
        case 'unset':
            return `${METRICS_ROUTE} is OPEN (no token): anyone who reaches the backend can read the metrics; set ${METRICS_TOKEN_ENV} to protect them`;
        case 'set':
            return `${METRICS_ROUTE} is token-protected (${METRICS_TOKEN_ENV})`;
        default:
            return `${METRICS_ROUTE} refuses every request: ${setting.problem} (a token needs at least ${MIN_TOKEN_LENGTH} characters; unset the variable to open the metrics)`;
    }
}

@injectable()
export class ReportsHttpContribution implements BackendApplicationContribution {
    @inject(ILogger) @named('session-health:reports') protected readonly logger: ILogger;
    @inject(ReportIngest) protected readonly ingest: ReportIngest;

    @inject(ReportRateLimiter) protected readonly rateLimiter: RateLimiter;
    @inject(HttpGuard) protected readonly guard: HttpGuard;
    protected body: JsonBodyReader;
    protected metricsToken: TokenSetting;
    protected adminToken: TokenSetting;

    /** Tokens are read once at start, through the guard (injected after construction). */
    @postConstruct()
    protected readTokens(): void {
        this.body = this.guard.jsonBodyReader(MAX_BODY_BYTES);
        this.metricsToken = this.guard.readToken(METRICS_TOKEN_ENV);
        this.adminToken = this.guard.readToken(ADMIN_TOKEN_ENV);
    }

    initialize(): void {
        // Open the store (and rebuild the dedupe window) at start, not on the first request.
        this.ingest.store().catch(error => this.logger.error('cannot open the reports store', error));
        this.logAccess();
        // Early middleware: @theia/filesystem installs a global JSON body parser (100 kB limit, its own error
        // pages) in configure(), which would consume the body before our checks.
        this.guard.registerJsonPostRoute({
            path: REPORTS_ROUTE,
            name: 'report request',
            logger: this.logger,
            onRefused: status => this.ingest.metrics.rejected(status),
            handle: (req, res) => this.handlePost(req, res)
        });
    }

    protected logAccess(): void {
        const metricsLine = metricsAccessLine(this.metricsToken);
        if (this.metricsToken.state === 'invalid') {
            this.logger.error(metricsLine);
        } else {
            this.logger.info(metricsLine);
        }
        if (this.adminToken.state === 'invalid') {
            this.logger.error(`GET ${REPORTS_ROUTE} (admin read) stays disabled: ${this.adminToken.problem} (a token needs at least ${MIN_TOKEN_LENGTH} characters)`);
        }
    }

    configure(app: Application): void {
        app.get(REPORTS_ROUTE, (req, res) => this.handleAdminRead(req, res));
        app.get(METRICS_ROUTE, (req, res) => this.handleMetrics(req, res));
    }

    protected reject(req: Request, res: Response, rejection: { status: number; error: string; reason: string }, headers: Record<string, string> = {}, keepConnection = false): void {
        this.ingest.metrics.rejected(rejection.status);
        this.guard.refuse(req, res, rejection, headers, keepConnection);
    }

    protected async handlePost(req: Request, res: Response): Promise<void> {
        const early = this.body.precheck(req);
        if (early) {
            this.reject(req, res, early);
            return;
        }
        // Keyed on the connection-token cookie (checked above): a new TCP connection or a reconnect gets no fresh
        // burst. A refused body of a declared size within the limit is read off (Node does) and the connection
        // stays; a chunked one is not read.
        const wait = this.rateLimiter.take(this.guard.clientKey(req.headers.cookie));
        if (wait > 0) {
            const bounded = req.headers['content-length'] !== undefined;
            this.reject(req, res, { status: 429, error: 'rate-limited', reason: `Too many report requests from this client; retry after ${wait} s` }, { 'Retry-After': String(wait) }, bounded);
            return;
        }
        const body = await this.guard.readJsonBody(req, res, this.body, status => this.ingest.metrics.rejected(status));
        if (!body) {
            return;
        }
        try {
            this.guard.sendJson(res, 200, await this.ingest.ingest(body.value, 'http'));
        } catch (error) {
            if (error instanceof ReportRejection) {
                // ingest() has counted the rejection already.
                this.guard.sendJson(res, error.status, { error: error.error, reason: error.reason });
            } else {
                this.logger.error('storing reports failed', error);
                this.guard.sendJson(res, 500, { error: 'store-failed', reason: 'The reports could not be stored; try again later' });
            }
        }
    }

    protected async handleAdminRead(req: Request, res: Response): Promise<void> {
        if (!this.guard.adminAllowed(req, res, this.adminToken, 'admin reports route')) {
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
            this.logger.error('reading reports failed', error);
            res.status(500).json({ error: 'read-failed', reason: 'The stored reports could not be read' });
        }
    }

    protected async handleMetrics(req: Request, res: Response): Promise<void> {
        res.set('Cache-Control', 'no-store');
        const refusal = this.guard.metricsTokenRefusal(this.metricsToken, req, 'Metrics are disabled');
        if (refusal) {
            res.status(refusal.status).set(refusal.headers).type('text/plain').send(`${refusal.reason}\n`);
            return;
        }
        res.set('Content-Type', this.ingest.metrics.contentType).send(await this.ingest.metrics.exposition());
    }
}
