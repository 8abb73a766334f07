// *****************************************************************************
// The state while the socket is closed: `signed-out` when an authenticating proxy answers in Theia's place,
// `offline` with the platform's diagnosis when the session's route is gone, else `reconnecting` or `offline`.
// Pure; the state machine calls it.
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';
import { ConnectionCause, ConnectionSnapshot, ConnectionState } from './connection-snapshot';

export interface ClosedFacts {
    reconnecting: boolean;
    cause?: ConnectionCause;
    lastConnectError?: ConnectionSnapshot['lastConnectError'];
    lastDisconnect?: ConnectionSnapshot['lastDisconnect'];
}

export function closedState(f: ClosedFacts): [ConnectionState, string | undefined] {
    if (f.cause?.cause === 'signed-out') {
        return ['signed-out', f.cause.message];
    }
    if (f.cause?.cause === 'session-ended') {
        return ['offline', f.cause.message];
    }
    if (f.reconnecting) {
        return ['reconnecting', f.cause?.message ?? f.lastConnectError?.explanation ?? f.lastDisconnect?.reason];
    }
    return ['offline', f.lastDisconnect
        ? nls.localize('theia-session-health/connection/reason.disconnected', 'Disconnected: {0}', f.lastDisconnect.reason)
        : nls.localize('theia-session-health/connection/reason.connecting', 'Connecting to the IDE server…')];
}
