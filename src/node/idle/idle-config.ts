// *****************************************************************************
// Where the idle deadline comes from: SESSION_HEALTH_IDLE_TIMEOUT_SECONDS (0 switches the countdown off), else the
// Theia Cloud timeout where the pod's environment carries it, else none. Read once at start from the backend's
// environment: nothing a workspace brings (settings, files) can move the deadline.
// *****************************************************************************

import { parseNumberOption } from '../../common/shared/number-option';
import {
    DEFAULT_IDLE_WARNING_SECONDS, IDLE_TIMEOUT_ENV, IDLE_WARNING_ENV, THEIA_CLOUD_NOTIFY_ENV, THEIA_CLOUD_TIMEOUT_ENV
} from '../../common/idle/idle-protocol';

const MAX_SECONDS = 30 * 24 * 3600;

export interface IdleConfig {
    /** Seconds of inactivity before the stop; undefined: no countdown. */
    timeoutSeconds: number | undefined;
    /** The warning starts this many seconds before the stop (at most the timeout). */
    warningSeconds: number;
    /** Which variable decided. */
    source: 'session-health' | 'theia-cloud' | 'none';
    /** Values that were refused, for the start-up log. */
    problems: string[];
}

function seconds(env: NodeJS.ProcessEnv, name: string, problems: string[], scale = 1): number | undefined {
    const raw = env[name];
    const parsed = parseNumberOption(raw, { min: 0, max: MAX_SECONDS / scale, text: 'decimal' });
    if (parsed.status === 'ok') {
        return Math.round(parsed.value * scale);
    }
    if (parsed.status !== 'absent') {
        problems.push(`${name}=${JSON.stringify(String(raw).slice(0, 40))} is not a number of ${scale === 60 ? 'minutes' : 'seconds'} in 0..${MAX_SECONDS / scale}; ignored`);
    }
    return undefined;
}

export function readIdleConfig(env: NodeJS.ProcessEnv = process.env): IdleConfig {
    const problems: string[] = [];
    let timeout = seconds(env, IDLE_TIMEOUT_ENV, problems);
    let warning = seconds(env, IDLE_WARNING_ENV, problems);
    let source: IdleConfig['source'] = 'session-health';
    if (timeout === undefined && env[IDLE_TIMEOUT_ENV] === undefined) {
        // Theia Cloud's operator keeps its timeout to itself; only some operators put it into the pod (minutes).
        timeout = seconds(env, THEIA_CLOUD_TIMEOUT_ENV, problems, 60);
        source = timeout ? 'theia-cloud' : 'none';
        const notify = seconds(env, THEIA_CLOUD_NOTIFY_ENV, problems, 60);
        if (timeout && warning === undefined && notify !== undefined && notify < timeout) {
            warning = timeout - notify;
        }
    }
    if (!timeout) {
        return { timeoutSeconds: undefined, warningSeconds: warning ?? DEFAULT_IDLE_WARNING_SECONDS, source: 'none', problems };
    }
    return { timeoutSeconds: timeout, warningSeconds: Math.min(warning ?? DEFAULT_IDLE_WARNING_SECONDS, timeout), source, problems };
}

/** The start-up log line. */
export function idleConfigLine(config: IdleConfig): string {
    if (config.timeoutSeconds === undefined) {
        return `no idle countdown (${IDLE_TIMEOUT_ENV} unset or 0)`;
    }
    const from = config.source === 'theia-cloud' ? THEIA_CLOUD_TIMEOUT_ENV : IDLE_TIMEOUT_ENV;
    return `idle countdown: stop after ${config.timeoutSeconds} s without activity (${from}), warning ${config.warningSeconds} s before`;
}
