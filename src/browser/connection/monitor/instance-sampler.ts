// *****************************************************************************
// Asks `GET /session-health/instance` a few times. Each same-origin request also makes Theia re-issue a
// stale connection-token cookie, which is what lets a refused reconnect succeed on the next try.
// *****************************************************************************

import { BackendInstance } from '../../../common/connection/heartbeat-protocol';
import { askInstanceRoute } from './instance-answer';

/** The instance that answers, or undefined (no answer, an error status, a proxy's answer, or no answer within `timeoutMs`). */
export async function fetchInstance(timeoutMs?: number): Promise<BackendInstance | undefined> {
    const answer = await askInstanceRoute(timeoutMs);
    return answer.kind === 'theia' ? answer.instance : undefined;
}

/** Sequential samples: behind a round-robin balancer, consecutive requests reach different replicas. */
export async function sampleInstances(count = 3): Promise<(BackendInstance | undefined)[]> {
    const sampled: (BackendInstance | undefined)[] = [];
    for (let i = 0; i < count; i++) {
        sampled.push(await fetchInstance());
    }
    return sampled;
}
