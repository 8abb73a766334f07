// *****************************************************************************
// The Session Health view's live connection chart (uPlot): the round trip as a line, the connection state as
// coloured bands drawn underneath, missed heartbeats as marks at the top. Colours come from the theme.
// It only draws when handed new data (the view does that at most once a second, and not while hidden).
// *****************************************************************************

import 'uplot/dist/uPlot.min.css';
// Types only (elided from the output): uPlot itself is required when the first chart is drawn, see loadUPlot.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- uPlot's types are `export =` (no esModuleInterop here)
import uPlotModule = require('uplot');
import { Disposable } from '@theia/core/lib/common/disposable';
import { ChartData } from './connection-chart-data';
import { resolveStateColor } from '../status-bar/connection-state-colors';
import { nls } from '@theia/core/lib/common/nls';

let UPlot: typeof uPlotModule | undefined;

/**
 * uPlot, evaluated when a chart is first drawn instead of when the IDE starts: its top level (number and time formats,
 * tick tables) was a third of the extension's start-up time (issue 28). The bundle still carries it; a `require` inside
 * a function is evaluated only when called.
 */
function loadUPlot(): typeof uPlotModule {
    if (!UPlot) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const loaded: typeof uPlotModule = require('uplot');
        // The bundler may hand us the ES module namespace instead of the CommonJS export.
        UPlot = (loaded as unknown as { default?: typeof uPlotModule }).default ?? loaded;
    }
    return UPlot;
}

export const CHART_HEIGHT = 170;
/** Height of the state strip at the bottom of the plot area (CSS px); the whole plot is tinted lightly too. */
const BAND_STRIP_PX = 12;
const MISS_MARK_PX = 8;

/** Canvas pixels per CSS pixel, as uPlot draws (read without touching the layout: no forced reflow per draw). */
function pixelRatio(): number {
    return (loadUPlot() as unknown as { pxRatio?: number }).pxRatio || window.devicePixelRatio || 1;
}

export class ConnectionChart implements Disposable {
    protected plot: uPlotModule | undefined;
    protected host: HTMLElement | undefined;
    protected data: ChartData | undefined;
    protected colors = new Map<string, string>();
    protected resizeObserver: ResizeObserver | undefined;
    /** Draws done (for tests and the benchmark: `data-draws` on the host). */
    protected draws = 0;

    attach(host: HTMLElement): void {
        if (this.host === host) {
            return;
        }
        this.detach();
        this.host = host;
        this.resizeObserver = new ResizeObserver(() => this.resize());
        this.resizeObserver.observe(host);
        if (this.data) {
            this.show(this.data);
        }
    }

    detach(): void {
        this.resizeObserver?.disconnect();
        this.resizeObserver = undefined;
        this.plot?.destroy();
        this.plot = undefined;
        this.host = undefined;
    }

    dispose(): void {
        this.detach();
    }

    /** The theme changed: colours are read again at the next draw. */
    themeChanged(): void {
        this.colors.clear();
        if (this.plot && this.data) {
            this.plot.destroy();
            this.plot = undefined;
            this.show(this.data);
        }
    }

    show(data: ChartData): void {
        this.data = data;
        const host = this.host;
        if (!host) {
            return;
        }
        const aligned: uPlotModule.AlignedData = [data.xs, data.roundTrips];
        if (!this.plot) {
            const UPlotClass = loadUPlot();
            this.plot = new UPlotClass(this.options(host), aligned, host);
        } else {
            this.plot.batch(() => {
                this.plot!.setData(aligned, false);
                this.plot!.setScale('x', { min: data.since / 1000, max: data.now / 1000 });
            });
        }
        host.dataset.points = String(data.xs.length);
        host.dataset.missed = String(data.missed.length);
        host.dataset.bands = data.bands.map(b => b.state).join(' ');
    }

    protected resize(): void {
        const width = this.host?.clientWidth ?? 0;
        if (this.plot && width > 0 && Math.abs(width - this.plot.width) > 1) {
            this.plot.setSize({ width, height: CHART_HEIGHT });
        }
    }

    protected color(state: string): string {
        let c = this.colors.get(state);
        if (!c) {
            const style = getComputedStyle(document.documentElement);
            c = resolveStateColor(state, v => style.getPropertyValue(v));
            this.colors.set(state, c);
        }
        return c;
    }

    protected themeVar(name: string, fallback: string): string {
        const key = `var:${name}`;
        let c = this.colors.get(key);
        if (!c) {
            c = getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
            this.colors.set(key, c);
        }
        return c;
    }

    protected options(host: HTMLElement): uPlotModule.Options {
        const foreground = this.themeVar('--theia-foreground', '#888');
        const grid = this.themeVar('--theia-panel-border', 'rgba(128,128,128,0.2)');
        const line = this.themeVar('--theia-charts-foreground', '') || this.themeVar('--theia-textLink-foreground', foreground);
        const data = () => this.data;
        return {
            width: Math.max(host.clientWidth, 200),
            height: CHART_HEIGHT,
            legend: { show: false },
            cursor: { show: true, drag: { x: false, y: false } },
            scales: {
                x: { time: true, range: () => [data()!.since / 1000, data()!.now / 1000] },
                y: { range: (_u, _min, max) => [0, Math.max(10, Math.ceil((max ?? 0) * 1.2))] }
            },
            axes: [
                { stroke: foreground, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
                { stroke: foreground, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, label: nls.localize('theia-session-health/connection/chartAxis', 'round trip (ms)'), size: 50 }
            ],
            series: [
                {},
                { label: nls.localize('theia-session-health/connection/chartSeries', 'Round trip (ms)'), stroke: line, width: 1.5, spanGaps: false, points: { show: false } }
            ],
            hooks: {
                drawClear: [u => this.drawBands(u)],
                draw: [u => this.drawMisses(u)]
            }
        };
    }

    protected drawBands(u: uPlotModule): void {
        const d = this.data;
        if (!d) {
            return;
        }
        const { ctx, bbox } = u;
        const dpr = pixelRatio();
        const strip = BAND_STRIP_PX * (dpr || 1);
        ctx.save();
        for (const band of d.bands) {
            const x0 = Math.max(bbox.left, u.valToPos(band.from / 1000, 'x', true));
            const x1 = Math.min(bbox.left + bbox.width, u.valToPos(band.to / 1000, 'x', true));
            if (x1 <= x0) {
                continue;
            }
            ctx.fillStyle = this.color(band.state);
            ctx.globalAlpha = 0.12;
            ctx.fillRect(x0, bbox.top, x1 - x0, bbox.height - strip);
            ctx.globalAlpha = 1;
            ctx.fillRect(x0, bbox.top + bbox.height - strip, Math.max(1, x1 - x0), strip);
        }
        ctx.restore();
        this.draws++;
        if (this.host) {
            this.host.dataset.draws = String(this.draws);
        }
    }

    protected drawMisses(u: uPlotModule): void {
        const d = this.data;
        if (!d || d.missed.length === 0) {
            return;
        }
        const { ctx, bbox } = u;
        const dpr = pixelRatio();
        ctx.save();
        ctx.strokeStyle = this.themeVar('--theia-editorError-foreground', '#f14c4c');
        ctx.lineWidth = 2 * (dpr || 1);
        ctx.beginPath();
        for (const at of d.missed) {
            const x = u.valToPos(at / 1000, 'x', true);
            if (x >= bbox.left && x <= bbox.left + bbox.width) {
                ctx.moveTo(x, bbox.top);
                ctx.lineTo(x, bbox.top + MISS_MARK_PX * (dpr || 1));
            }
        }
        ctx.stroke();
        ctx.restore();
    }
}
