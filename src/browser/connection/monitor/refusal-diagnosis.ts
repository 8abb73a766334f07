// *****************************************************************************
// Why a reconnect is refused: a restarted backend, another replica (no session affinity), a stale
// token or session on the same backend, an authenticating proxy (signed out), or a removed route (session
// ended). Pure: fed with what the instance route answered.
// *****************************************************************************

import { ConnectionCause } from '../state/connection-snapshot';
import { HandshakeError } from '../../../common/shared/engine-io-protocol';
import { BackendInstance } from '../../../common/connection/heartbeat-protocol';
import { nls } from '@theia/core/lib/common/nls';
import type { InstanceAnswer } from './instance-answer';

export const AFFINITY_FIX = nls.localize('theia-session-health/connection/affinityFix', 'Turn on session affinity in front of the IDE: Kubernetes Service `sessionAffinity: ClientIP`, a GKE BackendConfig with `sessionAffinity: {affinityType: CLIENT_IP}` referenced from the Service, or ingress-nginx `nginx.ingress.kubernetes.io/affinity: cookie` (see docs/deploying.md).');

export interface RefusalEvidence {
    error: HandshakeError;
    /** The backend instance this tab was connected to before. */
    known?: BackendInstance;
    /** What `GET /session-health/instance` answered, request by request (undefined: no answer). */
    sampled: (BackendInstance | undefined)[];
    at: number;
}

/** Whether a handshake error is one the recovery logic can act on (stale token or unknown session). */
export function isRecoverableRefusal(error: HandshakeError): boolean {
    return error.code === 4 || error.code === 1 || error.status === 403;
}

export function diagnoseRefusal(e: RefusalEvidence): ConnectionCause {
    const answered = e.sampled.filter((i): i is BackendInstance => !!i);
    const ids = new Set(answered.map(i => i.id));
    const refused = e.error.code === 1 ? 'HTTP 400 "Session ID unknown"' : nls.localize('theia-session-health/connection/refused403', 'HTTP 403, connection token refused');
    if (answered.length === 0) {
        return { cause: 'unreachable', at: e.at, message: nls.localize('theia-session-health/connection/cause.unreachable', 'The IDE server does not answer at the moment. Reconnecting…') };
    }
    if (ids.size > 1 || (e.known && ids.has(e.known.id) && e.error.code === 1)) {
        const hosts = [...new Set(answered.map(i => i.hostname).filter(h => !!h))].join(', ');
        return {
            cause: 'no-session-affinity', at: e.at,
            message: hosts
                ? nls.localize('theia-session-health/connection/cause.noAffinityHosts', 'Your requests reach different IDE servers ({0} instances answered, on {1}): the load balancer has no session affinity, so the connection is refused ({2}).', ids.size, hosts, refused)
                : nls.localize('theia-session-health/connection/cause.noAffinity', 'Your requests reach different IDE servers ({0} instances answered): the load balancer has no session affinity, so the connection is refused ({1}).', ids.size, refused),
            fix: AFFINITY_FIX
        };
    }
    const current = answered[answered.length - 1];
    if (e.known && current.id !== e.known.id) {
        return restartedCause(current, e.at);
    }
    if (e.error.code === 1) {
        return { cause: 'session-unknown', at: e.at, message: nls.localize('theia-session-health/connection/cause.sessionUnknown', 'The IDE server no longer knows this session ({0}). Reconnecting with a new session…', refused) };
    }
    return { cause: 'token-refused', at: e.at, message: nls.localize('theia-session-health/connection/cause.tokenRefused', 'The IDE server refused this tab\'s connection token ({0}). Getting a fresh token and reconnecting…', refused) };
}

/** The cause "the backend restarted": a new instance answers in place of the one this tab knew. */
export function restartedCause(current: BackendInstance, at: number): ConnectionCause {
    return {
        cause: 'backend-restarted', at,
        message: nls.localize('theia-session-health/connection/cause.restarted', 'The IDE server restarted at {0} (new instance{1}). Reconnecting…', new Date(current.startedAt).toLocaleTimeString(), onHost(current.hostname))
    };
}

/**
 * A backend answers again after an outage, before any reconnect was refused: a restart when every sample names the
 * same instance and it is not the one this tab knew (several instances: another replica, left to the refusal path).
 */
export function diagnoseReturn(known: BackendInstance, sampled: (BackendInstance | undefined)[], at: number): ConnectionCause | undefined {
    const answered = sampled.filter((i): i is BackendInstance => !!i);
    const ids = new Set(answered.map(i => i.id));
    return ids.size === 1 && !ids.has(known.id) ? restartedCause(answered[answered.length - 1], at) : undefined;
}

/** ` on <host>`, or nothing when the backend does not tell its host name (SESSION_HEALTH_INSTANCE_SHOW_HOSTNAME unset). */
export function onHost(hostname: string | undefined): string {
    return hostname ? ' ' + nls.localize('theia-session-health/connection/onHost', 'on {0}', hostname) : '';
}

/**
 * The socket is closed and a reconnect was refused: what the instance route's answer says, when it is not Theia's.
 * An authenticating proxy (redirect, 401/407, sign-in page): `signed-out`. A 404 for the IDE's own route: the platform
 * ended the session (its route is gone), with the last reason this tab knew (`lastKnown`), if any.
 */
export function diagnoseProxyAnswer(answer: InstanceAnswer, at: number, lastKnown?: string): ConnectionCause | undefined {
    if (answer.kind === 'signed-out') {
        return { cause: 'signed-out', at, message: signedOutReason() };
    }
    if (answer.kind === 'route-gone') {
        const ended = nls.localize('theia-session-health/connection/cause.sessionEnded', 'The session was ended by the platform: the IDE\'s address answers HTTP 404.');
        return {
            cause: 'session-ended', at,
            message: lastKnown ? `${ended} ${nls.localize('theia-session-health/connection/cause.sessionEndedLast', 'Last known reason: {0}', lastKnown)}` : ended
        };
    }
    return undefined;
}

/** The reason the `signed-out` state shows (a function: nls must be asked after the language is loaded). */
export function signedOutReason(): string {
    return nls.localize('theia-session-health/connection/cause.signedOut', 'Your sign-in to the IDE has expired: the sign-in proxy answers instead of the IDE server.');
}
