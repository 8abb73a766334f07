// *****************************************************************************
// Settings under `sessionHealth.*`.
// *****************************************************************************

import { interfaces } from '@theia/core/shared/inversify';
import { PreferenceProxy, PreferenceSchema, PreferenceScope } from '@theia/core/lib/common/preferences';
import { bindUserScopedPreferences } from '../user-scoped-preferences';
import { DEFAULT_MONITOR_SETTINGS, MonitorSettings } from './connection-state';
import { clampedNumberOption, parseNumberOption } from '../../common/shared/number-option';
import { nls } from '@theia/core/lib/common/nls';

export const HEARTBEAT_INTERVAL = 'sessionHealth.heartbeatInterval';
export const HEARTBEAT_TIMEOUT = 'sessionHealth.heartbeatTimeout';
export const DEGRADED_ROUND_TRIP = 'sessionHealth.degradedRoundTripThreshold';
export const SHOW_STATUS_BAR_ITEM = 'sessionHealth.showConnectionStatus';

/** Allowed ranges; the schema refuses values outside them and `clampSettings` clamps whatever gets through. */
export const SETTING_RANGES = {
    [HEARTBEAT_INTERVAL]: { minimum: 250, maximum: 60000 },
    [HEARTBEAT_TIMEOUT]: { minimum: 500, maximum: 120000 },
    [DEGRADED_ROUND_TRIP]: { minimum: 50, maximum: 60000 }
} as const;

export const sessionHealthPreferenceSchema: PreferenceSchema = {
    properties: {
        [HEARTBEAT_INTERVAL]: {
            type: 'integer',
            scope: PreferenceScope.User,
            default: DEFAULT_MONITOR_SETTINGS.heartbeatIntervalMs,
            ...SETTING_RANGES[HEARTBEAT_INTERVAL],
            description: nls.localize('theia-session-health/connection/pref.heartbeatInterval', 'Milliseconds between two application heartbeats to the IDE server.')
        },
        [HEARTBEAT_TIMEOUT]: {
            type: 'integer',
            scope: PreferenceScope.User,
            default: DEFAULT_MONITOR_SETTINGS.heartbeatTimeoutMs,
            ...SETTING_RANGES[HEARTBEAT_TIMEOUT],
            description: nls.localize('theia-session-health/connection/pref.heartbeatTimeout', 'Milliseconds without an answer after which a heartbeat counts as missed. Silence this long with a heartbeat outstanding shows the connection as offline.')
        },
        [DEGRADED_ROUND_TRIP]: {
            type: 'integer',
            scope: PreferenceScope.User,
            default: DEFAULT_MONITOR_SETTINGS.degradedRoundTripMs,
            ...SETTING_RANGES[DEGRADED_ROUND_TRIP],
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

export interface ClampResult {
    settings: MonitorSettings;
    warnings: string[];
}

function clampOne(name: keyof typeof SETTING_RANGES, value: unknown, fallback: number, warnings: string[]): number {
    const { minimum, maximum } = SETTING_RANGES[name];
    const parsed = parseNumberOption(value, { min: minimum, max: maximum, round: true, text: 'none' });
    if (parsed.status !== 'ok' && parsed.status !== 'out-of-range') {
        if (value !== undefined) {
            warnings.push(`${name}: ${JSON.stringify(value)} is not a number; using ${fallback}`);
        }
        return fallback;
    }
    const clamped = clampedNumberOption(parsed, fallback);
    if (clamped !== value) {
        warnings.push(`${name}: ${value} is outside ${minimum}..${maximum}; using ${clamped}`);
    }
    return clamped;
}

/** Reads the three monitor settings, clamping out-of-range values; the heartbeat timeout is at least one interval. */
export function clampSettings(raw: Partial<Record<string, unknown>>): ClampResult {
    const warnings: string[] = [];
    const heartbeatIntervalMs = clampOne(HEARTBEAT_INTERVAL, raw[HEARTBEAT_INTERVAL], DEFAULT_MONITOR_SETTINGS.heartbeatIntervalMs, warnings);
    let heartbeatTimeoutMs = clampOne(HEARTBEAT_TIMEOUT, raw[HEARTBEAT_TIMEOUT], DEFAULT_MONITOR_SETTINGS.heartbeatTimeoutMs, warnings);
    const degradedRoundTripMs = clampOne(DEGRADED_ROUND_TRIP, raw[DEGRADED_ROUND_TRIP], DEFAULT_MONITOR_SETTINGS.degradedRoundTripMs, warnings);
    if (heartbeatTimeoutMs < heartbeatIntervalMs) {
        warnings.push(`${HEARTBEAT_TIMEOUT} (${heartbeatTimeoutMs}) is shorter than ${HEARTBEAT_INTERVAL} (${heartbeatIntervalMs}); using ${heartbeatIntervalMs}`);
        heartbeatTimeoutMs = heartbeatIntervalMs;
    }
    return { settings: { heartbeatIntervalMs, heartbeatTimeoutMs, degradedRoundTripMs }, warnings };
}

export const ConnectionPreferenceContribution = Symbol('ConnectionPreferenceContribution');
export const ConnectionPreferences = Symbol('ConnectionPreferences');
export type ConnectionPreferences = PreferenceProxy<ConnectionConfiguration>;

export function bindConnectionPreferences(bind: interfaces.Bind): void {
    bindUserScopedPreferences(bind, { proxy: ConnectionPreferences, contribution: ConnectionPreferenceContribution, schema: sessionHealthPreferenceSchema });
}
