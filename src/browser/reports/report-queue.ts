// *****************************************************************************
// Bounded queue of unsent report records, kept in localStorage so a reload does not lose them.
// Capped by count and bytes: when full, the oldest go first and `dropped` counts them.
// Each tab keeps its own key (its name survives a reload in sessionStorage); queues of closed tabs
// are adopted by the next tab that starts.
// *****************************************************************************

import { ReportRecord } from '../../common/reports/reports-protocol';
import { utf8Length } from '../../common/text/utf8';

export interface QueueLimits {
    maxRecords: number;
    maxBytes: number;
}

export const DEFAULT_QUEUE_LIMITS: QueueLimits = { maxRecords: 2000, maxBytes: 1024 * 1024 };
export const QUEUE_KEY_PREFIX = 'theia-session-health.reports.';
const SESSION_KEY = 'theia-session-health.reports.queue-key';
/** A queue nobody wrote for this long belongs to a closed tab. */
const ORPHAN_AFTER_MS = 2 * 60 * 1000;

interface Persisted {
    records: ReportRecord[];
    dropped: number;
    seq: number;
    updatedAt: number;
}

export class ReportQueue {
    protected records: ReportRecord[] = [];
    protected sizes: number[] = [];
    protected bytes = 0;
    /** Records dropped since the count was last taken. */
    protected droppedCount = 0;
    lastSeq = 0;
    readonly key: string;

    constructor(protected readonly storage: Storage | undefined, session: Storage | undefined, newId: () => string,
        protected readonly limits: QueueLimits = DEFAULT_QUEUE_LIMITS) {
        let key = safe(() => session?.getItem(SESSION_KEY)) ?? undefined;
        if (!key) {
            key = QUEUE_KEY_PREFIX + newId();
            safe(() => session?.setItem(SESSION_KEY, key!));
        }
        this.key = key;
        this.load(key, true);
        this.adoptOrphans();
        this.persist();
    }

    get length(): number {
        return this.records.length;
    }

    get byteSize(): number {
        return this.bytes;
    }

    /** Takes the count of dropped records (it restarts at 0). */
    takeDropped(): number {
        const dropped = this.droppedCount;
        this.droppedCount = 0;
        return dropped;
    }

    push(records: readonly ReportRecord[]): void {
        for (const record of records) {
            this.add(record);
        }
        this.persist();
    }

    protected add(record: ReportRecord): void {
        const size = utf8Length(JSON.stringify(record)) + 1;
        this.records.push(record);
        this.sizes.push(size);
        this.bytes += size;
        while (this.records.length > this.limits.maxRecords || this.bytes > this.limits.maxBytes) {
            this.records.shift();
            this.bytes -= this.sizes.shift()!;
            this.droppedCount++;
        }
    }

    /** The oldest records (those `which` selects), at most `maxRecords` and `maxBytes` of JSON (UTF-8). */
    peek(maxRecords: number, maxBytes: number, which?: (record: ReportRecord) => boolean): ReportRecord[] {
        const out: ReportRecord[] = [];
        let bytes = 20;
        for (let i = 0; i < this.records.length && out.length < maxRecords; i++) {
            if (which && !which(this.records[i])) {
                continue;
            }
            if (bytes + this.sizes[i] > maxBytes) {
                break;
            }
            bytes += this.sizes[i];
            out.push(this.records[i]);
        }
        return out;
    }

    /** Replaces the fields of a queued record (a record already delivered is not changed). */
    amend(id: string, fields: ReportRecord['fields']): void {
        const i = this.records.findIndex(r => r.id === id);
        if (i >= 0) {
            this.records[i] = { ...this.records[i], fields };
            const size = utf8Length(JSON.stringify(this.records[i])) + 1;
            this.bytes += size - this.sizes[i];
            this.sizes[i] = size;
            this.persist();
        }
    }

    /** Removes delivered records. */
    remove(ids: Iterable<string>): void {
        const gone = new Set(ids);
        const keep: number[] = [];
        this.records.forEach((r, i) => gone.has(r.id) ? undefined : keep.push(i));
        this.records = keep.map(i => this.records[i]);
        this.sizes = keep.map(i => this.sizes[i]);
        this.bytes = this.sizes.reduce((a, b) => a + b, 0);
        this.persist();
    }

    persist(): void {
        const data: Persisted = { records: this.records, dropped: this.droppedCount, seq: this.lastSeq, updatedAt: Date.now() };
        safe(() => this.storage?.setItem(this.key, JSON.stringify(data)));
    }

    protected load(key: string, own: boolean): void {
        const raw = safe(() => this.storage?.getItem(key));
        if (!raw) {
            return;
        }
        try {
            const data = JSON.parse(raw) as Persisted;
            if (Array.isArray(data.records)) {
                for (const record of data.records) {
                    if (record && typeof record.id === 'string') {
                        this.add(record);
                    }
                }
            }
            this.droppedCount += Number.isInteger(data.dropped) && data.dropped > 0 ? data.dropped : 0;
            if (own && Number.isInteger(data.seq)) {
                this.lastSeq = data.seq;
            }
        } catch {
            // A damaged entry is dropped below.
        }
        if (!own) {
            safe(() => this.storage?.removeItem(key));
        }
    }

    protected adoptOrphans(): void {
        if (!this.storage) {
            return;
        }
        const keys: string[] = [];
        safe(() => {
            for (let i = 0; i < this.storage!.length; i++) {
                const key = this.storage!.key(i);
                if (key && key.startsWith(QUEUE_KEY_PREFIX) && key !== this.key && key !== SESSION_KEY) {
                    keys.push(key);
                }
            }
        });
        for (const key of keys) {
            const raw = safe(() => this.storage!.getItem(key));
            let updatedAt = 0;
            try {
                updatedAt = raw ? Number(JSON.parse(raw).updatedAt) || 0 : 0;
            } catch {
                updatedAt = 0;
            }
            if (Date.now() - updatedAt > ORPHAN_AFTER_MS) {
                this.load(key, false);
            }
        }
    }
}

function safe<T>(fn: () => T): T | undefined {
    try {
        return fn();
    } catch {
        return undefined;
    }
}
