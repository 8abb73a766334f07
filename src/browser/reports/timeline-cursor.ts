// *****************************************************************************
// Which timeline entries are new since the last look: the recorder turns each new entry into a record once.
// Pure: the capped timeline may have scrolled the last seen entry out (then it goes by time).
// *****************************************************************************

import { TimelineEvent } from '../connection/state/connection-snapshot';

export class TimelineCursor {
    protected lastEntry: TimelineEvent | undefined;

    /** The entries after the last one seen (every entry the first time). */
    next(timeline: readonly TimelineEvent[]): readonly TimelineEvent[] {
        if (!this.lastEntry) {
            this.lastEntry = timeline[timeline.length - 1];
            return timeline;
        }
        const index = timeline.lastIndexOf(this.lastEntry);
        let fresh: readonly TimelineEvent[];
        if (index >= 0) {
            fresh = timeline.slice(index + 1);
        } else {
            // The entry scrolled out of the capped timeline (or entries are copies): go by time.
            const last = this.lastEntry;
            fresh = timeline.filter(e => e.at > last.at);
        }
        if (timeline.length) {
            this.lastEntry = timeline[timeline.length - 1];
        }
        return fresh;
    }
}
