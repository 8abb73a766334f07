// *****************************************************************************
// GET /session-health/activity (reapers, operators): the tracker's report as JSON, behind the metrics bearer
// token (closed without one unless opened, see activity-access.ts); and the gauge session_health_idle_seconds on
// the shared metrics registry.
// *****************************************************************************

import { inject, injectable, named, postConstruct, optional } from '@theia/core/shared/inversify';
import { ILogger } from '@theia/core/lib/common/logger';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import type { Application, Request, Response } from '@theia/core/shared/express';
import { Gauge } from 'prom-client';
import { ACTIVITY_ROUTE, ActivityReport } from '../../common/idle/idle-protocol';
import { MetricsRegistry } from '../metrics/metrics-registry';
import { METRICS_TOKEN_ENV } from '../http/bearer-token';
import { HttpGuard } from '../http/http-guard';
import { ActivityAccess, activityAccessLine, activityRefusal, readActivityAccess } from './activity-access';
import { ActivityTracker } from './activity-tracker';
import { idleConfigLine } from './idle-config';

export const IDLE_GAUGE = 'session_health_idle_seconds';

/** The public fields only (the tab's extra fields stay on the RPC). */
export function activityReport(tracker: ActivityTracker): ActivityReport {
    const { lastActivity, idleSeconds, idleTimeoutSeconds, stopsAt, connectedTabs, visibleTabs } = tracker.status();
    return { lastActivity, idleSeconds, idleTimeoutSeconds, stopsAt, connectedTabs, visibleTabs };
}

@injectable()
export class IdleHttpContribution implements BackendApplicationContribution {
    @inject(ILogger) @named('session-health:idle') protected readonly logger: ILogger;
    @inject(ActivityTracker) protected readonly tracker: ActivityTracker;
    /** The one /session-health/metrics registry; not bound when reports (its exposition) are switched off. */
    @inject(MetricsRegistry) @optional() protected readonly metrics: MetricsRegistry | undefined;

    @inject(HttpGuard) protected readonly guard: HttpGuard;

    protected access: ActivityAccess;

    /**
     * The gauge is registered when the contribution is made, before any contribution's initialize(): the OTLP
     * export (reports) enumerates the registry in its initialize() and mirrors what is there.
     */
    @postConstruct()
    protected registerGauge(): void {
        this.access = readActivityAccess(this.guard.readToken(METRICS_TOKEN_ENV));
        const tracker = this.tracker;
        this.metrics?.series(IDLE_GAUGE, registers => new Gauge({
            name: IDLE_GAUGE,
            help: 'Seconds since the last keyboard, mouse or focus activity in any tab of this backend (the backend start before any).',
            registers,
            collect(): void {
                this.set(Math.round(tracker.idleSeconds()));
            }
        }));
    }

    initialize(): void {
        const config = this.tracker.config;
        config.problems.forEach(p => this.logger.warn(p));
        this.logger.info(idleConfigLine(config));
        if (this.access.problem) {
            this.logger.warn(this.access.problem);
        }
        if (this.access.token.state === 'invalid') {
            this.logger.error(activityAccessLine(this.access));
        } else {
            this.logger.info(activityAccessLine(this.access));
        }
    }

    configure(app: Application): void {
        app.get(ACTIVITY_ROUTE, (req, res) => this.handle(req, res));
    }

    protected handle(req: Request, res: Response): void {
        res.set('Cache-Control', 'no-store');
        const refusal = activityRefusal(this.access, req, this.guard);
        if (refusal) {
            res.status(refusal.status).set(refusal.headers).json(refusal.body);
            return;
        }
        const names = Object.keys(req.query);
        if (names.length) {
            res.status(400).json({ error: 'bad-request', reason: `${ACTIVITY_ROUTE} takes no query parameters (got ${JSON.stringify(names.slice(0, 5).map(n => n.slice(0, 40)))})` });
            return;
        }
        res.json(activityReport(this.tracker));
    }
}
