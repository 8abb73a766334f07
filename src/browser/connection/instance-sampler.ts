// *****************************************************************************
// Asks `GET /session-health/instance` a few times. Each same-origin request also makes Theia re-issue a
// stale connection-token cookie, which is what lets a refused reconnect succeed on the next try.
// *****************************************************************************

import { Endpoint } from '@theia/core/lib/browser/endpoint';
import { BackendInstance, INSTANCE_ROUTE } from '../../common/connection/heartbeat-protocol';

/** The instance that answers, or undefined (no answer, an error status, or no answer within `timeoutMs`). */
export async function fetchInstance(timeoutMs?: number): Promise<BackendInstance | undefined> {
    try {
        const url = new Endpoint({ path: INSTANCE_ROUTE }).getRestUrl().toString();
        const signal = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
        const response = await fetch(url, { cache: 'no-store', credentials: 'same-origin', signal });
        if (!response.ok) {
            return undefined;
        }
        const body = await response.json() as BackendInstance;
        return typeof body?.id === 'string' ? body : undefined;
    } catch {
        return undefined;
    }
}

/** Sequential samples: behind a round-robin balancer, consecutive requests reach different replicas. */
export async function sampleInstances(count = 3): Promise<(BackendInstance | undefined)[]> {
    const sampled: (BackendInstance | undefined)[] = [];
    for (let i = 0; i < count; i++) {
        sampled.push(await fetchInstance());
    }
    return sampled;
}
