// *****************************************************************************
// The RPC contract between the session-health frontend and backend.
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

export const HeartbeatService = Symbol('HeartbeatService');
export interface HeartbeatService {
    heartbeat(request: HeartbeatRequest): Promise<HeartbeatReply>;
    getInstance(): Promise<BackendInstance>;
}
