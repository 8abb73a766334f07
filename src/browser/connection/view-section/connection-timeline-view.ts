// *****************************************************************************
// The event timeline as the view lists it: newest first by time (events replayed from the preload buffer
// are logged late, so the log order is not the time order), optionally only one kind. Pure.
// *****************************************************************************

import { TimelineEvent } from '../state/connection-snapshot';

/** Newest first by `at`; among equal times, the one logged later first. */
export function timelineNewestFirst(events: readonly TimelineEvent[], kind?: string): TimelineEvent[] {
    return events
        .map((event, index) => ({ event, index }))
        .filter(e => !kind || e.event.kind === kind)
        .sort((a, b) => b.event.at - a.event.at || b.index - a.index)
        .map(e => e.event);
}

/** The kinds present, in first-seen order (the filter's choices). */
export function timelineKinds(events: readonly TimelineEvent[]): string[] {
    return [...new Set(events.map(e => e.kind))];
}

/** hh:mm:ss.mmm in local time: entries a second apart must not look alike. */
export function timelineTime(at: number): string {
    const d = new Date(at);
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
