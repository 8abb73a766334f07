// *****************************************************************************
// Turns the state machine's counters, read after every evaluation, into history samples: one per accepted
// heartbeat answer (with its round trip), one per newly missed heartbeat, one per state change. Pure.
// *****************************************************************************

import { ConnectionSample } from './connection-history';
import { ConnectionState } from '../state/connection-snapshot';

/** What the state machine counted so far (see ConnectionStateMachine.sampleCounters). */
export interface SampleCounters {
    state: ConnectionState;
    /** Answers whose round trip counted (not late). */
    answers: number;
    /** Round trip of the last such answer (ms). */
    lastRoundTripMs: number | undefined;
    /** Heartbeats missed so far. */
    missed: number;
}

export class ConnectionSampler {
    protected last: SampleCounters | undefined;

    next(now: number, c: SampleCounters): ConnectionSample[] {
        const before = this.last;
        this.last = { ...c };
        if (!before) {
            return [{ at: now, state: c.state }];
        }
        const out: ConnectionSample[] = [];
        if (c.state !== before.state) {
            out.push({ at: now, state: c.state });
        }
        for (let i = before.missed; i < c.missed; i++) {
            out.push({ at: now, state: c.state, missed: true });
        }
        if (c.answers > before.answers && c.lastRoundTripMs !== undefined) {
            out.push({ at: now, state: c.state, roundTripMs: c.lastRoundTripMs });
        }
        return out;
    }
}
