// *****************************************************************************
// Parts of the Connection section. What changes every second is updated outside React (development React
// captures a stack per element, so a once-a-second re-render cost milliseconds): the chart draws itself at most
// every 2 s and only when its picture changed, the numbers are LiveText cells written when their text changed,
// the legend re-renders only when its set of states changed (the timeline: connection-timeline-panel.ts).
// *****************************************************************************

import { Disposable } from '@theia/core/lib/common/disposable';
import { Event } from '@theia/core/lib/common/event';
import { Component, createRef, h, ReactNode } from '../../view/react-elements';
import { LiveText } from '../../view/live-text';
import { ChartData, chartDrawDue, chartNeedsDraw } from './connection-chart-data';
import { ConnectionChart } from './connection-chart';
import { DetailRow } from './connection-details-rows';
import { stateColorVariable, STATE_COLOR_FALLBACK_VARIABLE } from '../status-bar/connection-state-colors';
import { nls } from '@theia/core/lib/common/nls';

interface ChartHostProps {
    chart: ConnectionChart;
    /** The chart's data now (computed only when a draw is due). */
    data: () => ChartData;
    /** Fires when the history may have changed or time passed (at most once a second, only while visible). */
    source: Event<void>;
    /** Told after each draw (the legend and the counts follow the chart). */
    onDrawn(data: ChartData): void;
}

/**
 * Mounts the chart's uPlot into a div React keeps, and draws it outside React: on a `source` event, at most every
 * CHART_MIN_DRAW_MS, and only when the picture changed (or the time axis moved CHART_IDLE_REDRAW_MS).
 */
export class ChartHost extends Component<ChartHostProps> {
    protected ref = createRef<HTMLDivElement>();
    protected drawn: ChartData | undefined;
    protected listener: Disposable | undefined;

    componentDidMount(): void {
        this.listener = this.props.source(() => this.refresh());
        if (this.ref.current) {
            this.props.chart.attach(this.ref.current);
            this.draw(this.props.data());
        }
    }

    /** The div never changes: React has nothing to diff; the chart is updated in place. */
    shouldComponentUpdate(next: ChartHostProps): boolean {
        return next.chart !== this.props.chart;
    }

    componentDidUpdate(): void {
        this.props.chart.attach(this.ref.current!);
        this.draw(this.props.data());
    }

    componentWillUnmount(): void {
        this.listener?.dispose();
        this.listener = undefined;
        this.props.chart.detach();
    }

    protected refresh(): void {
        if (!this.ref.current || !chartDrawDue(this.drawn?.now, Date.now())) {
            return;
        }
        const next = this.props.data();
        if (chartNeedsDraw(this.drawn, next)) {
            this.draw(next);
        }
    }

    protected draw(data: ChartData): void {
        this.drawn = data;
        this.props.chart.show(data);
        this.props.onDrawn(data);
    }

    override render(): ReactNode {
        return h('div', {
            className: 'session-health-chart', ref: this.ref, role: 'img',
            'aria-label': nls.localize('theia-session-health/connection/chartLabel', 'Round trip over the last 15 minutes, with the connection state as coloured bands underneath')
        });
    }
}

/** The states the chart shows, as swatches; re-rendered by React only when that set changed. */
export class ChartLegend extends Component<{ states: () => string[]; source: Event<void>; counts: () => string }, { states: string[] }> {
    protected listener: Disposable | undefined;

    constructor(props: { states: () => string[]; source: Event<void>; counts: () => string }) {
        super(props);
        this.state = { states: props.states() };
    }

    componentDidMount(): void {
        this.listener = this.props.source(() => {
            const states = this.props.states();
            if (states.join(' ') !== this.state.states.join(' ')) {
                this.setState({ states });
            }
        });
    }

    componentWillUnmount(): void {
        this.listener?.dispose();
        this.listener = undefined;
    }

    override render(): ReactNode {
        return h('div', { className: 'session-health-legend' },
            ...this.state.states.map(state => h('span', { key: state, 'data-state': state },
                h('span', { className: 'swatch', style: { background: `var(${stateColorVariable(state)}, var(${STATE_COLOR_FALLBACK_VARIABLE}))` } }),
                state)),
            h(LiveText, { key: '#counts', source: this.props.source, text: this.props.counts }));
    }
}

/**
 * The connection numbers: the rows are rendered once (their fields never change), each value is a LiveText
 * written only when its text changed (most stay the same second to second; the heartbeat's age moves every second).
 */
export class DetailsTable extends Component<{ rows: readonly Pick<DetailRow, 'field' | 'label'>[]; value: (field: string) => string; source: Event<void> }> {
    shouldComponentUpdate(next: { rows: readonly Pick<DetailRow, 'field' | 'label'>[] }): boolean {
        return next.rows.map(r => `${r.field}|${r.label}`).join('\n') !== this.props.rows.map(r => `${r.field}|${r.label}`).join('\n');
    }

    override render(): ReactNode {
        const { value, source } = this.props;
        return h('table', { className: 'session-health-details' },
            h('tbody', null, ...this.props.rows.map(row => h('tr', { key: row.field },
                h('td', null, row.label),
                h(LiveText, { tag: 'td', props: { 'data-field': row.field }, source, text: () => value(row.field) })))));
    }
}
