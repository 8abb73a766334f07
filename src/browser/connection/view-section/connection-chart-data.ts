// *****************************************************************************
// What the Session Health view's connection chart draws, from the history: the round-trip points, the
// missed heartbeats, and the state as bands over time. Pure.
// *****************************************************************************

import { ConnectionSample } from '../history/connection-history';

/** The chart covers this much of the recent past. */
export const CHART_WINDOW_MS = 15 * 60 * 1000;

export interface StateBand {
    from: number;
    to: number;
    /** Any state name: a state added later gets a band (and its colour, or the fallback) without code change. */
    state: string;
}

export interface ChartData {
    since: number;
    now: number;
    /** Times (seconds since epoch, uPlot's time scale) of the answered heartbeats. */
    xs: number[];
    /** Their round trips (ms). */
    roundTrips: number[];
    /** Times (ms) of missed heartbeats. */
    missed: number[];
    bands: StateBand[];
}

/**
 * @param samples the history's samples since `since`, oldest first
 * @param stateBefore the state in force at `since` (undefined: not known, the first band starts at the first sample)
 */
export function chartData(samples: readonly ConnectionSample[], stateBefore: string | undefined, since: number, now: number): ChartData {
    const xs: number[] = [];
    const roundTrips: number[] = [];
    const missed: number[] = [];
    const bands: StateBand[] = [];
    let state = stateBefore;
    let start = since;
    for (const s of samples) {
        if (s.at < since || s.at > now) {
            continue;
        }
        if (s.state !== state) {
            if (state !== undefined && s.at > start) {
                bands.push({ from: start, to: s.at, state });
            }
            state = s.state;
            start = s.at;
        }
        if (s.missed) {
            missed.push(s.at);
        } else if (s.roundTripMs !== undefined) {
            xs.push(s.at / 1000);
            roundTrips.push(s.roundTripMs);
        }
    }
    if (state !== undefined && now > start) {
        bands.push({ from: start, to: now, state });
    }
    return { since, now, xs, roundTrips, missed, bands: mergeBands(bands) };
}

function mergeBands(bands: StateBand[]): StateBand[] {
    const out: StateBand[] = [];
    for (const b of bands) {
        const last = out[out.length - 1];
        if (last && last.state === b.state && last.to >= b.from) {
            last.to = b.to;
        } else {
            out.push({ ...b });
        }
    }
    return out;
}

/** With no new sample, the chart is still redrawn this often, so the time axis and a growing band move on a silent link. */
export const CHART_IDLE_REDRAW_MS = 5000;

/**
 * The chart is redrawn at most this often: each draw repaints the whole canvas (a few ms of main thread), and a
 * new point on a 15-minute chart moves ~1 px a second, so every 2 s keeps it live at half the cost.
 */
export const CHART_MIN_DRAW_MS = 2000;

/**
 * The view's live parts (numbers, chart, timeline) refresh at most this often, in one frame with the chart's draw,
 * and a new state at once. Each refresh is a frame of the whole section (issue 28: a tab with the view open paid for
 * one a second); on a steady link (connected, no heartbeat missed) every STEADY_REFRESH_MS is enough.
 */
export const LIVE_REFRESH_MS = CHART_MIN_DRAW_MS;
export const STEADY_REFRESH_MS = 5000;

/** Connected with every heartbeat answered: nothing in the section changes but counts, ages and the chart's end. */
export function steadyLink(s: { state: string; consecutiveMissed: number }): boolean {
    return s.state === 'connected' && s.consecutiveMissed === 0;
}

/** Whether enough time passed since the last draw (at `drawnAt`, chart time) to look at new data at all. */
export function chartDrawDue(drawnAt: number | undefined, now: number): boolean {
    return drawnAt === undefined || now - drawnAt >= CHART_MIN_DRAW_MS || now < drawnAt;
}

/** What the chart shows, in a few numbers: equal keys draw the same picture (but for the time axis). */
export function chartDataKey(d: ChartData): string {
    const lastBand = d.bands[d.bands.length - 1];
    return [d.xs.length, d.xs[d.xs.length - 1], d.missed.length, d.missed[d.missed.length - 1], d.bands.length, lastBand?.state].join('|');
}

/** Whether the chart needs a redraw for `next`, after it last drew `drawn`. */
export function chartNeedsDraw(drawn: ChartData | undefined, next: ChartData): boolean {
    return !drawn || chartDataKey(drawn) !== chartDataKey(next) || next.now - drawn.now >= CHART_IDLE_REDRAW_MS;
}
