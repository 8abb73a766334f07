// *****************************************************************************
// The one JSON POST handling of the extension's POST routes (`POST /session-health/reports`,
// `POST /session-health/persistence-check`): registered as early middleware (before @theia/filesystem's
// global JSON parser), not at all in Electron (Theia's connection-token check does nothing there), with an
// Origin check (Host or THEIA_HOSTS, like Theia's WebSocket check), Theia's connection-token cookie, and a body
// read by express.raw (body-parser) with a byte limit: 415 for another Content-Type or a Content-Encoding,
// 413 past the limit, 400 for invalid UTF-8 or JSON, each with a JSON reason. An answer given before the body
// was read closes the connection, so a refused client cannot make the backend read its body.
// *****************************************************************************

import { ILogger } from '@theia/core/lib/common/logger';
import type * as http from 'http';
import * as express from '@theia/core/shared/express';
import { environment } from '@theia/core/shared/@theia/application-package/lib/environment';
import type { HttpConnectionValidator } from '@theia/core/lib/node/hosting/browser-connection-token';
import type { WsOriginValidator } from '@theia/core/lib/node/hosting/ws-origin-validator';
import { PERSISTENCE_CHECK_ROUTE } from '../../common/persistence/persistence-protocol';
import { REPORTS_ROUTE } from '../../common/reports/reports-protocol';
import { theiaVersion } from './theia-compat';

export interface JsonRefusal {
    status: number;
    error: string;
    reason: string;
}

export type JsonBody = { ok: true; value: unknown } | ({ ok: false; aborted?: boolean } & JsonRefusal);

/** Fatal: invalid UTF-8 throws a TypeError. Stateless between calls, so one instance serves every request. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A JSON answer written straight to Node's response (one write, no ETag hashing or content negotiation):
 * the ingest route is hot, and express's res.json() costs more than the rest of the answer.
 */
export function sendJson(res: http.ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(text),
        'Cache-Control': 'no-store',
        ...headers
    });
    res.end(text);
}

