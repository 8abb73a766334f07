// *****************************************************************************
// AUTH_REQUIRED: an authenticating proxy in front of the IDE (oauth2-proxy, ingress-nginx `auth-url` /
// `auth-signin`, Theia Cloud) answers instead of Theia: a redirect to a sign-in page, 401/407, or a sign-in page
// with status 200 where the engine.io handshake was expected. Theia's own 403 (connection token) is not this.
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';
import { parseOpenPacket } from './engine-io-packets';
import { HandshakeObservation, HttpObservation, ProbeObservations, WebSocketObservation } from './probe-observations';

/** What Theia's generated index.html contains (`theia build`): its preload element. */
const THEIA_INDEX_MARKUP = /class="theia-preload"/;

/** 401 Unauthorized, 407 Proxy Authentication Required. */
const AUTH_STATUSES = [401, 407];

function pathOf(url: string): string | undefined {
    try {
        return new URL(url).pathname.replace(/\/+$/, '');
    } catch {
        return undefined;
    }
}

/**
 * Whether the answer came after a redirect to another path (a sign-in page; the hops are in the request's evidence).
 * A redirect to the same path (http -> https, a trailing slash) is not a sign-in.
 */
function signInRedirect(o: HttpObservation): boolean {
    const from = pathOf(o.record.url);
    return !!o.redirects?.some(r => pathOf(r.location) !== from);
}

function isHtml(o: HttpObservation): boolean {
    return /text\/html|application\/xhtml/i.test(o.contentType ?? '') || /^\s*<(!doctype html|html)/i.test(o.body ?? '');
}

/** Why an HTTP answer comes from an authenticating proxy, or undefined. */
export function authRefusal(o: HttpObservation | undefined): string | undefined {
    if (!o || o.status === undefined) {
        return undefined;
    }
    if (signInRedirect(o)) {
        return nls.localize('theia-session-health/probe/auth.signInRedirect', 'redirected to a sign-in page');
    }
    if (AUTH_STATUSES.includes(o.status)) {
        return nls.localize('theia-session-health/probe/auth.refusedWith', 'refused with {0}', o.status);
    }
    return undefined;
}

/**
 * Why a polling handshake was answered by an authenticating proxy: as {@link authRefusal}, or a 200 HTML page where
 * engine.io's open packet belongs, unless that page is the IDE's own (a proxy serving the IDE page for every path
 * is a routing fault, SOCKETIO_NOT_ROUTED).
 */
export function handshakeAuthRefusal(h: HandshakeObservation, page: ProbeObservations['page']): string | undefined {
    if (h.info) {
        return undefined;
    }
    const refusal = authRefusal(h);
    if (refusal) {
        return refusal;
    }
    // The IDE's page: Theia set its token cookie with it, or (in a browser, where that cookie is invisible) it carries
    // the markup of Theia's generated index.html.
    const theiaPage = page?.tokenCookie === true || (page?.tokenCookie === undefined && THEIA_INDEX_MARKUP.test(page?.body ?? ''));
    const idePage = !!page && theiaPage && page.body === h.body && !authRefusal(page);
    if (h.status === 200 && !parseOpenPacket(h.body ?? '') && isHtml(h) && !idePage) {
        return 'answered 200 with an HTML page instead of the engine.io handshake';
    }
    return undefined;
}

/** A WebSocket refused with 401/407 or a redirect (the Node runtime sees the status). */
export function webSocketAuthRefusal(w: WebSocketObservation | undefined): string | undefined {
    const status = w?.status;
    return !w || w.ok || status === undefined ? undefined
        : AUTH_STATUSES.includes(status) ? nls.localize('theia-session-health/probe/auth.refusedWith', 'refused with {0}', status)
            : status >= 300 && status < 400 ? nls.localize('theia-session-health/probe/auth.redirected', 'redirected ({0})', status) : undefined;
}

export interface AuthVerdict {
    /** The page or the handshake is behind the sign-in: nothing of the IDE can be judged. */
    blocksIde: boolean;
    /** /health or /ready is behind the sign-in. */
    healthBehindAuth: boolean;
    /** One line per request answered by the proxy. */
    evidence: string[];
}

/** Which requests an authenticating proxy answered; undefined when none was. */
export function authVerdict(obs: ProbeObservations, describe: (o: HttpObservation | WebSocketObservation) => string): AuthVerdict | undefined {
    const evidence: string[] = [];
    const note = (o: HttpObservation | WebSocketObservation | undefined, why: string | undefined) => {
        if (o && why) {
            evidence.push(`${describe(o)}: ${why}`);
        }
        return !!why;
    };
    const health = note(obs.health, authRefusal(obs.health));
    const ready = note(obs.ready, authRefusal(obs.ready));
    const page = note(obs.page, authRefusal(obs.page));
    const accepted = obs.handshakes.some(h => h.info);
    let handshake = false;
    for (const h of obs.handshakes.slice(0, 3)) {
        handshake = note(h, handshakeAuthRefusal(h, obs.page)) || handshake;
    }
    for (const w of [obs.upgrade, ...(obs.wsOnly ?? [])]) {
        note(w, webSocketAuthRefusal(w));
    }
    if (!evidence.length) {
        return undefined;
    }
    return { blocksIde: page || (handshake && !accepted), healthBehindAuth: health || ready, evidence };
}
