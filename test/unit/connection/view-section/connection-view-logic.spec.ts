import { expect } from 'chai';
import { chartData, chartDrawDue, chartNeedsDraw, CHART_IDLE_REDRAW_MS, CHART_MIN_DRAW_MS, steadyLink } from '../../../../src/browser/connection/view-section/connection-chart-data';
import { timelineKinds, timelineNewestFirst, timelineTime } from '../../../../src/browser/connection/view-section/connection-timeline-view';
import { resolveStateColor, stateColorVariable } from '../../../../src/browser/connection/status-bar/connection-state-colors';
import { connectionDetailRows } from '../../../../src/browser/connection/view-section/connection-details-rows';
import { ConnectionStateMachine } from '../../../../src/browser/connection/state/connection-state';
import { TimelineEvent } from '../../../../src/browser/connection/state/connection-snapshot';
import { ConnectionSample } from '../../../../src/browser/connection/history/connection-history';
import { sha256Hex } from '../../../../src/common/shared/sha256';

describe('the view\'s refresh pace', () => {
    it('is steady (every 5 s) only while connected with no heartbeat missed', () => {
        expect(steadyLink({ state: 'connected', consecutiveMissed: 0 })).to.equal(true);
        expect(steadyLink({ state: 'connected', consecutiveMissed: 1 })).to.equal(false);
        expect(steadyLink({ state: 'degraded', consecutiveMissed: 0 })).to.equal(false);
        expect(steadyLink({ state: 'offline', consecutiveMissed: 3 })).to.equal(false);
    });
});

describe('connection chart redraws', () => {
    const base: ConnectionSample[] = [{ at: 1000, state: 'connected', roundTripMs: 3 }, { at: 2000, state: 'connected', roundTripMs: 5 }];

    it('draws the first time, on a new sample, a miss or a new state; not when only the clock moved a little', () => {
        const drawn = chartData(base, 'connected', 0, 2500);
        expect(chartNeedsDraw(undefined, drawn)).to.equal(true);
        expect(chartNeedsDraw(drawn, chartData(base, 'connected', 1000, 3500)), 'same samples, 1 s later').to.equal(false);
        expect(chartNeedsDraw(drawn, chartData([...base, { at: 3000, state: 'connected', roundTripMs: 4 }], 'connected', 1000, 3500)), 'new round trip').to.equal(true);
        expect(chartNeedsDraw(drawn, chartData([...base, { at: 3000, state: 'connected', missed: true }], 'connected', 1000, 3500)), 'missed').to.equal(true);
        expect(chartNeedsDraw(drawn, chartData([...base, { at: 3000, state: 'offline' }], 'connected', 1000, 3500)), 'offline').to.equal(true);
    });

    it('looks at new data at most every CHART_MIN_DRAW_MS (2 s: live, at half the cost of a draw a second)', () => {
        expect(CHART_MIN_DRAW_MS).to.be.at.least(1000).and.at.most(5000);
        expect(chartDrawDue(undefined, 5000), 'never drawn').to.equal(true);
        expect(chartDrawDue(5000, 5000 + CHART_MIN_DRAW_MS - 1)).to.equal(false);
        expect(chartDrawDue(5000, 6000), 'a second later').to.equal(false);
        expect(chartDrawDue(5000, 5000 + CHART_MIN_DRAW_MS)).to.equal(true);
        expect(chartDrawDue(5000, 4000), 'clock stepped back').to.equal(true);
    });

    it('on a silent link still redraws every few seconds, so the time axis and the band move', () => {
        const drawn = chartData(base, 'connected', 0, 2500);
        expect(chartNeedsDraw(drawn, chartData(base, 'connected', 0, 2500 + CHART_IDLE_REDRAW_MS - 1))).to.equal(false);
        expect(chartNeedsDraw(drawn, chartData(base, 'connected', 0, 2500 + CHART_IDLE_REDRAW_MS))).to.equal(true);
    });
});

