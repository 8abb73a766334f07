// *****************************************************************************
// Asks GET /session-health/capabilities during Theia's preload phase, before the frontend modules load. A backend
// that does not answer in time (or answers something else, e.g. a proxy's page) leaves every capability on: the
// connection monitor is what tells the user about such a backend.
// *****************************************************************************

import { injectable } from '@theia/core/shared/inversify';
import { PreloadContribution } from '@theia/core/lib/browser/preload/preloader';
import { Endpoint } from '@theia/core/lib/browser/endpoint';
import { CAPABILITIES_ROUTE, isCapabilitiesAnswer } from '../../common/capabilities/capabilities-protocol';
import { FrontendCapabilities } from './frontend-capabilities';

/** Long enough for a busy backend, short enough not to hold the IDE's start for long when it does not answer. */
export const CAPABILITIES_TIMEOUT_MS = 4000;

@injectable()
export class CapabilitiesPreloadContribution implements PreloadContribution {
    async initialize(): Promise<void> {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), CAPABILITIES_TIMEOUT_MS);
        try {
            const url = new Endpoint({ path: CAPABILITIES_ROUTE }).getRestUrl().toString();
            const res = await fetch(url, { cache: 'no-store', credentials: 'same-origin', signal: controller.signal });
            const body: unknown = res.ok ? await res.json() : undefined;
            FrontendCapabilities.set(isCapabilitiesAnswer(body) ? body : undefined, `GET ${CAPABILITIES_ROUTE} answered ${res.status} without the expected JSON`);
        } catch (e) {
            FrontendCapabilities.set(undefined, `GET ${CAPABILITIES_ROUTE} failed: ${e instanceof Error ? e.message : String(e)}`);
        } finally {
            clearTimeout(timer);
        }
    }
}
