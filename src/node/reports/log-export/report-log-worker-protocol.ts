// *****************************************************************************
// What the backend and the log export worker thread say to each other, and where the worker's code comes from
// (a bundled string after `npm run compile`, the TypeScript entry under ts-node). Type-only for the worker.
// *****************************************************************************

import * as path from 'path';

export interface LogWorkerData {
    instanceId?: string;
    /** The nice increment the worker applies to its own thread (0: none). */
    nice: number;
}

/** Main thread to worker: stored lines (one message every POST_EVERY_MS or POST_AT_LINES), and flush / shutdown requests. */
export type LogWorkerRequest = { kind: 'records'; lines: string[] } | { kind: 'flush' | 'shutdown'; id: number };
/** Worker to main thread: what it took into its buffer, exported and dropped since its last report. */
export interface LogWorkerCounts { kind: 'counts'; taken: number; exported: number; queue_full: number; export_failed: number }
export type LogWorkerReply = LogWorkerCounts | { kind: 'done'; id: number };

/** The worker's code: the bundled string next to the compiled module, or (ts-node) a loader of the TypeScript entry. */
export function logWorkerCode(): string | undefined {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const code: unknown = require('./report-log-worker-source');
        if (typeof code === 'string' && code) {
            return code;
        }
    } catch {
        // not compiled by `npm run compile` (ts-node): below
    }
    if (__filename.endsWith('.ts')) {
        return `require('ts-node').register({ transpileOnly: true });\nrequire(${JSON.stringify(path.join(__dirname, 'report-log-worker-main.ts'))});\n`;
    }
    return undefined;
}
