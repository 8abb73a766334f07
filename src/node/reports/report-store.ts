// *****************************************************************************
// Append-only NDJSON store of report records: size-based rotation, a total size cap, dedupe by record id
// (the window of remembered ids is rebuilt from the files at start, so it survives a restart).
// A torn last line (crash mid-write) is skipped on read; every start appends to a new file.
// *****************************************************************************

import * as fs from 'fs';
import * as path from 'path';
import { ReportRecord, StoredReportRecord } from '../../common/reports/reports-protocol';

import { completeLines, FILE_PATTERN, ID_AT_LINE_START, ReadResult, ReportStoreOptions, storedLine, StoreResult } from './report-store-format';

export class ReportStore {
    protected readonly seen = new Set<string>();
    /** Remembered ids in the order they came, as a ring of `dedupeWindow` slots; `orderHead` is the next slot. */
    protected readonly order: string[] = [];
    protected orderHead = 0;
    protected handle: fs.promises.FileHandle | undefined;
    protected currentFile: string | undefined;
    protected currentSize = 0;
    protected fileCounter = 0;
    protected pending: { data: string; resolve: () => void; reject: (e: unknown) => void }[] = [];
    protected writing = false;
    protected ready: Promise<void> | undefined;

    constructor(readonly options: ReportStoreOptions) { }

    init(): Promise<void> {
        if (!this.ready) {
            this.ready = this.doInit();
        }
        return this.ready;
    }

    protected async doInit(): Promise<void> {
        await fs.promises.mkdir(this.options.dir, { recursive: true });
        for (const file of await this.listFiles()) {
            const text = await fs.promises.readFile(path.join(this.options.dir, file), 'utf8').catch(() => '');
            for (const line of completeLines(text)) {
                const match = ID_AT_LINE_START.exec(line);
                if (match) {
                    this.remember(match[1]);
                }
            }
        }
        await this.enforceTotalCap();
    }

    get rememberedIds(): number {
        return this.seen.size;
    }

    has(id: string): boolean {
        return this.seen.has(id);
    }

    /**
     * Remembers a new id; past the window the oldest is forgotten. The order lives in a ring of ids: taking the
     * oldest out of the Set through `values().next()` walks over every deleted slot of V8's ordered hash table,
     * which made each store slower the longer the backend ran.
     */
    protected remember(id: string): void {
        if (this.seen.has(id)) {
            return;
        }
        const window = Math.max(1, this.options.dedupeWindow);
        const oldest = this.order[this.orderHead];
        if (oldest !== undefined) {
            this.seen.delete(oldest);
        }
        this.order[this.orderHead] = id;
        this.orderHead = (this.orderHead + 1) % window;
        this.seen.add(id);
    }

    /**
     * Forgets ids remembered by a store whose write failed, so a retry is stored. Their ring slots stay until
     * overwritten (the Set never holds more ids than the ring has slots).
     */
    protected forget(ids: Iterable<string>): void {
        for (const id of ids) {
            this.seen.delete(id);
        }
    }

    /** Stores the records not seen before (in one write), resolving once they are on disk. */
    async store(records: readonly ReportRecord[], receivedAt = Date.now()): Promise<StoreResult> {
        await this.init();
        const accepted: ReportRecord[] = [];
        const lines: string[] = [];
        let data = '';
        const inBatch = new Set<string>();
        for (const record of records) {
            if (this.seen.has(record.id) || inBatch.has(record.id)) {
                continue;
            }
            inBatch.add(record.id);
            accepted.push(record);
            const line = storedLine(record, receivedAt);
            lines.push(line);
            data += line;
        }
        if (accepted.length === 0) {
            return { accepted, lines, duplicates: records.length };
        }
        for (const id of inBatch) {
            this.remember(id);
        }
        try {
            await this.enqueue(data);
        } catch (error) {
            this.forget(inBatch);
            throw error;
        }
        return { accepted, lines, duplicates: records.length - accepted.length };
    }

    protected enqueue(data: string): Promise<void> {
        return new Promise<void>((resolve, reject) => {
            this.pending.push({ data, resolve, reject });
            if (!this.writing) {
                this.drain();
            }
        });
    }

