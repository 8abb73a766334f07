// *****************************************************************************
// Bundle part `versions`: the extension, Theia and the browser.
// *****************************************************************************

import { injectable } from '@theia/core/shared/inversify';
import { FrontendApplicationConfigProvider } from '@theia/core/lib/browser/frontend-application-config-provider';
import { SupportBundleContribution } from '../support-bundle-contribution';

/* eslint-disable @typescript-eslint/no-require-imports */
const EXTENSION_VERSION = (require('../../../../package.json') as { version: string }).version;
const THEIA_VERSION = (require('@theia/core/package.json') as { version: string }).version;
/* eslint-enable @typescript-eslint/no-require-imports */

@injectable()
export class VersionsBundlePart implements SupportBundleContribution {
    readonly id = 'versions';

    collect(): object {
        let applicationName: string | undefined;
        try {
            applicationName = FrontendApplicationConfigProvider.get().applicationName;
        } catch {
            applicationName = undefined;
        }
        const brands = (navigator as unknown as { userAgentData?: { brands?: { brand: string; version: string }[] } }).userAgentData?.brands;
        return {
            extension: EXTENSION_VERSION,
            theia: THEIA_VERSION,
            application: applicationName,
            browser: { userAgent: navigator.userAgent, brands, language: navigator.language, online: navigator.onLine },
            page: { origin: location.origin, path: location.pathname, visibility: document.visibilityState }
        };
    }
}
