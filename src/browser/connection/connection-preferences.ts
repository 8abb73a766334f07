// *****************************************************************************
// The connection's settings under `sessionHealth.*`: their names, schema and binding (the monitor clamps them).
// *****************************************************************************

import { interfaces } from '@theia/core/shared/inversify';
import { PreferenceProxy, PreferenceSchema, PreferenceScope } from '@theia/core/lib/common/preferences';
import { bindUserScopedPreferences } from '../shared/user-scoped-preferences';
import { DEFAULT_MONITOR_SETTINGS } from './state/connection-snapshot';
import { nls } from '@theia/core/lib/common/nls';

export const HEARTBEAT_INTERVAL = 'sessionHealth.heartbeatInterval';
export const HEARTBEAT_TIMEOUT = 'sessionHealth.heartbeatTimeout';
export const DEGRADED_ROUND_TRIP = 'sessionHealth.degradedRoundTripThreshold';
export const SHOW_STATUS_BAR_ITEM = 'sessionHealth.showConnectionStatus';

/** Allowed ranges; the schema refuses values outside them and `clampConnectionSettings` (monitor/monitor-settings) clamps whatever gets through. */
export const CONNECTION_SETTING_RANGES = {
    [HEARTBEAT_INTERVAL]: { minimum: 250, maximum: 60000 },
    [HEARTBEAT_TIMEOUT]: { minimum: 500, maximum: 120000 },
    [DEGRADED_ROUND_TRIP]: { minimum: 50, maximum: 60000 }
} as const;

export const connectionPreferenceSchema: PreferenceSchema = {
    properties: {
        [HEARTBEAT_INTERVAL]: {
            type: 'integer',
            scope: PreferenceScope.User,
            default: DEFAULT_MONITOR_SETTINGS.heartbeatIntervalMs,
            ...CONNECTION_SETTING_RANGES[HEARTBEAT_INTERVAL],
            description: nls.localize('theia-session-health/connection/pref.heartbeatInterval', 'Milliseconds between two application heartbeats to the IDE server.')
        },
        [HEARTBEAT_TIMEOUT]: {
            type: 'integer',
            scope: PreferenceScope.User,
            default: DEFAULT_MONITOR_SETTINGS.heartbeatTimeoutMs,
            ...CONNECTION_SETTING_RANGES[HEARTBEAT_TIMEOUT],
            description: nls.localize('theia-session-health/connection/pref.heartbeatTimeout', 'Milliseconds without an answer after which a heartbeat counts as missed. Silence this long with a heartbeat outstanding shows the connection as offline.')
        },
        [DEGRADED_ROUND_TRIP]: {
            type: 'integer',
            scope: PreferenceScope.User,
            default: DEFAULT_MONITOR_SETTINGS.degradedRoundTripMs,
            ...CONNECTION_SETTING_RANGES[DEGRADED_ROUND_TRIP],
            description: nls.localize('theia-session-health/connection/pref.degradedRoundTrip', 'Heartbeat round trip in milliseconds above which the connection is shown as degraded.')
        },
        [SHOW_STATUS_BAR_ITEM]: {
            type: 'boolean',
            scope: PreferenceScope.User,
            default: true,
            description: nls.localize('theia-session-health/connection/pref.showStatusBarItem', 'Show the IDE connection status in the status bar.')
        }
    }
};

export interface ConnectionConfiguration {
    [HEARTBEAT_INTERVAL]: number;
    [HEARTBEAT_TIMEOUT]: number;
    [DEGRADED_ROUND_TRIP]: number;
    [SHOW_STATUS_BAR_ITEM]: boolean;
}

export const ConnectionPreferenceContribution = Symbol('ConnectionPreferenceContribution');
export const ConnectionPreferences = Symbol('ConnectionPreferences');
export type ConnectionPreferences = PreferenceProxy<ConnectionConfiguration>;

export function bindConnectionPreferences(bind: interfaces.Bind): void {
    bindUserScopedPreferences(bind, { proxy: ConnectionPreferences, contribution: ConnectionPreferenceContribution, schema: connectionPreferenceSchema });
}
