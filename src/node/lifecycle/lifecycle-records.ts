// *****************************************************************************
// The lifecycle ledger's format (`lifecycle.jsonl`, next to the marker ledger in the check directory): one JSON
// line per backend start and per planned stop. A separate file, so the marker ledger (`markers.jsonl`) keeps its
// format and counts. Each record names the check directory it was written in (inode and birth time or device):
// records of another directory (a copy, a replaced volume) are told apart. Pure, no I/O.
// *****************************************************************************

import { STOP_CAUSES, StopCause } from '../../common/lifecycle/lifecycle-protocol';

export const LIFECYCLE_FILE_NAME = 'lifecycle.jsonl';
/** Records kept when the file is rewritten at start (the newest). */
export const LIFECYCLE_MAX_RECORDS = 100;

export interface LifecycleRecord {
    kind: 'start' | 'stop';
    instanceId: string;
    hostname: string;
    instanceStartedAt: string;
    /** When the record was written (ISO 8601). */
    time: string;
    /** The check directory that holds the record: `<inode>:b<birth ns>` or `<inode>:d<device>`. */
    dir: string;
    /** Stop records: why, and the drain period the backend announced. */
    cause?: StopCause;
    drainSeconds?: number;
}

/** Backends write random UUIDs (BackendInstanceProvider); any other id was not written by one. */
const INSTANCE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isInstanceId(id: string): boolean {
    return INSTANCE_ID.test(id);
}

export function directoryKey(stamp: { ino: bigint; dev: bigint; birthtimeNs: bigint }): string {
    return stamp.birthtimeNs !== 0n ? `${stamp.ino}:b${stamp.birthtimeNs}` : `${stamp.ino}:d${stamp.dev}`;
}

function isRecord(v: unknown): v is LifecycleRecord {
    const r = v as Partial<LifecycleRecord> | null;
    return typeof r === 'object' && r !== null && (r.kind === 'start' || r.kind === 'stop')
        && typeof r.instanceId === 'string' && r.instanceId.length <= 256 && typeof r.hostname === 'string' && typeof r.instanceStartedAt === 'string'
        && typeof r.time === 'string' && !Number.isNaN(Date.parse(r.time)) && typeof r.dir === 'string'
        && (r.kind === 'start' || (STOP_CAUSES.includes(r.cause as StopCause) && typeof r.drainSeconds === 'number'));
}

/** Parses the JSON lines; a torn or foreign line is skipped. */
export function parseLifecycle(text: string): LifecycleRecord[] {
    const out: LifecycleRecord[] = [];
    for (const line of text.split('\n')) {
        if (!line.trim()) {
            continue;
        }
        try {
            const v = JSON.parse(line);
            if (isRecord(v)) {
                out.push(v);
            }
        } catch {
            // torn line
        }
    }
    return out;
}

export function lifecycleLine(r: LifecycleRecord): string {
    return JSON.stringify({
        kind: r.kind, instanceId: r.instanceId, hostname: r.hostname, instanceStartedAt: r.instanceStartedAt, time: r.time, dir: r.dir,
        ...(r.kind === 'stop' ? { cause: r.cause, drainSeconds: r.drainSeconds } : {})
    }) + '\n';
}
