// *****************************************************************************
// The connection monitor as the rest of the extension sees it: the current snapshot, its changes, and the few
// things others tell it (DefaultConnectionMonitor implements it).
// *****************************************************************************

import { Event } from '@theia/core/lib/common/event';
import { ConnectionCause, ConnectionSnapshot } from '../state/connection-snapshot';
import { RestartCause, StoppingNotice } from '../../../common/lifecycle/lifecycle-protocol';
import { ConnectionSample } from '../history/connection-history';

export const ConnectionMonitor = Symbol('ConnectionMonitor');
export interface ConnectionMonitor {
    readonly onDidChange: Event<ConnectionSnapshot>;
    /** Every heartbeat answer (with its round trip), missed heartbeat and state change, as it happens (the history's feed). */
    readonly onDidSample: Event<ConnectionSample>;
    snapshot(): ConnectionSnapshot;
    /** Closes the transport so that Socket.IO reconnects at once. */
    reconnectNow(): void;
    /** Sends a heartbeat now and re-evaluates. */
    checkNow(): void;
    /** Records what the recovery logic found out. */
    diagnosed(cause: ConnectionCause): void;
    noteRecovery(message: string): void;
    /** The backend announced that it is stopping (its STOPPING_EVENT). */
    serverStopping(notice: StoppingNotice): void;
    /** The new backend said why the previous one stopped: timeline entry and snapshot. */
    restartExplained(cause: RestartCause, message: string): void;
}
