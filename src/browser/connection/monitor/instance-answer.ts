// *****************************************************************************
// Who answers `GET /session-health/instance`: Theia (its JSON), an authenticating proxy (a redirect, 401/407, or a
// 200 that is a sign-in page instead of JSON), the platform's router with a 404 (the session's route is gone), or
// nobody. A refused reconnect alone cannot tell these apart: browsers hide a failed WebSocket's status, and a
// followed redirect looks like a parse error to engine.io.
// *****************************************************************************

import { Endpoint } from '@theia/core/lib/browser/endpoint';
import { BackendInstance, INSTANCE_ROUTE } from '../../../common/connection/heartbeat-protocol';

/** How a proxy refused: `redirect` (3xx to another path or origin), `unauthorized` (401/407), `sign-in-page` (200 HTML). */
export type AuthRefusal = 'redirect' | 'unauthorized' | 'sign-in-page';

export type InstanceAnswer =
    | { kind: 'theia'; instance: BackendInstance }
    | { kind: 'signed-out'; how: AuthRefusal; status: number }
    | { kind: 'route-gone'; status: 404 }
    | { kind: 'none'; status?: number };

/** A body larger than this is not an instance answer (a proxy's page can be large: only this much is read). */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** What a response says, given its status, content type and (capped) body. Pure. */
export function classifyInstanceResponse(status: number, contentType: string, body: string | undefined): InstanceAnswer {
    if (status === 401 || status === 407) {
        return { kind: 'signed-out', how: 'unauthorized', status };
    }
    if (status === 404) {
        return { kind: 'route-gone', status };
    }
    if (status >= 300 && status < 400) {
        return { kind: 'signed-out', how: 'redirect', status };
    }
    if (status !== 200) {
        return { kind: 'none', status };
    }
    const instance = parseInstance(body);
    if (instance) {
        return { kind: 'theia', instance };
    }
    // A 200 that is not Theia's JSON: a sign-in page (HTML) where the IDE's answer was expected.
    return /html/i.test(contentType) || /^\s*</.test(body ?? '') ? { kind: 'signed-out', how: 'sign-in-page', status } : { kind: 'none', status };
}

function parseInstance(body: string | undefined): BackendInstance | undefined {
    try {
        const parsed = body === undefined ? undefined : JSON.parse(body);
        return parsed && typeof parsed.id === 'string' ? parsed as BackendInstance : undefined;
    } catch {
        return undefined;
    }
}

/**
 * Asks the instance route once. Redirects are not followed (`manual`): a redirect to the sign-in page is the answer,
 * and one to another origin would otherwise look like a network error. The body is read up to MAX_ANSWER_BYTES.
 */
export async function askInstanceRoute(timeoutMs?: number): Promise<InstanceAnswer> {
    try {
        const url = new Endpoint({ path: INSTANCE_ROUTE }).getRestUrl().toString();
        const signal = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
        const response = await fetch(url, { cache: 'no-store', credentials: 'same-origin', redirect: 'manual', signal });
        if (response.type === 'opaqueredirect') {
            return { kind: 'signed-out', how: 'redirect', status: 302 };
        }
        const body = await readCapped(response, MAX_ANSWER_BYTES);
        return classifyInstanceResponse(response.status, response.headers.get('content-type') ?? '', body);
    } catch {
        return { kind: 'none' };
    }
}

/** The body as text, or undefined when it is larger than `max` bytes (the rest is not downloaded). */
async function readCapped(response: Response, max: number): Promise<string | undefined> {
    const reader = response.body?.getReader();
    if (!reader) {
        return undefined;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done) {
            break;
        }
        size += value.byteLength;
        if (size > max) {
            await reader.cancel().catch(() => undefined);
            return undefined;
        }
        chunks.push(value);
    }
    const all = new Uint8Array(size);
    let offset = 0;
    for (const c of chunks) {
        all.set(c, offset);
        offset += c.byteLength;
    }
    return new TextDecoder().decode(all);
}
