// *****************************************************************************
// What the oldest supported Theia (1.72) lacks, found at run time: the per-process connection-token cookie
// (`HttpConnectionValidator`) and `EarlyExpressMiddleware` both came with Theia 1.73. A static import of either would
// make the backend die at start on 1.72 (a missing module, or `@inject(undefined)`); here each is Theia's own
// identifier where it exists and a symbol nothing binds where it does not, so injections of it are `@optional()`.
// *****************************************************************************

import type { interfaces } from '@theia/core/shared/inversify';
import type { EarlyExpressMiddleware } from '@theia/core/lib/node/backend-application';
import type { HttpConnectionValidator } from '@theia/core/lib/node/hosting/browser-connection-token';

/** The export `name` of `load()`'s module, or undefined when this Theia has no such module or export. */
export function optionalExport<T>(load: () => unknown, name: string): T | undefined {
    try {
        return (load() as Record<string, T | undefined>)[name];
    } catch {
        return undefined;
    }
}

// Literal require() calls (not a computed name), so that the bundler of the adopter's app resolves them: inside
// try/catch, a module it cannot find is a build warning and a run-time throw, not a failed build. An import statement
// cannot be optional.
/* eslint-disable @typescript-eslint/no-require-imports */
const validatorId = optionalExport<interfaces.ServiceIdentifier<HttpConnectionValidator>>(
    () => require('@theia/core/lib/node/hosting/browser-connection-token'), 'HttpConnectionValidator');
const earlyMiddlewareId = optionalExport<interfaces.ServiceIdentifier<EarlyExpressMiddleware>>(
    () => require('@theia/core/lib/node/backend-application'), 'EarlyExpressMiddleware');
/* eslint-enable @typescript-eslint/no-require-imports */

/** Theia's connection-token validator (Theia >= 1.73); inject with `@optional()`. */
export const HttpConnectionValidatorId: interfaces.ServiceIdentifier<HttpConnectionValidator> =
    validatorId ?? Symbol('HttpConnectionValidator (Theia >= 1.73)');
/** Theia's early express middleware list (Theia >= 1.73); inject with `@optional()`. */
export const EarlyExpressMiddlewareId: interfaces.ServiceIdentifier<EarlyExpressMiddleware> =
    earlyMiddlewareId ?? Symbol('EarlyExpressMiddleware (Theia >= 1.73)');

/** The running Theia's version (for log lines). */
export function theiaVersion(): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return optionalExport<string>(() => require('@theia/core/package.json'), 'version') ?? 'unknown';
}