    /**
     * Group commit: everything queued while a write runs goes out in the next write, in chunks of at most
     * one file's size (so no write makes a file, and with it the total, larger than its budget).
     */
    protected async drain(): Promise<void> {
        this.writing = true;
        while (this.pending.length) {
            let bytes = 0;
            let count = 0;
            while (count < this.pending.length) {
                const size = Buffer.byteLength(this.pending[count].data);
                if (count > 0 && bytes + size > this.options.maxFileBytes) {
                    break;
                }
                bytes += size;
                count++;
            }
            const batch = this.pending.splice(0, count);
            const data = batch.map(p => p.data).join('');
            try {
                await this.write(data, bytes);
                batch.forEach(p => p.resolve());
            } catch (error) {
                batch.forEach(p => p.reject(error));
            }
        }
        this.writing = false;
    }

    protected async write(data: string, bytes = Buffer.byteLength(data)): Promise<void> {
        if (!this.handle || this.currentSize + bytes > this.options.maxFileBytes && this.currentSize > 0) {
            await this.rotate(bytes);
        }
        await this.handle!.appendFile(data, 'utf8');
        this.currentSize += bytes;
    }

    /**
     * Closes the active file and starts a new one. Before that, the oldest files go until the closed files
     * plus the room the new file may take (a file's size, or this write if it is larger) fit in the total cap:
     * the active file counts in the budget, so the store never grows past the cap.
     */
    protected async rotate(nextWriteBytes = 0): Promise<void> {
        if (this.handle) {
            await this.handle.close().catch(() => undefined);
            this.handle = undefined;
        }
        this.currentFile = undefined;
        await this.enforceTotalCap(Math.max(this.options.maxFileBytes, nextWriteBytes));
        const name = `reports-${String(Date.now()).padStart(13, '0')}-${String(this.fileCounter++ % 1000000).padStart(6, '0')}.ndjson`;
        this.currentFile = name;
        this.handle = await fs.promises.open(path.join(this.options.dir, name), 'a', 0o600);
        this.currentSize = 0;
    }

    protected async listFiles(): Promise<string[]> {
        const names = await fs.promises.readdir(this.options.dir).catch(() => [] as string[]);
        return names.filter(n => FILE_PATTERN.test(n)).sort();
    }

    /** Deletes the oldest files (never the active one) until all files plus `reserve` bytes fit in the cap. */
    protected async enforceTotalCap(reserve = 0): Promise<void> {
        const files = await this.listFiles();
        const sizes = await Promise.all(files.map(f => fs.promises.stat(path.join(this.options.dir, f)).then(s => s.size, () => 0)));
        let total = sizes.reduce((a, b) => a + b, 0) + reserve;
        for (let i = 0; i < files.length && total > this.options.maxTotalBytes; i++) {
            if (files[i] === this.currentFile) {
                continue;
            }
            await fs.promises.unlink(path.join(this.options.dir, files[i])).catch(() => undefined);
            total -= sizes[i];
        }
    }

    /** Records received after `since` (ms since epoch, exclusive), oldest first, at most `limit`. */
    async read(since: number, limit: number): Promise<ReadResult> {
        await this.init();
        await this.flushed();
        const out: StoredReportRecord[] = [];
        let more = false;
        outer: for (const file of await this.listFiles()) {
            const text = await fs.promises.readFile(path.join(this.options.dir, file), 'utf8').catch(() => '');
            for (const line of completeLines(text)) {
                let record: StoredReportRecord;
                try {
                    record = JSON.parse(line);
                } catch {
                    continue;
                }
                if (typeof record?.receivedAt !== 'number' || record.receivedAt <= since) {
                    continue;
                }
                if (out.length >= limit) {
                    // Never split records of one receive time across pages: `since` is exclusive.
                    if (record.receivedAt === out[out.length - 1].receivedAt) {
                        const cut = out.findIndex(r => r.receivedAt === record.receivedAt);
                        if (cut > 0) {
                            out.length = cut;
                        } else {
                            out.push(record);
                            continue;
                        }
                    }
                    more = true;
                    break outer;
                }
                out.push(record);
            }
        }
        return { records: out, next: more && out.length ? out[out.length - 1].receivedAt : undefined };
    }

    protected async flushed(): Promise<void> {
        while (this.writing || this.pending.length) {
            await new Promise(resolve => setTimeout(resolve, 5));
        }
    }

    async close(): Promise<void> {
        await this.flushed();
        await this.handle?.close().catch(() => undefined);
        this.handle = undefined;
    }
}
