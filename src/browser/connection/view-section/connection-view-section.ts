// *****************************************************************************
// The Session Health view's Connection section: the live chart of the last 15 minutes, the numbers the
// details dialog showed, the event timeline newest first with a kind filter, Copy and Reconnect now.
// *****************************************************************************

import { inject, injectable, postConstruct } from '@theia/core/shared/inversify';
import { Emitter } from '@theia/core/lib/common/event';
import { Disposable, DisposableCollection } from '@theia/core/lib/common/disposable';
import { CommandRegistry } from '@theia/core/lib/common/command';
import { ColorApplicationContribution } from '@theia/core/lib/browser/color-application-contribution';
import { SessionHealthSectionOrder, SessionHealthViewSection } from '../../view/session-health-view-section';
import { ConnectionMonitor } from '../monitor/connection-monitor';
import { ConnectionHistory } from '../history/connection-history';
import { ConnectionSnapshot } from '../state/connection-snapshot';
import { ConnectionCommands } from '../connection-commands';
import { connectionDetailRows } from './connection-details-rows';
import { CHART_WINDOW_MS, chartData, ChartData, LIVE_REFRESH_MS, STEADY_REFRESH_MS, steadyLink } from './connection-chart-data';
import { ConnectionChart } from './connection-chart';
import { ChartHost, ChartLegend, DetailsTable } from './connection-view-parts';
import { TimelinePanel } from './connection-timeline-panel';
import { h, ReactNode } from '../../view/react-elements';
import { sectionActions } from '../../view/abstract-view-section';
import { RenderThrottle } from '../../view/render-throttle';
import { nls } from '@theia/core/lib/common/nls';

export const CONNECTION_SECTION_ID = 'connection';

/**
 * The section's structure is rendered once (it never fires onDidChange); what moves (the numbers, the chart and
 * its counts, the timeline) refreshes itself on `onLive`, at most once a second and only while the view is
 * visible: LiveText cells and the chart outside React, the legend and the timeline by their own React state.
 */
@injectable()
export class ConnectionViewSection implements SessionHealthViewSection {
    @inject(ConnectionMonitor) protected readonly monitor: ConnectionMonitor;
    @inject(ConnectionHistory) protected readonly history: ConnectionHistory;
    @inject(CommandRegistry) protected readonly commands: CommandRegistry;
    @inject(ColorApplicationContribution) protected readonly colors: ColorApplicationContribution;

    readonly id = CONNECTION_SECTION_ID;
    readonly title = nls.localize('theia-session-health/connection/sectionTitle', 'Connection');
    readonly order = SessionHealthSectionOrder.CONNECTION;

    protected readonly onDidChangeEmitter = new Emitter<void>();
    readonly onDidChange = this.onDidChangeEmitter.event;
    /** The live parts (chart, numbers, counts) look again. */
    protected readonly onLiveEmitter = new Emitter<void>();
    readonly onLive = this.onLiveEmitter.event;
    protected readonly onDidDrawEmitter = new Emitter<void>();
    protected readonly live = new RenderThrottle(() => this.refreshLive(), () => this.shownSteady ? STEADY_REFRESH_MS : LIVE_REFRESH_MS);
    /** The state the live parts showed last, and whether the link was steady: a change is shown at once. */
    protected shownState: ConnectionSnapshot['state'] | undefined;
    protected shownSteady = false;
    protected readonly toDispose = new DisposableCollection(this.onDidChangeEmitter, this.onLiveEmitter, this.onDidDrawEmitter,
        Disposable.create(() => this.live.dispose()), Disposable.create(() => this.historyListener?.dispose()));
    protected readonly chart = new ConnectionChart();
    /** While the view is visible: a tick every LIVE_REFRESH_MS, so ages and the chart's time axis move on a silent link. */
    protected ticking: number | undefined;
    /** The history's announcements, heard only while the view is visible (closed, the history runs no timer for it). */
    protected historyListener: Disposable | undefined;
    /** The snapshot and the rows' values of this refresh (taken once per refresh, on first use). */
    protected snap: ConnectionSnapshot | undefined;
    protected rows: Map<string, string> | undefined;
    protected drawnData: ChartData | undefined;

