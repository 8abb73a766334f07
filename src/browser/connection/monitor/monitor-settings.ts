// *****************************************************************************
// The monitor's reading of the connection settings: out-of-range or non-numeric values (a hand-edited
// settings.json) are clamped or replaced by the default, with a warning for the log.
// *****************************************************************************

import { clampedNumberOption, parseNumberOption } from '../../../common/shared/number-option';
import { DEFAULT_MONITOR_SETTINGS, MonitorSettings } from '../state/connection-snapshot';
import { CONNECTION_SETTING_RANGES, DEGRADED_ROUND_TRIP, HEARTBEAT_INTERVAL, HEARTBEAT_TIMEOUT } from '../connection-preferences';

export interface ConnectionClampResult {
    settings: MonitorSettings;
    warnings: string[];
}

function clampOne(name: keyof typeof CONNECTION_SETTING_RANGES, value: unknown, fallback: number, warnings: string[]): number {
    const { minimum, maximum } = CONNECTION_SETTING_RANGES[name];
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
export function clampConnectionSettings(raw: Partial<Record<string, unknown>>): ConnectionClampResult {
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
