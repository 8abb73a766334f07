// *****************************************************************************
// Engine.io / Socket.IO handshake errors, classified and explained in plain words (the explanation through nls:
// the connection item shows it; the error codes and messages stay as the server sends them).
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';

/** Engine.io's handshake error codes (engine.io 6, Server.errorMessages). */
export const ENGINE_IO_ERROR_CODES: Readonly<Record<number, string>> = {
    0: 'Transport unknown',
    1: 'Session ID unknown',
    2: 'Bad handshake method',
    3: 'Bad request',
    4: 'Forbidden',
    5: 'Unsupported protocol version'
};

export interface HandshakeError {
    /** Engine.io error code when the server sent one. */
    code?: number;
    /** HTTP status of the failed request, when known. */
    status?: number;
    /** Message as Socket.IO or the server reported it. */
    message: string;
    /** A sentence for people. */
    explanation: string;
}

export interface RawConnectError {
    message?: string;
    /** engine.io-client TransportError: the HTTP status (polling) or an event (websocket). */
    description?: unknown;
    /** Response body of the failed polling request, when readable. */
    responseText?: string;
}

export function explainEngineIoCode(code: number | undefined, status?: number): string {
    switch (code) {
        case 0: return nls.localize('theia-session-health/connection/engineIo.transport', 'The server does not accept the requested transport.');
        case 1: return nls.localize('theia-session-health/connection/engineIo.sessionUnknown', 'The server does not know this session (HTTP 400 "Session ID unknown"): the backend restarted, '
            + 'or the request reached another replica because the load balancer has no session affinity.');
        case 2: return nls.localize('theia-session-health/connection/engineIo.handshakeMethod', 'The server refused the handshake method (engine.io code 2).');
        case 3: return nls.localize('theia-session-health/connection/engineIo.badRequest', 'The server refused the request as malformed (engine.io code 3); a proxy may be rewriting it.');
        case 4: return nls.localize('theia-session-health/connection/engineIo.forbidden', 'The server refused the connection token (HTTP 403): the backend restarted since this page was loaded, '
            + 'or the request reached another replica.');
        case 5: return nls.localize('theia-session-health/connection/engineIo.protocolVersion', 'The server speaks another Socket.IO protocol version (engine.io code 5).');
    }
    if (status === 502 || status === 503 || status === 504) {
        return nls.localize('theia-session-health/connection/engineIo.proxyDown', 'A proxy or load balancer answered HTTP {0}: the backend is down or not ready.', status);
    }
    if (status !== undefined && status >= 400) {
        return nls.localize('theia-session-health/connection/engineIo.httpStatus', 'The server answered HTTP {0} to the Socket.IO request.', status);
    }
    return nls.localize('theia-session-health/connection/engineIo.unreachable', 'The backend could not be reached.');
}

/** Turns what socket.io-client reports on `connect_error` into a classified error. */
export function classifyConnectError(raw: RawConnectError): HandshakeError {
    const status = typeof raw.description === 'number' ? raw.description : undefined;
    let code: number | undefined;
    let message = raw.message || 'connect error';
    if (raw.responseText) {
        try {
            const body = JSON.parse(raw.responseText);
            if (body && typeof body.code === 'number') {
                code = body.code;
                message = typeof body.message === 'string' ? body.message : ENGINE_IO_ERROR_CODES[body.code] ?? message;
            }
        } catch {
            // not an engine.io JSON error body
        }
    }
    if (code === undefined && status === 403) {
        code = 4;
        message = ENGINE_IO_ERROR_CODES[4];
    }
    return { code, status, message, explanation: explainEngineIoCode(code, status) };
}
