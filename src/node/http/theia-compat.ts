// *****************************************************************************
// What the oldest supported Theia (1.72) lacks, found at run time: the per-process connection-token cookie
// (`HttpConnectionValidator`) and `EarlyExpressMiddleware` both came with Theia 1.73. A static import of either would
// make the backend die at start on 1.72 (a missing module, or `@inject(undefined)`); here each is Theia's own
// identifier where it exists and a symbol nothing binds where it does not, so injections of it are `@optional()`.
// *****************************************************************************

import type { interfaces } from '@theia/core/shared/inversify';
import * as backendApplication from '@theia/core/lib/node/backend-application';
import type * as express from '@theia/core/shared/express';
import type { HttpConnectionValidator } from '@theia/core/lib/node/hosting/browser-connection-token';

type ConnectionTokenModule = typeof import('@theia/core/lib/node/hosting/browser-connection-token');

/**
 * Theia's connection-token module, or nothing on Theia 1.72. The require() is literal and lexically inside try, so
 * that the adopter app's bundler (esbuild or webpack) includes the module where it exists and, where it does not,
 * leaves a run-time throw instead of failing the build. An import statement cannot be optional.
 */
function connectionTokenModule(): Partial<ConnectionTokenModule> {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require('@theia/core/lib/node/hosting/browser-connection-token') as ConnectionTokenModule;
    } catch {
        return {};
    }
}

/** Theia's connection-token validator (Theia >= 1.73); inject with `@optional()`. */
export const HttpConnectionValidatorId: interfaces.ServiceIdentifier<HttpConnectionValidator> =
    connectionTokenModule().HttpConnectionValidator ?? Symbol('HttpConnectionValidator (Theia >= 1.73)');
/** Theia's early express middleware list (Theia >= 1.73; the module itself is in every version). */
export const EarlyExpressMiddlewareId: interfaces.ServiceIdentifier<backendApplication.EarlyExpressMiddleware> =
    (backendApplication as Partial<typeof backendApplication>).EarlyExpressMiddleware ?? Symbol('EarlyExpressMiddleware (Theia >= 1.73)');

/** The running Theia's version (for log lines). */
export function theiaVersion(): string {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return (require('@theia/core/package.json') as { version: string }).version;
    } catch {
        return 'unknown';
    }
}

/** Adds an express handler that runs before every contribution's configure() (before @theia/filesystem's JSON body parser). */
export type EarlyUse = (handler: express.Handler) => void;
export const EarlyUse = Symbol('EarlyUse');

/**
 * Binds EarlyUse (once, whichever module comes first): Theia's EarlyExpressMiddleware (1.73 and later), else
 * `BackendApplication.use`, early on 1.72 because it runs every initialize() before any configure() (a microtask after
 * the call: see below). Resolved when called, not when injected: BackendApplication resolves the contributions, so
 * injecting it into one recurses.
 */
export function bindEarlyUse(bind: interfaces.Bind, isBound: interfaces.IsBound): void {
    if (isBound(EarlyUse)) {
        return;
    }
    bind(EarlyUse).toDynamicValue(({ container }) => {
        const early = container.isBound(EarlyExpressMiddlewareId) ? container.get(EarlyExpressMiddlewareId) : undefined;
        return early ? (handler: express.Handler) => early.handlers.push(handler)
            // 1.72 runs initialize() from BackendApplication's own @postConstruct, when getting it would construct a
            // second one (the backend hung at start); one microtask later it is resolved, and configure() still waits.
            : (handler: express.Handler) => queueMicrotask(() =>
                container.get<Pick<backendApplication.BackendApplication, 'use'>>(backendApplication.BackendApplication).use(handler));
    }).inSingletonScope();
}
