// *****************************************************************************
// The connection's contract between frontend and backend: the light heartbeat (a Socket.IO event with an ack)
// and the instance RPC.
// *****************************************************************************

export const HEARTBEAT_SERVICE_PATH = '/services/session-health';

/** HTTP route that serves the backend instance identity as JSON. */
export const INSTANCE_ROUTE = '/session-health/instance';

/**
 * Identity of one backend process. A new process (pod restart, another replica) has a new `id`.
 * Nothing in here is secret: it is served unauthenticated at {@link INSTANCE_ROUTE}.
 */
export interface BackendInstance {
    /** Random id, new for every backend process. */
    id: string;
    /** When this backend process started (ISO 8601). */
    startedAt: string;
    /** Host name of the machine or pod. */
    hostname: string;
    /** Version of the session-health extension running in this backend. */
    version: string;
}

export interface HeartbeatRequest {
    /** Theia's frontend id of the calling tab, used to look up the Socket.IO session the backend sees. */
    frontendId: string;
    /** Heartbeat sequence number, echoed back. */
    seq: number;
}

export interface HeartbeatReply {
    seq: number;
    /** Backend wall clock (ms since epoch) when the heartbeat was answered. */
    serverTime: number;
    instance: BackendInstance;
    /** The engine.io session id the backend has for this frontend (its own view, for cross-checking). */
    sid?: string;
    /** The transport the backend sees for that session. */
    transport?: string;
}

/**
 * The light heartbeat the browser sends: a Socket.IO event with an ack on Theia's own socket (the way Theia
 * sends its ConnectionManagementMessages), not an RPC. The request has no arguments; the ack carries
 * {@link HeartbeatAck}. About 25 bytes each way.
 */
export const HEARTBEAT_EVENT = 'sh:hb';

/** The backend's event loop since its previous answer to the same socket (whole milliseconds). */
export interface LoopDelay {
    /** Longest delay of the event loop (`perf_hooks.monitorEventLoopDelay` max). */
    maxMs: number;
    /** 99th percentile of those delays. */
    p99Ms: number;
    /** Time the loop was busy, not waiting for I/O (`performance.eventLoopUtilization` active). */
    busyMs: number;
}

/** What the tab does not have yet: sent in the first ack on a socket and when it changes, else absent. */
export interface HeartbeatNews {
    sid?: string;
    transport?: string;
    instance?: BackendInstance;
}

/** The ack's arguments: `[maxMs, p99Ms, busyMs]`, plus {@link HeartbeatNews} when something changed. */
export type HeartbeatAck = [number, number, number] | [number, number, number, HeartbeatNews];

export function encodeHeartbeatAck(delay: LoopDelay, news: HeartbeatNews): HeartbeatAck {
    const numbers: [number, number, number] = [Math.round(delay.maxMs), Math.round(delay.p99Ms), Math.round(delay.busyMs)];
    return Object.keys(news).length ? [...numbers, news] : numbers;
}

function ms(value: unknown): number | undefined {
    return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function text(value: unknown): string | undefined {
    return typeof value === 'string' && value.length <= 256 ? value : undefined;
}

/** Reads an ack; anything malformed is dropped field by field. */
export function decodeHeartbeatAck(args: readonly unknown[]): { loopDelay?: LoopDelay; news: HeartbeatNews } {
    const [maxMs, p99Ms, busyMs] = [ms(args[0]), ms(args[1]), ms(args[2])];
    const loopDelay = maxMs !== undefined && p99Ms !== undefined ? { maxMs, p99Ms, busyMs: busyMs ?? 0 } : undefined;
    const raw = args[3];
    const news: HeartbeatNews = {};
    if (typeof raw === 'object' && raw !== null) {
        const { sid, transport, instance } = raw as Record<string, unknown>;
        news.sid = text(sid);
        news.transport = text(transport);
        const i = instance as Record<string, unknown> | undefined;
        if (i && text(i.id) && text(i.startedAt) !== undefined && text(i.hostname) !== undefined && text(i.version) !== undefined) {
            news.instance = { id: i.id as string, startedAt: i.startedAt as string, hostname: i.hostname as string, version: i.version as string };
        }
    }
    return { loopDelay, news };
}

export const HeartbeatService = Symbol('HeartbeatService');
export interface HeartbeatService {
    /**
     * The monitor does not call this (it sends HEARTBEAT_EVENT). It stays because it is the one way to ask, over
     * Theia's real RPC, what sid the backend holds for a given tab: the integration tests prove the per-connection
     * scoping (another tab's frontend id gets no sid) and the drain through it.
     */
    heartbeat(request: HeartbeatRequest): Promise<HeartbeatReply>;
    /** The recovery's quick "is this backend answering RPC" check after a reconnect. */
    getInstance(): Promise<BackendInstance>;
}
