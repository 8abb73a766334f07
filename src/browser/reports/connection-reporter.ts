// *****************************************************************************
// Follows the ConnectionMonitor and reports what it sees to the backend: events as they happen,
// a summary every `sessionHealth.reports.summaryInterval` seconds. Delivery is at least once:
// records wait in a localStorage queue until the backend acknowledged them (RPC while connected,
// fetch keepalive on page hide); the backend stores each record id once. Pure helpers: report-delivery.ts.
// *****************************************************************************

import { inject, injectable, postConstruct } from '@theia/core/shared/inversify';
import { Disposable, DisposableCollection } from '@theia/core/lib/common/disposable';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { FrontendIdProvider } from '@theia/core/lib/browser/messaging/frontend-id-provider';
import { ConnectionSnapshot } from '../connection/state/connection-snapshot';
import { ReportRecorder } from './report-recorder';
import { MAX_BEACON_BYTES, MAX_RECORDS_PER_BATCH, ReportRecord, ReportsService } from '../../common/reports/reports-protocol';
import { ReportsPreferences, REPORTS_SUMMARY_INTERVAL, summaryIntervalMs } from './reports-preferences';
import { ConnectionMonitor } from '../connection/monitor/connection-monitor';
import { ReportQueue } from './report-queue';
import { utf8Length } from '../../common/text/utf8';
import { fromBackend, newRecordId, reportsUrl, sanitize, storage, withTimeout } from './report-delivery';

const RPC_TIMEOUT_MS = 10000;
const RETRY_MS = 2000;
const RPC_BATCH_BYTES = MAX_BEACON_BYTES;
const MAX_PRODUCED_IDS = 20000;

/** For tests and support: what this tab produced and what still waits (`window.__sessionHealthReports`). */
export interface ReportsDebugView {
    tabId: string;
    produced: string[];
    queued(): number;
    flush(): Promise<void>;
    summaryNow(): void;
}

@injectable()
export class ConnectionReporter implements FrontendApplicationContribution, Disposable {
    @inject(ConnectionMonitor) protected readonly monitor: ConnectionMonitor;
    @inject(ReportsService) protected readonly service: ReportsService;
    @inject(FrontendIdProvider) protected readonly frontendIdProvider: FrontendIdProvider;
    @inject(ReportsPreferences) protected readonly preferences: ReportsPreferences;

    protected recorder: ReportRecorder;
    protected queue: ReportQueue;
    protected readonly toDispose = new DisposableCollection();
    protected summaryTimer: number | undefined;
    protected retryTimer: number | undefined;
    protected sending = false;
    protected connected = false;
    protected readonly produced: string[] = [];
    protected tabId: string;

    @postConstruct()
    protected init(): void {
        const tabId = this.tabId = this.frontendIdProvider.getId();
        this.queue = new ReportQueue(storage('localStorage'), storage('sessionStorage'), newRecordId);
        this.recorder = new ReportRecorder({ tabId, newId: newRecordId });
        this.recorder.resumeSequence(this.queue.lastSeq);
        this.toDispose.push(this.monitor.onDidChange(snapshot => this.onChange(snapshot)));
        this.onChange(this.monitor.snapshot());
        this.preferences.ready.then(() => this.scheduleSummary());
        this.toDispose.push(this.preferences.onPreferenceChanged(e => e.preferenceName === REPORTS_SUMMARY_INTERVAL && this.scheduleSummary()));
        const onPageHide = () => this.sendWithKeepalive();
        window.addEventListener('pagehide', onPageHide);
        this.toDispose.push(Disposable.create(() => window.removeEventListener('pagehide', onPageHide)));
        const view: ReportsDebugView = {
            tabId, produced: this.produced, queued: () => this.queue.length,
            flush: () => this.flush(), summaryNow: () => this.summarize()
        };
        (window as unknown as { __sessionHealthReports: ReportsDebugView }).__sessionHealthReports = view;
    }

    /** The state of this tab's report queue (the support bundle reads it). */
    queueState(): { tabId: string; queued: number; queuedBytes: number; lastSeq: number; sending: boolean; connected: boolean } {
        return { tabId: this.tabId, queued: this.queue.length, queuedBytes: this.queue.byteSize, lastSeq: this.queue.lastSeq, sending: this.sending, connected: this.connected };
    }

    onStop(): void {
        this.sendWithKeepalive();
        this.dispose();
    }

    dispose(): void {
        window.clearInterval(this.summaryTimer);
        window.clearTimeout(this.retryTimer);
        this.toDispose.dispose();
    }

    protected scheduleSummary(): void {
        window.clearInterval(this.summaryTimer);
        this.summaryTimer = window.setInterval(() => this.summarize(), summaryIntervalMs(this.preferences[REPORTS_SUMMARY_INTERVAL]));
    }

