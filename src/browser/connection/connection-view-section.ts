// *****************************************************************************
// The Session Health view's Connection section: the live chart of the last 15 minutes, the numbers the
// details dialog showed, the event timeline newest first with a kind filter, Copy and Reconnect now.
// *****************************************************************************

import { inject, injectable, postConstruct } from '@theia/core/shared/inversify';
import { Emitter } from '@theia/core/lib/common/event';
import { DisposableCollection } from '@theia/core/lib/common/disposable';
import { CommandRegistry } from '@theia/core/lib/common/command';
import { ColorApplicationContribution } from '@theia/core/lib/browser/color-application-contribution';
import { SessionHealthSectionOrder, SessionHealthViewSection } from '../view/session-health-view-section';
import { ConnectionMonitor } from './connection-monitor';
import { ConnectionHistory } from './connection-history';
import { ConnectionCommands } from './connection-commands';
import { connectionDetailRows } from './connection-details-rows';
import { CHART_WINDOW_MS, chartData, ChartData } from './connection-chart-data';
import { ConnectionChart } from './connection-chart';
import { timelineKinds } from './connection-timeline-view';
import { ChartHost, DetailRowView, TimelineList } from './connection-view-parts';
import { stateColorVariable, STATE_COLOR_FALLBACK_VARIABLE } from './connection-state-colors';
import { h, ReactNode } from '../view/react-elements';
import { sectionActions } from '../view/abstract-view-section';

export const CONNECTION_SECTION_ID = 'connection';

@injectable()
export class ConnectionViewSection implements SessionHealthViewSection {
    @inject(ConnectionMonitor) protected readonly monitor: ConnectionMonitor;
    @inject(ConnectionHistory) protected readonly history: ConnectionHistory;
    @inject(CommandRegistry) protected readonly commands: CommandRegistry;
    @inject(ColorApplicationContribution) protected readonly colors: ColorApplicationContribution;

    readonly id = CONNECTION_SECTION_ID;
    readonly title = 'Connection';
    readonly order = SessionHealthSectionOrder.CONNECTION;

    protected readonly onDidChangeEmitter = new Emitter<void>();
    readonly onDidChange = this.onDidChangeEmitter.event;
    protected readonly toDispose = new DisposableCollection(this.onDidChangeEmitter);
    protected readonly chart = new ConnectionChart();
    protected kindFilter = '';
    /** While the view is visible: a tick each second, so ages and the chart's time axis move on a silent link. */
    protected ticking: number | undefined;

    @postConstruct()
    protected init(): void {
        this.toDispose.push(this.history.onDidChange(() => this.changed()));
        this.toDispose.push(this.monitor.onDidChange(() => this.changed()));
        this.toDispose.push(this.colors.onDidChange(() => this.chart.themeChanged()));
        this.toDispose.push(this.chart);
    }

    protected changed(): void {
        this.onDidChangeEmitter.fire();
    }

    setVisible(visible: boolean): void {
        if (visible && this.ticking === undefined) {
            this.ticking = window.setInterval(() => this.changed(), 1000);
        } else if (!visible && this.ticking !== undefined) {
            window.clearInterval(this.ticking);
            this.ticking = undefined;
        }
    }

    protected currentChartData(now: number): ChartData {
        const since = now - CHART_WINDOW_MS;
        return chartData(this.history.samples(since), this.history.stateAt(since), since, now);
    }

    render(): ReactNode {
        const now = Date.now();
        const snapshot = this.monitor.snapshot();
        const data = this.currentChartData(now);
        const kinds = timelineKinds(snapshot.timeline);
        const states = [...new Set(data.bands.map(b => b.state))];
        return h('div', { className: 'session-health-connection' },
            h(ChartHost, { chart: this.chart, data }),
            h('div', { className: 'session-health-legend' },
                ...states.map(state => h('span', { key: state, 'data-state': state },
                    h('span', { className: 'swatch', style: { background: `var(${stateColorVariable(state)}, var(${STATE_COLOR_FALLBACK_VARIABLE}))` } }),
                    state)),
                h('span', { key: '#counts' }, `${data.xs.length} round trips, ${data.missed.length} missed heartbeats in the last 15 minutes`)),
            sectionActions([
                { className: 'session-health-copy', label: 'Copy connection details', run: () => this.commands.executeCommand(ConnectionCommands.COPY_CONNECTION_DETAILS.id) },
                { className: 'session-health-reconnect', label: 'Reconnect now', run: () => this.commands.executeCommand(ConnectionCommands.RECONNECT_NOW.id) }
            ]),
            h('table', { className: 'session-health-details' },
                h('tbody', null, ...connectionDetailRows(snapshot, now).map(row => h(DetailRowView, { key: row.field, row })))),
            h('div', { className: 'session-health-timeline-header' },
                h('span', { className: 'session-health-label' }, 'Recent events, newest first'),
                h('select', {
                    className: 'theia-select session-health-timeline-filter', value: this.kindFilter, 'aria-label': 'Show events of kind',
                    onChange: (e: { currentTarget: HTMLSelectElement }) => { this.kindFilter = e.currentTarget.value; this.changed(); }
                },
                    h('option', { key: '', value: '' }, 'all kinds'),
                    ...kinds.map(kind => h('option', { key: kind, value: kind }, kind)))),
            h(TimelineList, { events: snapshot.timeline, filter: this.kindFilter }));
    }
}
