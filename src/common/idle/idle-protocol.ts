// *****************************************************************************
// The idle countdown: the RPC between a tab and the backend's activity tracker, the HTTP route for reapers and
// operators, and the environment variables that set the deadline. See docs/idle.md.
// *****************************************************************************

export const IDLE_SERVICE_PATH = '/services/session-health-idle';

/**
 * GET: {@link ActivityReport} as JSON, behind the metrics bearer token. Without a token it answers 403 unless
 * the admin opens it with {@link ACTIVITY_PUBLIC_ENV}.
 */
export const ACTIVITY_ROUTE = '/session-health/activity';
/** `true`: GET /session-health/activity answers without a token while SESSION_HEALTH_METRICS_TOKEN is unset. */
export const ACTIVITY_PUBLIC_ENV = 'SESSION_HEALTH_ACTIVITY_PUBLIC';

/** Seconds without user activity after which the IDE is stopped (unset or 0: no countdown). */
export const IDLE_TIMEOUT_ENV = 'SESSION_HEALTH_IDLE_TIMEOUT_SECONDS';
/** Seconds before the deadline at which the countdown and the warning start. */
export const IDLE_WARNING_ENV = 'SESSION_HEALTH_IDLE_WARNING_SECONDS';
export const DEFAULT_IDLE_WARNING_SECONDS = 300;

/** Theia Cloud: minutes of inactivity before the operator stops the session, where the pod's environment has it. */
export const THEIA_CLOUD_TIMEOUT_ENV = 'THEIACLOUD_MONITOR_TIMEOUT_AFTER';
/** Theia Cloud: minutes of inactivity after which its own popup shows, where the pod's environment has it. */
export const THEIA_CLOUD_NOTIFY_ENV = 'THEIACLOUD_MONITOR_NOTIFY_AFTER';

/** A tab reports activity at most this often (the heartbeat is not activity). */
export const MAX_ACTIVITY_REPORT_MS = 30_000;
/** The backend pushes the status to a tab at most once in this period (the newest status, at the end of it). */
export const MIN_STATUS_PUSH_INTERVAL_MS = 1000;
/** Reports one connection may send: this many a second on average, in bursts of {@link ACTIVITY_REPORT_BURST}. */
export const ACTIVITY_REPORTS_PER_SECOND = 2;
export const ACTIVITY_REPORT_BURST = 10;

/** What GET /session-health/activity answers (field names are a public contract). */
export interface ActivityReport {
    /** The last keyboard, mouse or focus activity in any tab, as the backend received it (ISO 8601); the backend start before any. */
    lastActivity: string;
    /** Whole seconds since `lastActivity`. */
    idleSeconds: number;
    /** The configured idle timeout in seconds; null when there is no countdown. */
    idleTimeoutSeconds: number | null;
    /** When the IDE stops if nobody is active before (ISO 8601); null when there is no countdown. */
    stopsAt: string | null;
    /** Tabs with a live connection to this backend. */
    connectedTabs: number;
    /** Of those, the tabs whose page is visible. */
    visibleTabs: number;
}

/** What a tab gets: the report plus what it needs to count down on its own. */
export interface IdleStatus extends ActivityReport {
    /** When the warning starts, in seconds before `stopsAt`. */
    warningSeconds: number;
    /** Backend wall clock (ms since epoch) when this status was made: the tab counts down on the backend's clock. */
    serverTime: number;
}

/** One tab's report: `activity` when the user did something since the last report; `visible` the page visibility. */
export interface TabActivity {
    activity: boolean;
    visible: boolean;
}

export const IdleClient = Symbol('IdleClient');
export interface IdleClient {
    /** Pushed to every tab when the last activity (from any tab) or the deadline changes, at most once a second. */
    onIdleStatus(status: IdleStatus): void;
}

export const IdleService = Symbol('IdleService');
export interface IdleService {
    /** Records this tab's activity and visibility; answers the current status. Rejects when over the rate limit. */
    report(activity: TabActivity): Promise<IdleStatus>;
}

/** Reads a tab's report; anything malformed is refused (undefined). */
export function readTabActivity(raw: unknown): TabActivity | undefined {
    if (typeof raw !== 'object' || raw === null) {
        return undefined;
    }
    const { activity, visible } = raw as Record<string, unknown>;
    return typeof activity === 'boolean' && typeof visible === 'boolean' ? { activity, visible } : undefined;
}
