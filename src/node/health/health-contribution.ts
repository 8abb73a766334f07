// *****************************************************************************
// GET /health and GET /ready, the SIGTERM drain, and the instance header on Socket.IO responses.
// *****************************************************************************

import * as http from 'http';
import * as https from 'https';
import { inject, injectable, named } from '@theia/core/shared/inversify';
import { ILogger } from '@theia/core/lib/common/logger';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { Emitter, Event } from '@theia/core/lib/common/event';
import type { Application, Response } from '@theia/core/shared/express';
import {
    DRAIN_SECONDS_ENV, DRAINING_BODY, EPHEMERAL_NOT_READY_BODY, HEALTH_BODY, HEALTH_ROUTE, INSTANCE_HEADER,
    parseDrainSeconds, READY_BODY, READY_REQUIRE_PERSISTENT_ENV, READY_ROUTE
} from '../../common/health/health-protocol';
import { BackendInstanceProvider } from '../capabilities/backend-instance';
import { StorageReadiness } from './storage-readiness';

export const UNKNOWN_STORAGE_NOT_READY_BODY = 'not ready: workspace storage is unknown\n';

/** The longest the backend waits, after the drain, for what drain listeners started (a stop record being synced). */
const DRAIN_WORK_MAX_MS = 2000;

export interface DrainStart {
    /** Seconds open sessions are still served. */
    drainSeconds: number;
    /** Work the backend waits for (bounded) before it stops. */
    waitUntil(work: Promise<unknown>): void;
}

/** How long a persistence answer is reused: /ready is polled every few seconds by load balancers. */
const PERSISTENCE_CACHE_MS = 10000;

@injectable()
export class HealthContribution implements BackendApplicationContribution {
    @inject(ILogger) @named('session-health:health') protected readonly logger: ILogger;
    @inject(BackendInstanceProvider) protected readonly instanceProvider: BackendInstanceProvider;
    @inject(StorageReadiness) protected readonly storageReadiness: StorageReadiness;

    protected drainingSince: number | undefined;
    protected deferredSigtermListeners: Array<(...args: unknown[]) => void> = [];
    protected persistenceCache: { at: number; body: string | undefined } | undefined;
    protected readonly onSigterm = () => this.startDrain();
    protected readonly onDidStartDrainEmitter = new Emitter<DrainStart>();
    /** Fired at once on the first SIGTERM (the lifecycle tells the tabs and writes its stop record). */
    readonly onDidStartDrain: Event<DrainStart> = this.onDidStartDrainEmitter.event;
    /** What listeners must finish before the backend stops (at most {@link DRAIN_WORK_MAX_MS} past the drain). */
    protected drainWork: Promise<unknown> = Promise.resolve();

    /** Is the backend draining (SIGTERM received)? */
    get draining(): boolean {
        return this.drainingSince !== undefined;
    }

    initialize(): void {
        // Theia's BackendApplication has installed its SIGTERM handler (stop all contributions, exit) by now.
        // We take the SIGTERM listeners over and run them only when the drain period has ended,
        // so that open sessions (terminals, editors) keep working meanwhile. SIGINT is left alone.
        this.deferredSigtermListeners = process.listeners('SIGTERM') as Array<(...args: unknown[]) => void>;
        process.removeAllListeners('SIGTERM');
        process.on('SIGTERM', this.onSigterm);
    }

    configure(app: Application): void {
        app.get(HEALTH_ROUTE, (_req, res) => this.send(res, 200, HEALTH_BODY));
        app.get(READY_ROUTE, (_req, res) => {
            if (this.draining) {
                this.send(res, 503, DRAINING_BODY);
                return;
            }
            this.notReadyBody().then(
                body => this.send(res, body ? 503 : 200, body ?? READY_BODY),
                () => this.send(res, 503, UNKNOWN_STORAGE_NOT_READY_BODY)
            );
        });
    }

    onStart(server: http.Server | https.Server): void {
        // Engine.io has attached its 'request' listener by now (Theia's WebsocketEndpoint starts first);
        // a listener put in front of it marks every answer, Socket.IO polling included, with the instance id,
        // so that a probe sees when the requests of one session reach different backends.
        const id = this.instanceProvider.instance.id;
        server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
            res.setHeader(INSTANCE_HEADER, id);
        });
    }

    protected send(res: Response, status: number, body: string): void {
        res.status(status)
            .set('Content-Type', 'text/plain; charset=utf-8')
            .set('Cache-Control', 'no-store')
            .set(INSTANCE_HEADER, this.instanceProvider.instance.id)
            .send(body);
    }

    protected async notReadyBody(): Promise<string | undefined> {
        if ((process.env[READY_REQUIRE_PERSISTENT_ENV] ?? '').trim().toLowerCase() !== 'true') {
            return undefined;
        }
        const now = Date.now();
        if (this.persistenceCache && now - this.persistenceCache.at < PERSISTENCE_CACHE_MS) {
            return this.persistenceCache.body;
        }
        const result = await this.storageReadiness.check();
        const body = result.persistent === true ? undefined
            : result.persistent === false ? EPHEMERAL_NOT_READY_BODY : UNKNOWN_STORAGE_NOT_READY_BODY;
        this.persistenceCache = { at: now, body };
        return body;
    }

    protected startDrain(): void {
        if (this.draining) {
            return;
        }
        this.drainingSince = Date.now();
        const { seconds, error } = parseDrainSeconds(process.env[DRAIN_SECONDS_ENV]);
        if (error) {
            this.logger.warn(String(error));
        }
        this.logger.info(`SIGTERM received, /ready answers 503 "draining"; open sessions are served for ${seconds} s, then the backend stops.`);
        const timer = setTimeout(() => this.endDrain(), seconds * 1000);
        const pending: Promise<unknown>[] = [];
        try {
            this.onDidStartDrainEmitter.fire({ drainSeconds: seconds, waitUntil: work => pending.push(work.catch(() => undefined)) });
        } catch (e) {
            this.logger.warn(`a drain listener failed: ${e instanceof Error ? e.message : String(e)}`);
        }
        // A second SIGTERM during the drain (impatient orchestrator) stops at once.
        process.removeListener('SIGTERM', this.onSigterm);
        process.once('SIGTERM', () => { clearTimeout(timer); this.endDrain(); });
        this.drainWork = Promise.all(pending);
    }

    protected async endDrain(): Promise<void> {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([this.drainWork, new Promise(resolve => timer = setTimeout(resolve, DRAIN_WORK_MAX_MS))]);
        clearTimeout(timer);
        this.logger.info('drain period over, stopping the backend.');
        if (this.deferredSigtermListeners.length === 0) {
            process.exit(0);
        }
        for (const listener of this.deferredSigtermListeners) {
            listener('SIGTERM');
        }
    }
}
