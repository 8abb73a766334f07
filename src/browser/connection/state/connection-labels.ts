// *****************************************************************************
// Short labels for states, transports, sids and durations (timeline, status bar, tooltip, details).
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';
import { ConnectionState } from './connection-snapshot';

export function transportLabel(transport: string | undefined): string {
    switch (transport) {
        case 'websocket': return 'WebSocket';
        case 'polling': return 'Polling';
        case 'webtransport': return 'WebTransport';
        default: return transport ?? nls.localize('theia-session-health/connection/none', 'none');
    }
}

export function stateLabel(state: ConnectionState): string {
    switch (state) {
        case 'connected': return nls.localize('theia-session-health/connection/state.connected', 'Connected');
        case 'polling': return nls.localize('theia-session-health/connection/state.polling', 'Polling');
        case 'degraded': return nls.localize('theia-session-health/connection/state.degraded', 'Degraded');
        case 'offline': return nls.localize('theia-session-health/connection/state.offline', 'Offline');
        case 'reconnecting': return nls.localize('theia-session-health/connection/state.reconnecting', 'Reconnecting');
        case 'stopping': return nls.localize('theia-session-health/connection/state.stopping', 'Server stopping');
        case 'signed-out': return nls.localize('theia-session-health/connection/state.signedOut', 'Signed out');
    }
}

export function shortSid(sid: string | undefined): string {
    return sid ? (sid.length > 8 ? `${sid.slice(0, 8)}…` : sid) : nls.localize('theia-session-health/connection/none', 'none');
}

export function formatSeconds(ms: number): string {
    return ms < 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
