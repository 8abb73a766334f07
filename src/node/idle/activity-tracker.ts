// *****************************************************************************
// The backend's view of user activity across all tabs: the time of the last keyboard, mouse or focus activity
// any tab reported (taken on the backend's clock when the report arrives: a tab cannot move it), the connected
// and visible tabs, and the deadline. A tab that disconnects stops counting.
// *****************************************************************************

import { Emitter, Event } from '@theia/core/lib/common/event';
import { Disposable } from '@theia/core/lib/common/disposable';
import { IdleStatus, TabActivity } from '../../common/idle/idle-protocol';
import { IdleConfig, readIdleConfig } from './idle-config';

export const ActivityTracker = Symbol('ActivityTracker');
export interface ActivityTracker {
    readonly config: IdleConfig;
    /** Fires when the last activity changed. */
    readonly onDidChange: Event<void>;
    /** A tab connected; dispose the result when it disconnects. */
    connect(tab: object): Disposable;
    /** A connected tab's report. */
    report(tab: object, activity: TabActivity): void;
    status(): IdleStatus;
    /** Seconds since the last activity (fractional). */
    idleSeconds(): number;
}

/** Pure logic on an injectable clock (unit tests). */
export class ActivityTrackerLogic implements ActivityTracker {
    protected readonly onDidChangeEmitter = new Emitter<void>();
    readonly onDidChange = this.onDidChangeEmitter.event;
    protected readonly tabs = new Map<object, { visible: boolean }>();
    protected lastActivity: number;

    constructor(readonly config: IdleConfig, protected readonly now: () => number = Date.now) {
        // Before any report the backend start counts as the last activity: a pod nobody opened also idles out.
        this.lastActivity = now();
    }

    connect(tab: object): Disposable {
        this.tabs.set(tab, { visible: false });
        return Disposable.create(() => this.tabs.delete(tab));
    }

    report(tab: object, activity: TabActivity): void {
        const entry = this.tabs.get(tab);
        if (!entry) {
            return; // disconnected
        }
        entry.visible = activity.visible;
        if (activity.activity) {
            this.lastActivity = Math.max(this.lastActivity, this.now());
            this.onDidChangeEmitter.fire();
        }
    }

    idleSeconds(): number {
        return Math.max(0, (this.now() - this.lastActivity) / 1000);
    }

    status(): IdleStatus {
        const now = this.now();
        const timeout = this.config.timeoutSeconds;
        return {
            lastActivity: new Date(this.lastActivity).toISOString(),
            idleSeconds: Math.floor(Math.max(0, now - this.lastActivity) / 1000),
            idleTimeoutSeconds: timeout ?? null,
            stopsAt: timeout === undefined ? null : new Date(this.lastActivity + timeout * 1000).toISOString(),
            connectedTabs: this.tabs.size,
            visibleTabs: [...this.tabs.values()].filter(t => t.visible).length,
            warningSeconds: this.config.warningSeconds,
            serverTime: now
        };
    }
}

/** The tracker on the backend's environment and clock (bound with toDynamicValue: no injected fields). */
export class DefaultActivityTracker extends ActivityTrackerLogic {
    constructor() {
        super(readIdleConfig());
    }
}