    @postConstruct()
    protected init(): void {
        this.toDispose.push(this.monitor.onDidChange(s => s.state !== this.shownState || steadyLink(s) !== this.shownSteady ? this.live.requestNow() : this.live.request()));
        this.toDispose.push(this.colors.onDidChange(() => this.chart.themeChanged()));
        this.toDispose.push(this.chart);
    }

    setVisible(visible: boolean): void {
        if (visible && this.ticking === undefined) {
            this.ticking = window.setInterval(() => this.live.request(), LIVE_REFRESH_MS);
            this.historyListener = this.history.onDidChange(() => this.live.request());
        } else if (!visible && this.ticking !== undefined) {
            window.clearInterval(this.ticking);
            this.ticking = undefined;
            this.historyListener?.dispose();
            this.historyListener = undefined;
        }
        this.live.setVisible(visible);
        if (visible) {
            this.live.request();
        }
    }

    /** Every LIVE_REFRESH_MS at most (STEADY_REFRESH_MS on a steady link, a change of either at once), while visible: the live parts refresh themselves. */
    protected refreshLive(): void {
        this.snap = undefined;
        this.rows = undefined;
        this.shownState = this.snapshot().state;
        this.shownSteady = steadyLink(this.snapshot());
        this.onLiveEmitter.fire();
    }

    protected snapshot(): ConnectionSnapshot {
        return this.snap ??= this.monitor.snapshot();
    }

    protected rowValue(field: string): string {
        if (!this.rows) {
            this.rows = new Map(connectionDetailRows(this.snapshot(), Date.now()).map(row => [row.field, row.value]));
        }
        return this.rows.get(field) ?? '';
    }

    protected currentChartData(): ChartData {
        const now = Date.now();
        const since = now - CHART_WINDOW_MS;
        return chartData(this.history.samples(since), this.history.stateAt(since), since, now);
    }

    protected chartDrawn(data: ChartData): void {
        this.drawnData = data;
        this.onDidDrawEmitter.fire();
    }

    protected chartStates(): string[] {
        return [...new Set((this.drawnData ?? this.currentChartData()).bands.map(b => b.state))];
    }

    protected chartCounts(): string {
        const data = this.drawnData ?? this.currentChartData();
        return `${data.xs.length} round trips, ${data.missed.length} missed heartbeats in the last 15 minutes`;
    }

    protected readonly partProps = {
        chart: { chart: this.chart, data: () => this.currentChartData(), source: this.onLive, onDrawn: (data: ChartData) => this.chartDrawn(data) },
        legend: { states: () => this.chartStates(), counts: () => this.chartCounts(), source: this.onDidDrawEmitter.event },
        value: (field: string) => this.rowValue(field),
        timeline: { events: () => this.snapshot().timeline, source: this.onLive }
    };

    render(): ReactNode {
        this.snap = undefined;
        this.rows = undefined;
        return h('div', { className: 'session-health-connection' },
            h(ChartHost, this.partProps.chart),
            h(ChartLegend, this.partProps.legend),
            sectionActions([
                { className: 'session-health-copy', label: nls.localize('theia-session-health/connection/copyDetailsButton', 'Copy connection details'), run: () => this.commands.executeCommand(ConnectionCommands.COPY_CONNECTION_DETAILS.id) },
                { className: 'session-health-reconnect', label: nls.localize('theia-session-health/connection/reconnectNowButton', 'Reconnect now'), run: () => this.commands.executeCommand(ConnectionCommands.RECONNECT_NOW.id) }
            ]),
            h(DetailsTable, { rows: connectionDetailRows(this.snapshot(), Date.now()), value: this.partProps.value, source: this.onLive }),
            h(TimelinePanel, this.partProps.timeline));
    }
}
