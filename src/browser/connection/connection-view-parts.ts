// *****************************************************************************
// Parts of the Connection section that React re-renders only when what they show changed, so the section's
// once-a-second update touches little: the chart (redrawn only on new samples, a new state, or the time axis
// having moved), and the event timeline (only when an event came or the filter changed; stable keys, so a new
// event adds one row instead of rebuilding the list).
// *****************************************************************************

import { Component, createRef, h, ReactNode } from '../view/react-elements';
import { ChartData, chartNeedsDraw } from './connection-chart-data';
import { ConnectionChart } from './connection-chart';
import { TimelineEvent } from './connection-snapshot';
import { DetailRow } from './connection-details-rows';
import { timelineNewestFirst, timelineTime } from './connection-timeline-view';

interface ChartHostProps {
    chart: ConnectionChart;
    data: ChartData;
}

/** Mounts the chart's uPlot into a div React keeps, and hands it new data only when the picture changed. */
export class ChartHost extends Component<ChartHostProps> {
    protected ref = createRef<HTMLDivElement>();
    protected drawn: ChartData | undefined;

    componentDidMount(): void {
        if (this.ref.current) {
            this.props.chart.attach(this.ref.current);
            this.draw();
        }
    }

    /** The div never changes: React has nothing to diff; the chart is updated in place. */
    shouldComponentUpdate(next: ChartHostProps): boolean {
        if (next.chart !== this.props.chart) {
            return true;
        }
        if (chartNeedsDraw(this.drawn, next.data)) {
            this.draw(next.data);
        }
        return false;
    }

    componentDidUpdate(): void {
        this.props.chart.attach(this.ref.current!);
        this.draw();
    }

    componentWillUnmount(): void {
        this.props.chart.detach();
    }

    protected draw(data = this.props.data): void {
        this.drawn = data;
        this.props.chart.show(data);
    }

    override render(): ReactNode {
        return h('div', {
            className: 'session-health-chart', ref: this.ref, role: 'img',
            'aria-label': 'Round trip over the last 15 minutes, with the connection state as coloured bands underneath'
        });
    }
}

interface TimelineProps {
    events: readonly TimelineEvent[];
    filter: string;
}

/** What a timeline shows, in a few values: the log is append-only (bounded), so its ends and length tell a change. */
function timelineKey(p: TimelineProps): string {
    const first = p.events[0];
    const last = p.events[p.events.length - 1];
    return `${p.filter}|${p.events.length}|${first?.at}|${last?.at}|${last?.kind}|${last?.message}`;
}

/** The event timeline, newest first; each row keyed by its event, so an event arriving adds one row. */
export class TimelineList extends Component<TimelineProps> {
    shouldComponentUpdate(next: TimelineProps): boolean {
        return timelineKey(next) !== timelineKey(this.props);
    }

    override render(): ReactNode {
        const seen = new Map<string, number>();
        return h('ol', { className: 'session-health-timeline' },
            ...timelineNewestFirst(this.props.events, this.props.filter).map(event => {
                const base = `${event.at}|${event.kind}|${event.message}`;
                const n = (seen.get(base) ?? 0) + 1;
                seen.set(base, n);
                return h('li', { key: `${base}|${n}`, 'data-kind': event.kind, 'data-at': event.at },
                    h('time', { dateTime: new Date(event.at).toISOString() }, timelineTime(event.at)),
                    h('span', { className: 'kind' }, event.kind),
                    h('span', { className: 'message' }, event.message));
            }));
    }
}

/** One row of the connection numbers: re-rendered only when its text changed (most stay the same second to second). */
export class DetailRowView extends Component<{ row: DetailRow }> {
    shouldComponentUpdate(next: { row: DetailRow }): boolean {
        return next.row.label !== this.props.row.label || next.row.value !== this.props.row.value;
    }

    override render(): ReactNode {
        const { row } = this.props;
        return h('tr', null,
            h('td', null, row.label),
            h('td', { 'data-field': row.field }, row.value));
    }
}
