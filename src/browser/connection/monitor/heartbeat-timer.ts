// *****************************************************************************
// The monitor's one timer: due at the next heartbeat or the next deadline of the state machine, whichever comes
// first. It tells a paused tab (timers far overdue) from a busy thread (an answer queued behind the timer).
// *****************************************************************************

import { Disposable } from '@theia/core/lib/common/disposable';

/** Timers that run this much later than asked were paused (hidden-tab throttling, sleep), not the network. */
const PAUSE_THRESHOLD_MS = 2000;
/**
 * A timer this much late means the page's thread was busy (a long task, DevTools attaching): what arrived meanwhile,
 * a heartbeat answer, waits in the queue behind the timer. The wake-up lets it run first (once, YIELD_MS later).
 */
const LATE_YIELD_THRESHOLD_MS = 250;
const YIELD_MS = 20;

export interface HeartbeatTimerHost {
    /** The timer is due: its lateness is dealt with, what follows counts from `now`. */
    wake(now: number): void;
    /** The timer ran `late` ms late: the tab's timers were paused. */
    paused(now: number, late: number): void;
    /** A heartbeat answer is due (a late wake-up then yields to the queued events once). */
    awaitingAnswer(): boolean;
}

export class HeartbeatTimer implements Disposable {
    protected timer: number | undefined;
    protected dueAt = Date.now();
    /** The current wake-up was put behind the queued events once already (see LATE_YIELD_THRESHOLD_MS). */
    protected yielded = false;

    constructor(protected readonly host: HeartbeatTimerHost) { }

    /** Arms the timer for `due` (kept as it is when already armed for that time). */
    arm(due: number, now: number): void {
        if (this.timer !== undefined && due === this.dueAt) {
            return;
        }
        window.clearTimeout(this.timer);
        this.yielded = false;
        this.dueAt = due;
        this.timer = window.setTimeout(() => this.fire(), due - now);
    }

    /**
     * The timer is overdue by more than the threshold: the tab's timers were paused, the network is not to blame.
     * Returns whether it was.
     */
    noticePause(now: number): boolean {
        const late = now - this.dueAt;
        if (late > PAUSE_THRESHOLD_MS) {
            this.host.paused(now, late);
            this.dueAt = now;
            // The overdue timer (still pending when an event noticed the pause) is re-armed by the next arm():
            // left alone, a throttled tab could fire it much later and log the same stretch a second time.
            window.clearTimeout(this.timer);
            this.timer = undefined;
            return true;
        }
        return false;
    }

    dispose(): void {
        window.clearTimeout(this.timer);
    }

    protected fire(): void {
        this.timer = undefined;
        const now = Date.now();
        this.noticePause(now);
        if (!this.yielded && this.host.awaitingAnswer() && now - this.dueAt > LATE_YIELD_THRESHOLD_MS) {
            // Late, not paused, an answer due: let the events that waited behind this timer (the answer) run first.
            this.yielded = true;
            this.dueAt = now + YIELD_MS;
            this.timer = window.setTimeout(() => this.fire(), YIELD_MS);
            return;
        }
        this.yielded = false;
        // Its lateness is dealt with: what follows (this wake-up's listeners included) counts from now.
        this.dueAt = now;
        this.host.wake(now);
    }
}
