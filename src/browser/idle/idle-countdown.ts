// *****************************************************************************
// The idle countdown as the tab sees it, from the backend's last status: pure (unit tests).
// Times are on the backend's clock: `offsetMs` = backend clock − tab clock, measured at the status.
// *****************************************************************************

import { IdleStatus, MAX_ACTIVITY_REPORT_MS } from '../../common/idle/idle-protocol';
import { nls } from '@theia/core/lib/common/nls';

export type IdlePhase =
    /** No deadline (the countdown is off). */
    | { phase: 'off' }
    /** Before the warning: `warnInMs` until it starts. */
    | { phase: 'idle'; warnInMs: number; remainingMs: number }
    /** The warning is on: `remainingMs` until the stop. */
    | { phase: 'warning'; remainingMs: number };

export function idlePhase(status: IdleStatus | undefined, tabNow: number, offsetMs: number): IdlePhase {
    if (!status || status.stopsAt === null || status.idleTimeoutSeconds === null) {
        return { phase: 'off' };
    }
    const remainingMs = Math.max(0, Date.parse(status.stopsAt) - (tabNow + offsetMs));
    const warnInMs = remainingMs - status.warningSeconds * 1000;
    return warnInMs > 0 ? { phase: 'idle', warnInMs, remainingMs } : { phase: 'warning', remainingMs };
}

/** "Stops in 4:59" (whole seconds rounded up; hours when the warning is that long). */
export function countdownText(remainingMs: number): string {
    const total = Math.max(0, Math.ceil(remainingMs / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = String(total % 60).padStart(2, '0');
    return nls.localize('theia-session-health/idle/stopsIn', 'Stops in {0}', h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`);
}

/**
 * How often activity is reported: at most every 30 s, and at least twice before the warning would start, so that
 * a user who keeps working never sees it (a 20 s timeout with a 15 s warning reports every 2.5 s).
 */
export function activityReportIntervalMs(status: IdleStatus | undefined): number {
    if (!status || status.idleTimeoutSeconds === null) {
        return MAX_ACTIVITY_REPORT_MS;
    }
    const quiet = (status.idleTimeoutSeconds - status.warningSeconds) * 1000;
    return Math.min(MAX_ACTIVITY_REPORT_MS, Math.max(1000, quiet / 2));
}