    protected summarize(): void {
        const record = this.recorder.summary(this.monitor.snapshot(), Date.now(), {
            visibility: document.visibilityState, dropped: this.queue.takeDropped(), queued: this.queue.length
        });
        this.enqueue([record]);
    }

    protected onChange(snapshot: ConnectionSnapshot): void {
        this.connected = snapshot.socketOpen && (snapshot.state === 'connected' || snapshot.state === 'polling' || snapshot.state === 'degraded');
        const records = this.recorder.update(snapshot, Date.now());
        for (const change of this.recorder.takeAmendments()) {
            this.queue.amend(change.id, change.fields);
        }
        if (records.length) {
            this.enqueue(records);
        } else if (this.connected && this.queue.length && !this.sending) {
            this.flush();
        }
    }

    protected enqueue(records: ReportRecord[]): void {
        for (const record of records) {
            if (this.produced.length < MAX_PRODUCED_IDS) {
                this.produced.push(record.id);
            }
        }
        this.queue.lastSeq = this.recorder.sequence;
        this.queue.push(records);
        this.flush();
    }

    /**
     * Sends queued records while connected: this tab's over RPC (the backend binds an RPC connection to one tab),
     * records of other tabs (queues of closed tabs, earlier loads of this page) over HTTP. What fails stays queued
     * for the next try; a batch the backend refuses as invalid over HTTP (400, 413) is dropped.
     */
    async flush(): Promise<void> {
        if (this.sending || !this.connected) {
            return;
        }
        this.sending = true;
        try {
            const own = (r: ReportRecord) => r.tabId === this.tabId;
            const others = (r: ReportRecord) => r.tabId !== this.tabId;
            while (this.connected && this.queue.length) {
                const mine = this.nextBatch(own);
                if (mine.length) {
                    await withTimeout(this.service.submit({ records: mine.map(sanitize) }), RPC_TIMEOUT_MS);
                    this.queue.remove(mine.map(r => r.id));
                    continue;
                }
                const theirs = this.nextBatch(others);
                if (theirs.length) {
                    const status = await withTimeout(this.post(theirs.map(sanitize)), RPC_TIMEOUT_MS);
                    if (status !== 200 && status !== 400 && status !== 413) {
                        throw new Error(`HTTP ${status}`);
                    }
                    this.queue.remove(theirs.map(r => r.id));
                }
            }
        } catch {
            window.clearTimeout(this.retryTimer);
            this.retryTimer = window.setTimeout(() => this.flush(), RETRY_MS);
        } finally {
            this.sending = false;
        }
    }

    /** The next batch of the records `which` selects; a single record larger than a batch is dropped (cannot happen with validated fields). */
    protected nextBatch(which: (record: ReportRecord) => boolean): ReportRecord[] {
        for (;;) {
            const batch = this.queue.peek(MAX_RECORDS_PER_BATCH, RPC_BATCH_BYTES, which);
            const first = batch.length ? undefined : this.queue.peek(1, Number.MAX_SAFE_INTEGER, which)[0];
            if (!first) {
                return batch;
            }
            this.queue.remove([first.id]);
        }
    }

    protected async post(records: ReportRecord[]): Promise<number> {
        const response = await fetch(reportsUrl(), {
            method: 'POST', credentials: 'same-origin', redirect: 'manual', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ records })
        });
        await response.arrayBuffer().catch(() => undefined);
        return fromBackend(response) ? response.status : 0;
    }

    /** Page hide: pending records go by fetch keepalive, <= 60 KiB per request (the browser allows 64 KiB in flight). */
    protected sendWithKeepalive(): void {
        let budget = 64 * 1024;
        const pending = this.queue.peek(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
        let start = 0;
        while (start < pending.length) {
            const chunk: ReportRecord[] = [];
            let body = '';
            for (let i = start; i < pending.length && chunk.length < MAX_RECORDS_PER_BATCH; i++) {
                const next = JSON.stringify({ records: [...chunk, sanitize(pending[i])] });
                if (utf8Length(next) > MAX_BEACON_BYTES) {
                    break;
                }
                chunk.push(sanitize(pending[i]));
                body = next;
            }
            const bytes = utf8Length(body);
            if (!chunk.length || bytes > budget) {
                break;
            }
            budget -= bytes;
            start += chunk.length;
            const ids = chunk.map(r => r.id);
            try {
                fetch(reportsUrl(), {
                    method: 'POST', keepalive: true, credentials: 'same-origin', redirect: 'manual',
                    headers: { 'Content-Type': 'application/json' }, body
                }).then(response => response.ok && fromBackend(response) && this.queue.remove(ids), () => undefined);
            } catch {
                break;
            }
        }
    }
}
