// *****************************************************************************
// The heartbeats waiting for an answer and their clocks: which are missed, which are proven lost, and
// restarting the clocks when the tab's timers were paused (a throttled hidden tab is not a lost heartbeat).
// *****************************************************************************

interface Outstanding {
    sentAt: number;
    missed: boolean;
}

const MAX_OUTSTANDING = 16;

export class HeartbeatClock {
    protected readonly outstanding = new Map<number, Outstanding>();

    get size(): number {
        return this.outstanding.size;
    }

    clear(): void {
        this.outstanding.clear();
    }

    sent(now: number, seq: number): void {
        this.outstanding.set(seq, { sentAt: now, missed: false });
        if (this.outstanding.size > MAX_OUTSTANDING) {
            this.outstanding.delete(this.outstanding.keys().next().value as number);
        }
    }

    /** The answer to `seq` arrived: replies come in order over one socket, so anything older is lost. */
    answered(seq: number): Outstanding | undefined {
        const entry = this.outstanding.get(seq);
        if (entry) {
            for (const key of [...this.outstanding.keys()]) {
                if (key <= seq) {
                    this.outstanding.delete(key);
                }
            }
        }
        return entry;
    }

    /** Forgets `seq`; true when it was still waiting. */
    failed(seq: number): boolean {
        return this.outstanding.delete(seq);
    }

    /** Marks heartbeats unanswered for `timeoutMs` as missed; returns how many became missed now. */
    markMissed(now: number, timeoutMs: number): number {
        let newlyMissed = 0;
        for (const entry of this.outstanding.values()) {
            if (!entry.missed && now - entry.sentAt >= timeoutMs) {
                entry.missed = true;
                newlyMissed++;
            }
        }
        return newlyMissed;
    }

    /** When the oldest heartbeat still waiting was sent (undefined: none waiting). */
    oldestSentAt(): number | undefined {
        let oldest: number | undefined;
        for (const entry of this.outstanding.values()) {
            oldest = Math.min(oldest ?? Infinity, entry.sentAt);
        }
        return oldest;
    }

    /** When the next waiting heartbeat becomes missed (undefined: none waiting). */
    nextMissAt(timeoutMs: number): number | undefined {
        let next: number | undefined;
        for (const entry of this.outstanding.values()) {
            if (!entry.missed) {
                next = Math.min(next ?? Infinity, entry.sentAt + timeoutMs);
            }
        }
        return next;
    }

    /** Timers were paused: heartbeats overdue only because of that restart their clocks now. */
    restart(now: number): void {
        for (const entry of this.outstanding.values()) {
            entry.sentAt = now;
        }
    }
}
