// *****************************************************************************
// Follows the ConnectionMonitor and reports what it sees to the backend: events as they happen,
// a summary every `sessionHealth.reports.summaryInterval` seconds. Delivery is at least once:
// records wait in a localStorage queue until the backend acknowledged them (RPC while connected,
// fetch keepalive on page hide); the backend stores each record id once.
// *****************************************************************************

import { inject, injectable, postConstruct } from '@theia/core/shared/inversify';
import { Disposable, DisposableCollection } from '@theia/core/lib/common/disposable';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { FrontendIdProvider } from '@theia/core/lib/browser/messaging/frontend-id-provider';
import { ConnectionSnapshot } from '../connection/connection-state';
import { ReportRecorder } from './report-recorder';
import { MAX_BEACON_BYTES, MAX_RECORDS_PER_BATCH, REPORTS_ROUTE, ReportRecord, ReportsService } from '../../common/reports/reports-protocol';
import { ReportsPreferences, REPORTS_SUMMARY_INTERVAL, summaryIntervalMs } from './reports-preferences';
import { ConnectionMonitor } from '../connection/connection-monitor';
import { ReportQueue } from './report-queue';

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

export function newRecordId(): string {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
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

    @postConstruct()
    protected init(): void {
        const tabId = this.frontendIdProvider.getId();
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

    /** Sends queued records over RPC while connected; what fails stays queued for the next try. */
    async flush(): Promise<void> {
        if (this.sending || !this.connected) {
            return;
        }
        this.sending = true;
        try {
            while (this.connected && this.queue.length) {
                const batch = this.queue.peek(MAX_RECORDS_PER_BATCH, RPC_BATCH_BYTES);
                if (!batch.length) {
                    // A single record larger than a batch cannot be sent: drop it (it cannot happen with validated fields).
                    this.queue.remove([this.queue.peek(1, Number.MAX_SAFE_INTEGER)[0].id]);
                    continue;
                }
                await withTimeout(this.service.submit({ records: batch }), RPC_TIMEOUT_MS);
                this.queue.remove(batch.map(r => r.id));
            }
        } catch {
            window.clearTimeout(this.retryTimer);
            this.retryTimer = window.setTimeout(() => this.flush(), RETRY_MS);
        } finally {
            this.sending = false;
        }
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
                const next = JSON.stringify({ records: [...chunk, pending[i]] });
                if (next.length > MAX_BEACON_BYTES) {
                    break;
                }
                chunk.push(pending[i]);
                body = next;
            }
            if (!chunk.length || body.length > budget) {
                break;
            }
            budget -= body.length;
            start += chunk.length;
            const ids = chunk.map(r => r.id);
            try {
                fetch(new URL(REPORTS_ROUTE.replace(/^\//, ''), document.baseURI).toString(), {
                    method: 'POST', keepalive: true, credentials: 'same-origin',
                    headers: { 'Content-Type': 'application/json' }, body
                }).then(response => response.ok && this.queue.remove(ids), () => undefined);
            } catch {
                break;
            }
        }
    }
}

function storage(name: 'localStorage' | 'sessionStorage'): Storage | undefined {
    try {
        return window[name];
    } catch {
        return undefined;
    }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
        const timer = window.setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
        promise.then(value => { window.clearTimeout(timer); resolve(value); }, error => { window.clearTimeout(timer); reject(error); });
    });
}