describe('connection chart data', () => {
    const samples: ConnectionSample[] = [
        { at: 1000, state: 'connected', roundTripMs: 3 },
        { at: 2000, state: 'connected', roundTripMs: 5 },
        { at: 4000, state: 'degraded', missed: true },
        { at: 5000, state: 'offline' },
        { at: 5000, state: 'offline', missed: true },
        { at: 9000, state: 'connected' },
        { at: 9500, state: 'connected', roundTripMs: 4 }
    ];

    it('round trips as points (seconds), misses as marks, states as bands covering the window', () => {
        const d = chartData(samples, 'connected', 500, 10_000);
        expect(d.xs).to.deep.equal([1, 2, 9.5]);
        expect(d.roundTrips).to.deep.equal([3, 5, 4]);
        expect(d.missed).to.deep.equal([4000, 5000]);
        expect(d.bands).to.deep.equal([
            { from: 500, to: 4000, state: 'connected' },
            { from: 4000, to: 5000, state: 'degraded' },
            { from: 5000, to: 9000, state: 'offline' },
            { from: 9000, to: 10_000, state: 'connected' }
        ]);
    });

    it('without a known earlier state the first band starts at the first sample; a new state name gets its band', () => {
        const d = chartData([{ at: 3000, state: 'connected' }, { at: 6000, state: 'stopping' as never }], undefined, 0, 8000);
        expect(d.bands).to.deep.equal([{ from: 3000, to: 6000, state: 'connected' }, { from: 6000, to: 8000, state: 'stopping' }]);
    });
});

describe('state colours', () => {
    it('are keyed by state, with a fallback for a state that has none', () => {
        const vars: Record<string, string> = { '--theia-sessionHealth-state-offline': ' #f14c4c', '--theia-descriptionForeground': '#717171' };
        const read = (v: string) => vars[v] ?? '';
        expect(stateColorVariable('offline')).to.equal('--theia-sessionHealth-state-offline');
        expect(resolveStateColor('offline', read)).to.equal('#f14c4c');
        expect(resolveStateColor('hibernating', read)).to.equal('#717171');
        expect(resolveStateColor('hibernating', () => '')).to.equal('#888888');
    });
});

describe('connection timeline in the view', () => {
    const events: TimelineEvent[] = [
        // replayed from the preload buffer: logged after later events (the out-of-order dialog)
        { at: 4_000_043_000, kind: 'state', message: 'Polling → Connected' },
        { at: 4_000_042_000, kind: 'upgrade', message: 'Transport upgraded to WebSocket' },
        { at: 4_000_043_000, kind: 'state', message: 'Offline → Polling' },
        { at: 4_000_041_500, kind: 'connect', message: 'Connected' }
    ];

    it('lists newest first by time; equal times: the later logged first', () => {
        expect(timelineNewestFirst(events).map(e => e.message)).to.deep.equal(['Offline → Polling', 'Polling → Connected', 'Transport upgraded to WebSocket', 'Connected']);
    });

    it('filters by kind and offers the kinds present', () => {
        expect(timelineNewestFirst(events, 'upgrade').map(e => e.kind)).to.deep.equal(['upgrade']);
        expect(timelineKinds(events)).to.deep.equal(['state', 'upgrade', 'connect']);
    });

    it('gives every entry its time to the millisecond', () => {
        expect(timelineTime(new Date(2026, 0, 2, 3, 4, 5, 67).getTime())).to.equal('03:04:05.067');
    });
});

describe('connection detail rows', () => {
    it('show the short sid and its hash, never the live sid', () => {
        const m = new ConnectionStateMachine(0);
        const sid = 'abcdefghijklmnopqrst';
        m.socketOpened(10, sid, 'websocket');
        const rows = connectionDetailRows(m.snapshot(), 20);
        const byField = Object.fromEntries(rows.map(r => [r.field, r.value]));
        expect(byField.sid).to.equal('abcdefgh…');
        expect(byField['sid-hash']).to.equal(sha256Hex(sid));
        expect(rows.map(r => r.value).join('\n')).to.not.contain(sid);
    });
});
