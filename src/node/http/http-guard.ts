// *****************************************************************************
// The HTTP checks every route shares, as one bound service: the JSON POST route and its body reader, the bearer
// tokens (read, the metrics-token refusal, the admin check), the rate limiter and its client key. The functions in
// this folder stay the implementation; routes inject this so an adopter can rebind one check for every route.
// *****************************************************************************

import { inject, injectable, optional } from '@theia/core/shared/inversify';
import type { HttpConnectionValidator } from '@theia/core/lib/node/hosting/browser-connection-token';
import { WsOriginValidator } from '@theia/core/lib/node/hosting/ws-origin-validator';
import { EarlyUse, HttpConnectionValidatorId } from './theia-compat';
import type * as http from 'http';
import type { Request, Response } from '@theia/core/shared/express';
import { adminAllowed } from './admin-bearer';
import { metricsTokenRefusal, readToken, TokenSetting } from './bearer-token';
import { JsonBodyReader, JsonPostRoute, JsonRefusal, refuse, registerJsonPostRoute, sendJson } from './json-post-body';
import { RateLimiter, reportClientKey } from './rate-limiter';

export type MetricsTokenRefusal = ReturnType<typeof metricsTokenRefusal>;
/** A JSON POST route as a capability gives it: Theia's validators are the guard's own. */
export type GuardedJsonPostRoute = Omit<JsonPostRoute, 'connectionValidator' | 'originValidator'>;

export const HttpGuard = Symbol('HttpGuard');
export interface HttpGuard {
    /** A token variable, read once at start (fails closed when unusable). */
    readToken(name: string, env?: NodeJS.ProcessEnv): TokenSetting;
    /** Undefined when the request may read a route behind the optional metrics token; else the refusal. */
    metricsTokenRefusal(setting: TokenSetting, req: Request, disabled: string): MetricsTokenRefusal;
    /** True when the admin bearer check passes; otherwise the refusal (JSON with a reason) has been sent. */
    adminAllowed(req: Request, res: Response, adminToken: TokenSetting, routeName: string): boolean;
    /** Registers a JSON POST route as early middleware (Origin, connection-token cookie); false in Electron. */
    registerJsonPostRoute(route: GuardedJsonPostRoute): boolean;
    /** The body reader of a JSON POST route with that byte limit. */
    jsonBodyReader(maxBytes: number): JsonBodyReader;
    /**
     * Reads a JSON POST body with `reader` (after its precheck). A refused body is answered here (4xx JSON; the
     * connection kept unless a 413 left the body unread) after `refused` is told its status; an aborted one is
     * dropped. Both give undefined, so a route only handles the value.
     */
    readJsonBody(req: Request, res: Response, reader: JsonBodyReader, refused?: (status: number) => void): Promise<{ value: unknown } | undefined>;
    /** A 4xx JSON answer (closing the connection when an unread body follows, unless `keepConnection`). */
    refuse(req: http.IncomingMessage, res: http.ServerResponse, refusal: JsonRefusal, headers?: Record<string, string>, keepConnection?: boolean): void;
    /** A JSON answer in one write. */
    sendJson(res: http.ServerResponse, status: number, body: object, headers?: Record<string, string>): void;
    /** A token bucket per client (`perSecond` 0: no limit). */
    rateLimiter(perSecond: number, burst: number, maxClients?: number): RateLimiter;
    /** The rate-limit key of a request: its connection-token cookie, hashed. */
    clientKey(cookieHeader: string | string[] | undefined): string;
}

@injectable()
export class DefaultHttpGuard implements HttpGuard {
    @inject(EarlyUse) protected readonly earlyUse: EarlyUse;
    /** Theia 1.73 and later (./theia-compat.ts); before, there is no connection-token cookie to check. */
    @inject(HttpConnectionValidatorId) @optional() protected readonly connectionValidator: HttpConnectionValidator | undefined;
    /** Not bound in Electron (where no POST route is registered). */
    @inject(WsOriginValidator) @optional() protected readonly originValidator: WsOriginValidator | undefined;

    readToken(name: string, env: NodeJS.ProcessEnv = process.env): TokenSetting {
        return readToken(name, env);
    }

    metricsTokenRefusal(setting: TokenSetting, req: Request, disabled: string): MetricsTokenRefusal {
        return metricsTokenRefusal(setting, req, disabled);
    }

    adminAllowed(req: Request, res: Response, adminToken: TokenSetting, routeName: string): boolean {
        return adminAllowed(req, res, adminToken, routeName);
    }

    registerJsonPostRoute(route: GuardedJsonPostRoute): boolean {
        return registerJsonPostRoute(this.earlyUse, { ...route, connectionValidator: this.connectionValidator, originValidator: this.originValidator });
    }

    jsonBodyReader(maxBytes: number): JsonBodyReader {
        return new JsonBodyReader(maxBytes);
    }

    async readJsonBody(req: Request, res: Response, reader: JsonBodyReader, refused?: (status: number) => void): Promise<{ value: unknown } | undefined> {
        const body = await reader.read(req, res);
        if (body.ok) {
            return { value: body.value };
        }
        if (body.aborted) {
            res.destroy();
        } else {
            refused?.(body.status);
            // A 413 comes before the rest of the body was read: close the connection.
            this.refuse(req, res, body, {}, body.status !== 413);
        }
        return undefined;
    }

    refuse(req: http.IncomingMessage, res: http.ServerResponse, refusal: JsonRefusal, headers: Record<string, string> = {}, keepConnection = false): void {
        refuse(req, res, refusal, headers, keepConnection);
    }

    sendJson(res: http.ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
        sendJson(res, status, body, headers);
    }

    rateLimiter(perSecond: number, burst: number, maxClients?: number): RateLimiter {
        return new RateLimiter(perSecond, burst, maxClients);
    }

    clientKey(cookieHeader: string | string[] | undefined): string {
        return reportClientKey(cookieHeader);
    }
}
