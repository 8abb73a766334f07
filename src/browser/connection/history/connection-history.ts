// *****************************************************************************
// The connection's recent past, sample by sample: one source for the Session Health view's chart and for the
// support bundle. The view shows the last 15 minutes; the history keeps up to 24 hours, capped in count.
// *****************************************************************************

import { Event } from '@theia/core/lib/common/event';
import { ConnectionState } from '../state/connection-snapshot';

/** One point of the connection's history: a heartbeat answer (with its round trip), a missed heartbeat, or a state change. */
export interface ConnectionSample {
    /** ms since epoch. */
    at: number;
    /** The connection state from this moment on. */
    state: ConnectionState;
    /** Round trip of the heartbeat answered at `at` (ms); absent for a miss or a plain state change. */
    roundTripMs?: number;
    /** True when a heartbeat went unanswered at `at`. */
    missed?: boolean;
}

export const ConnectionHistory = Symbol('ConnectionHistory');
export interface ConnectionHistory {
    /** Fires at most once a second when samples were added. */
    readonly onDidChange: Event<void>;
    /** The samples at or after `sinceMs` (all kept samples when omitted), oldest first. */
    samples(sinceMs?: number): ConnectionSample[];
    /** The state in force at `at` (that of the last sample before it); undefined when no kept sample is that old. */
    stateAt(at: number): ConnectionState | undefined;
}
