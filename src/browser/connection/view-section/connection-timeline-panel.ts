// *****************************************************************************
// The Connection section's event timeline: its header with the kind filter, and the events newest first. It
// re-renders itself (not the section) when an event came or the filter changed; each row is its own component
// keyed by its event, so a new event creates one row's elements instead of the whole list's.
// *****************************************************************************

import { Disposable } from '@theia/core/lib/common/disposable';
import { Event } from '@theia/core/lib/common/event';
import { Component, h, ReactNode } from '../../view/react-elements';
import { TimelineEvent } from '../state/connection-snapshot';
import { timelineKinds, timelineNewestFirst, timelineTime } from './connection-timeline-view';
import { nls } from '@theia/core/lib/common/nls';

/** What a timeline shows, in a few values: the log is append-only (bounded), so its ends and length tell a change. */
export function timelineKey(events: readonly TimelineEvent[], filter: string): string {
    const first = events[0];
    const last = events[events.length - 1];
    return `${filter}|${events.length}|${first?.at}|${last?.at}|${last?.kind}|${last?.message}`;
}

export interface TimelinePanelProps {
    /** The timeline now, oldest first (as the monitor logs it). */
    events: () => readonly TimelineEvent[];
    /** Fires when it may have changed (at most once a second, only while the view is visible). */
    source: Event<void>;
}

interface TimelinePanelState {
    events: readonly TimelineEvent[];
    filter: string;
}

export class TimelinePanel extends Component<TimelinePanelProps, TimelinePanelState> {
    protected listener: Disposable | undefined;

    constructor(props: TimelinePanelProps) {
        super(props);
        this.state = { events: props.events(), filter: '' };
    }

    componentDidMount(): void {
        this.listener = this.props.source(() => {
            const events = this.props.events();
            if (timelineKey(events, '') !== timelineKey(this.state.events, '')) {
                this.setState({ events });
            }
        });
    }

    componentWillUnmount(): void {
        this.listener?.dispose();
        this.listener = undefined;
    }

    shouldComponentUpdate(next: TimelinePanelProps, state: TimelinePanelState): boolean {
        return next.source !== this.props.source || timelineKey(state.events, state.filter) !== timelineKey(this.state.events, this.state.filter);
    }

    override render(): ReactNode {
        const { events, filter } = this.state;
        const seen = new Map<string, number>();
        return h('div', { className: 'session-health-timeline-panel' },
            h('div', { className: 'session-health-timeline-header' },
                h('span', { className: 'session-health-label' }, nls.localize('theia-session-health/connection/timelineHeading', 'Recent events, newest first')),
                h('select', {
                    className: 'theia-select session-health-timeline-filter', value: filter, 'aria-label': nls.localize('theia-session-health/connection/timelineFilterLabel', 'Show events of kind'),
                    onChange: (e: { currentTarget: HTMLSelectElement }) => this.setState({ filter: e.currentTarget.value })
                },
                    h('option', { key: '', value: '' }, nls.localize('theia-session-health/connection/timelineAllKinds', 'all kinds')),
                    ...timelineKinds(events).map(kind => h('option', { key: kind, value: kind }, kind)))),
            h('ol', { className: 'session-health-timeline' },
                ...timelineNewestFirst(events, filter).map(event => {
                    const base = `${event.at}|${event.kind}|${event.message}`;
                    const n = (seen.get(base) ?? 0) + 1;
                    seen.set(base, n);
                    return h(TimelineRow, { key: `${base}|${n}`, event });
                })));
    }
}

/** One event; never re-rendered (an event does not change). */
class TimelineRow extends Component<{ event: TimelineEvent }> {
    shouldComponentUpdate(): boolean {
        return false;
    }

    override render(): ReactNode {
        const { event } = this.props;
        return h('li', { 'data-kind': event.kind, 'data-at': event.at },
            h('time', { dateTime: new Date(event.at).toISOString() }, timelineTime(event.at)),
            h('span', { className: 'kind' }, event.kind),
            h('span', { className: 'message' }, event.message));
    }
}
