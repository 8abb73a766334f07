// *****************************************************************************
// The connection timeline's words (shown in the view's "Recent events"), through nls.localize.
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';

export const eventTexts = {
    stopping: (idle: boolean, seconds: number) => idle
        ? nls.localize('theia-session-health/connection/event.stoppingIdle', 'The IDE server is shutting down (the session was idle); it serves this tab for up to {0} s more', seconds)
        : nls.localize('theia-session-health/connection/event.stopping', 'The IDE server is shutting down (SIGTERM); it serves this tab for up to {0} s more', seconds),
    late: (ms: number) => nls.localize('theia-session-health/connection/event.late', 'Late heartbeat answer after {0} ms', ms),
    sidMismatch: (backend: string, tab: string) => nls.localize('theia-session-health/connection/event.sidMismatch', 'The backend sees sid {0}, this tab uses {1}', backend, tab),
    serverBusy: (blocked: string, silence: string) =>
        nls.localize('theia-session-health/connection/event.serverBusy', 'The IDE server was busy for {0}, not the network (no answer for {1})', blocked, silence),
    networkDrop: (silence: string, blockedMs: number) =>
        nls.localize('theia-session-health/connection/event.networkDrop', 'No answer for {0}: the network, not the IDE server (its event loop was blocked {1} ms at most)', silence, blockedMs),
    heartbeatFailed: (message: string) => nls.localize('theia-session-health/connection/event.heartbeatFailed', 'Heartbeat failed: {0}', message),
    instance: (id: string, host: string, started: string) =>
        nls.localize('theia-session-health/connection/event.instance', 'Backend instance {0} on {1}, started {2}', id, host, started),
    instanceChanged: (id: string, host: string, wasId: string, wasHost: string) =>
        nls.localize('theia-session-health/connection/event.instanceChanged', 'New backend instance {0} on {1} (was {2} on {3}): the backend restarted or this is another replica', id, host, wasId, wasHost),
    paused: (paused: string) => nls.localize('theia-session-health/connection/event.paused', 'Timers were paused for {0} (hidden tab or sleep); not counted as missed heartbeats', paused),
    noAnswer: (ms: number) => nls.localize('theia-session-health/connection/event.noAnswer', 'No heartbeat answer within {0} ms', ms)
};
