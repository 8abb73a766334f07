// *****************************************************************************
// The bounded timeline of connection events (newest last) and the count of all events ever logged.
// *****************************************************************************

import { TimelineEvent, TimelineKind } from './connection-snapshot';

export const TIMELINE_CAPACITY = 200;

export class ConnectionTimeline {
    protected readonly events: TimelineEvent[] = [];
    protected logged = 0;

    /** How many events were ever logged (the timeline itself is bounded). */
    get count(): number {
        return this.logged;
    }

    log(at: number, kind: TimelineKind, message: string): void {
        this.logged++;
        this.events.push({ at, kind, message });
        if (this.events.length > TIMELINE_CAPACITY) {
            this.events.splice(0, this.events.length - TIMELINE_CAPACITY);
        }
    }

    entries(): TimelineEvent[] {
        return this.events.slice();
    }
}
