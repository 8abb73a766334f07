// *****************************************************************************
// Short labels for states, transports, sids and durations (timeline, status bar, tooltip, details).
// *****************************************************************************

import { ConnectionState } from './connection-snapshot';

export function transportLabel(transport: string | undefined): string {
    switch (transport) {
        case 'websocket': return 'WebSocket';
        case 'polling': return 'Polling';
        case 'webtransport': return 'WebTransport';
        default: return transport ?? 'none';
    }
}

export function stateLabel(state: ConnectionState): string {
    switch (state) {
        case 'connected': return 'Connected';
        case 'polling': return 'Polling';
        case 'degraded': return 'Degraded';
        case 'offline': return 'Offline';
        case 'reconnecting': return 'Reconnecting';
        case 'stopping': return 'Server stopping';
    }
}

export function shortSid(sid: string | undefined): string {
    return sid ? (sid.length > 8 ? `${sid.slice(0, 8)}…` : sid) : 'none';
}

export function formatSeconds(ms: number): string {
    return ms < 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