/** Whether the request announces a body (a Content-Length above 0, or a Transfer-Encoding). */
export function hasBody(req: http.IncomingMessage): boolean {
    return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/**
 * A 4xx answer. Unless `keepConnection` (the body was read, or is known to be small), when a body follows the
 * answer says `Connection: close` and Node closes the connection once it is out, without reading the body.
 */
export function refuse(req: http.IncomingMessage, res: http.ServerResponse, refusal: JsonRefusal,
    headers: Record<string, string> = {}, keepConnection = false): void {
    const close: Record<string, string> = !keepConnection && hasBody(req) ? { Connection: 'close' } : {};
    sendJson(res, refusal.status, { error: refusal.error, reason: refusal.reason }, { ...headers, ...close });
}

/** 403 unless `Origin` is absent or names this host (`Host`, or one of THEIA_HOSTS when set), as Theia's WebSocket check. */
export function originRefusal(req: http.IncomingMessage, validator: Pick<WsOriginValidator, 'allowWsUpgrade'>): JsonRefusal | undefined {
    if (validator.allowWsUpgrade(req)) {
        return undefined;
    }
    const origin = String(req.headers.origin).slice(0, 200);
    return { status: 403, error: 'forbidden-origin', reason: `Origin ${JSON.stringify(origin)} is not this host (Host header, or THEIA_HOSTS when set)` };
}

export class JsonBodyReader {
    protected readonly parser: express.RequestHandler;

    constructor(readonly maxBytes: number) {
        this.parser = express.raw({ type: () => true, limit: maxBytes, inflate: false });
    }

    /** 415 for another Content-Type, 413 for a declared Content-Length over the limit: both before reading anything. */
    precheck(req: http.IncomingMessage): JsonRefusal | undefined {
        const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (type !== 'application/json') {
            return { status: 415, error: 'unsupported-media-type', reason: `Content-Type must be application/json, got ${JSON.stringify(type.slice(0, 100) || 'none')}` };
        }
        const declared = Number(req.headers['content-length']);
        if (Number.isFinite(declared) && declared > this.maxBytes) {
            return { status: 413, error: 'payload-too-large', reason: `Body is ${declared} bytes; the limit is ${this.maxBytes}` };
        }
        return undefined;
    }

    /**
     * Reads and parses the body (call after {@link precheck}). A body that grows past the limit is answered as soon
     * as it does (body-parser would first read the rest of it).
     */
    read(req: express.Request, res: express.Response): Promise<JsonBody> {
        return new Promise<JsonBody>(resolve => {
            let size = 0;
            let settled = false;
            const settle = (result: JsonBody) => {
                if (!settled) {
                    settled = true;
                    req.off('data', count);
                    resolve(result);
                }
            };
            const count = (chunk: Buffer) => {
                size += chunk.length;
                if (size > this.maxBytes) {
                    settle({ ok: false, status: 413, error: 'payload-too-large', reason: `Body is larger than ${this.maxBytes} bytes` });
                }
            };
            req.on('data', count);
            this.parser(req, res, (error?: unknown) => settle(error ? this.mapError(error) : parseJson(req.body)));
        });
    }

    protected mapError(error: unknown): JsonBody {
        const { status, type } = error as { status?: number; type?: string };
        if (status === 413) {
            return { ok: false, status: 413, error: 'payload-too-large', reason: `Body is larger than ${this.maxBytes} bytes` };
        }
        if (status === 415 || type === 'encoding.unsupported') {
            return { ok: false, status: 415, error: 'unsupported-media-type', reason: 'Content-Encoding is not supported: send the body uncompressed' };
        }
        return { ok: false, aborted: true, status: 400, error: 'bad-request', reason: 'The request body could not be read' };
    }
}

/** Strict UTF-8, then JSON. */
export function parseJson(body: unknown): JsonBody {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    let text: string;
    try {
        text = UTF8.decode(bytes);
    } catch {
        return { ok: false, status: 400, error: 'bad-request', reason: 'Body is not valid UTF-8' };
    }
    try {
        return { ok: true, value: JSON.parse(text) };
    } catch (error) {
        return { ok: false, status: 400, error: 'bad-request', reason: `Body is not valid JSON: ${(error as Error).message.slice(0, 200)}` };
    }
}

export interface JsonPostRoute {
    /** The route's path. */
    path: string;
    /** For log lines: what the route does. */
    name: string;
    /** The owning capability's named logger. */
    logger: Pick<ILogger, 'info' | 'warn' | 'error'>;
    /** Answer other methods on the path with 405 and this reason (else they go on to later routes). */
    otherMethods?: string;
    /** Theia's (1.73 and later: ./theia-compat.ts). */
    connectionValidator: HttpConnectionValidator | undefined;
    /** Theia's (not bound in Electron, where the route is not registered). */
    originValidator: Pick<WsOriginValidator, 'allowWsUpgrade'> | undefined;
    /** Told about each refusal by the guard (Origin or cookie: 403). */
    onRefused?(status: number): void;
    /** Runs for a POST that passed the Origin and cookie checks. */
    handle(req: express.Request, res: express.Response): Promise<void>;
}

/** Whether the backend runs in Electron (where the POST routes are not registered). */
export function isElectron(): boolean {
    return environment.electron.is();
}

/** Whether the one line about a Theia older than 1.73 was logged (once per process, not once per route). */
let toldTheiaTooOld = false;

/**
 * Registers the route with `use` (early middleware: ./theia-compat.ts earlyUse); returns false (and registers nothing)
 * in Electron. On a Theia older than 1.73 there is no connection-token cookie to check: the route checks the Origin
 * only, as that Theia's own connection does, and says so once.
 */
export function registerJsonPostRoute(use: (handler: express.Handler) => void, route: JsonPostRoute): boolean {
    if (isElectron() || !route.originValidator) {
        route.logger.info(`${route.name} (POST ${route.path}) is not registered: Electron has no connection-token cookie to check`);
        return false;
    }
    if (!route.connectionValidator && !toldTheiaTooOld) {
        toldTheiaTooOld = true;
        route.logger.warn(`Theia ${theiaVersion()} predates the connection-token cookie (Theia 1.73): POST ${REPORTS_ROUTE} and `
            + `POST ${PERSISTENCE_CHECK_ROUTE} check the Origin only, as Theia's own connection does there, and all browsers share one report rate limit`);
    }
    const originValidator = route.originValidator;
    const validate: HttpConnectionValidator['validateRequest'] = route.connectionValidator
        ? route.connectionValidator.validateRequest.bind(route.connectionValidator)
        : (_req, _res, next) => next();
    use((req, res, next) => {
        if (req.path !== route.path) {
            next();
            return;
        }
        if (req.method !== 'POST') {
            if (route.otherMethods) {
                refuse(req, res, { status: 405, error: 'method-not-allowed', reason: route.otherMethods }, { Allow: 'POST' });
            } else {
                next();
            }
            return;
        }
        const badOrigin = originRefusal(req, originValidator);
        if (badOrigin) {
            route.onRefused?.(403);
            refuse(req, res, badOrigin);
            return;
        }
        let passed = false;
        // Theia answers a refusal at once with res.sendStatus(403): answered here instead, as JSON with a reason,
        // and closing the connection when a body follows (it is never read).
        res.sendStatus = (status: number) => {
            refuse(req, res, { status, error: 'forbidden', reason: 'The connection-token cookie is missing or not this server\'s: reload the IDE page' });
            return res;
        };
        try {
            validate(req, res, () => {
                passed = true;
                route.handle(req, res).catch(error => {
                    route.logger.error(`${route.name} failed`, error);
                    if (!res.headersSent) {
                        sendJson(res, 500, { error: 'internal', reason: `The ${route.name} failed unexpectedly` });
                    }
                });
            });
        } finally {
            // Back to express's own method (from the prototype).
            delete (res as Partial<express.Response>).sendStatus;
        }
        if (!passed) {
            res.once('finish', () => res.statusCode === 403 && route.onRefused?.(403));
        }
    });
    return true;
}
