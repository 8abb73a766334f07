// *****************************************************************************
// The OTLP log export worker thread (started by report-log-worker.ts): the whole export pipeline of
// report-log-export.ts (SDK LoggerProvider, BatchLogRecordProcessor, OTLP/HTTP exporter with its retries, our JSON
// serializer) runs here, off the backend's event loop. It gets the stored NDJSON lines, one message every 10 ms at
// most (or per 256 lines), parses them into the records the log records are made of, and reports back what it took,
// exported and dropped (at most once per turn of its own), and when a flush or shutdown has finished.
// Bundled with what it imports into one string by scripts/bundle-log-worker.ts: keep its imports free of Theia and
// inversify. First it lowers its own thread's priority (SESSION_HEALTH_LOG_EXPORT_NICE, thread-priority.ts).
// *****************************************************************************

import { parentPort, workerData } from 'worker_threads';
import type { ReportRecord } from '../../../common/reports/reports-protocol';
import { LogDropReason, LogExportCounters, ReportLogExport } from './report-log-export';
import type { LogWorkerCounts, LogWorkerData, LogWorkerReply, LogWorkerRequest } from './report-log-worker-protocol';
import { lowerThreadPriority } from './thread-priority';

const port = parentPort!;
const data = workerData as LogWorkerData;
if (data.nice > 0) {
    const lowered = lowerThreadPriority(data.nice);
    if ('problem' in lowered) {
        // A worker thread has no DI container and no ILogger: its console is the backend's stdout.
        // eslint-disable-next-line no-console
        console.warn(`session-health: the log export thread keeps the backend's priority (cannot lower it: ${lowered.problem})`);
    }
}
let counts: LogWorkerCounts = { kind: 'counts', taken: 0, exported: 0, queue_full: 0, export_failed: 0 };
let reportScheduled = false;

function reply(message: LogWorkerReply): void {
    port.postMessage(message);
}

/** Sends the counts gathered since the last report (now: before a `done`, so the main thread has them first). */
function reportNow(): void {
    if (counts.taken || counts.exported || counts.queue_full || counts.export_failed) {
        reply(counts);
        counts = { kind: 'counts', taken: 0, exported: 0, queue_full: 0, export_failed: 0 };
    }
}

function report(): void {
    if (!reportScheduled) {
        reportScheduled = true;
        setImmediate(() => {
            reportScheduled = false;
            reportNow();
        });
    }
}

const counters: LogExportCounters = {
    logRecordsExported: { inc: (value = 1) => { counts.exported += value; report(); } },
    logRecordsDropped: { inc: (labels: { reason: LogDropReason }, value = 1) => { counts[labels.reason] += value; report(); } }
};

const logExport = new ReportLogExport(counters, { instanceId: data.instanceId });

function finish(id: number, work: Promise<void>): void {
    work.catch(() => undefined).then(() => {
        reportNow();
        reply({ kind: 'done', id });
    });
}

port.on('message', (message: LogWorkerRequest) => {
    switch (message.kind) {
        case 'records': {
            const records: ReportRecord[] = [];
            const lines: string[] = [];
            for (const line of message.lines) {
                try {
                    records.push(JSON.parse(line) as ReportRecord);
                    lines.push(line);
                } catch {
                    counts.export_failed++; // the store wrote it: cannot happen, but never lose count
                }
            }
            logExport.emit(records, lines);
            counts.taken += message.lines.length;
            report();
            break;
        }
        case 'flush':
            finish(message.id, logExport.forceFlush());
            break;
        case 'shutdown':
            finish(message.id, logExport.shutdown());
            break;
    }
});
