// *****************************************************************************
// At most one render per interval, and none while hidden: requests while hidden are remembered and
// rendered once when the view is shown again. Timers are passed in (testable without a DOM).
// *****************************************************************************

export interface ThrottleTimers {
    now(): number;
    setTimeout(callback: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
}

export const DEFAULT_THROTTLE_TIMERS: ThrottleTimers = {
    now: () => Date.now(),
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: handle => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

export class RenderThrottle {
    protected visible = false;
    protected dirty = false;
    protected handle: unknown;
    protected lastRenderAt = -Infinity;

    /** `intervalMs`: fixed, or asked at each scheduling (a view may refresh less often while nothing is wrong). */
    constructor(protected readonly render: () => void, readonly intervalMs: number | (() => number) = 1000,
        protected readonly timers: ThrottleTimers = DEFAULT_THROTTLE_TIMERS) { }

    protected interval(): number {
        return typeof this.intervalMs === 'number' ? this.intervalMs : this.intervalMs();
    }

    /** Something changed: render now, or when the interval has passed, or when shown. */
    request(): void {
        this.dirty = true;
        this.schedule();
    }

    /** Something the user must see at once changed (a state): render now, while visible, whatever the interval. */
    requestNow(): void {
        this.dirty = true;
        this.cancel();
        if (this.visible) {
            this.flush();
        }
    }

    setVisible(visible: boolean): void {
        this.visible = visible;
        if (!visible) {
            this.cancel();
        } else {
            this.schedule();
        }
    }

    dispose(): void {
        this.visible = false;
        this.cancel();
    }

    protected schedule(): void {
        if (!this.visible || !this.dirty || this.handle !== undefined) {
            return;
        }
        const wait = Math.max(0, this.lastRenderAt + this.interval() - this.timers.now());
        this.handle = this.timers.setTimeout(() => this.flush(), wait);
    }

    protected flush(): void {
        this.handle = undefined;
        if (!this.visible || !this.dirty) {
            return;
        }
        this.dirty = false;
        this.lastRenderAt = this.timers.now();
        this.render();
    }

    protected cancel(): void {
        if (this.handle !== undefined) {
            this.timers.clearTimeout(this.handle);
            this.handle = undefined;
        }
    }
}
