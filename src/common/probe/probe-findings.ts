// *****************************************************************************
// Pure findings logic: observations in, findings with codes, evidence and remediation out. Titles and fixes go
// through nls (the IDE shows them in its display language, the CLI prints English); codes and evidence stay as observed.
// *****************************************************************************

import { INSTANCE_HEADER } from '../health/health-protocol';
import { HttpObservation, ProbeObservations, WebSocketObservation } from './probe-observations';
import { hiddenSid, ProbeFinding, ProbeFindingCode, ProbeRequestRecord, ProbeSeverity } from './probe-protocol';
import { remediationFor } from './probe-remediations';
import { nls } from '@theia/core/lib/common/nls';
import { authRefusal, authVerdict } from './probe-auth';

/** One line of evidence for a request: `GET /socket.io/?... -> 400 {"code":1,...} (3 ms) [instance abc]`. */
export function describeRequest(r: ProbeRequestRecord): string {
    let path = r.url;
    try {
        const u = new URL(r.url);
        path = u.pathname + u.search;
    } catch { /* keep the raw URL */ }
    const outcome = r.status !== undefined ? `${r.status}${r.body ? ' ' + JSON.stringify(r.body.length > 80 ? r.body.slice(0, 80) + '…' : r.body) : ''}` : 'no answer';
    const instance = r.headers?.[INSTANCE_HEADER.toLowerCase()];
    const redirects = r.redirects?.length ? ` (after ${r.redirects.join(', ')})` : '';
    return `${r.method} ${path} -> ${outcome}${redirects}${r.error ? ` (${r.error})` : ''} (${r.ms} ms)${instance ? ` [instance ${instance}]` : ''}`;
}

function finding(code: Exclude<ProbeFindingCode, 'OK'>, severity: ProbeSeverity, title: string, evidence: string[]): ProbeFinding {
    return { code, severity, title, evidence, remediation: remediationFor(code) };
}

function transportFailure(o: HttpObservation | undefined): boolean {
    return !!o && o.status === undefined;
}

export function analyzeProbe(obs: ProbeObservations): ProbeFinding[] {
    const findings: ProbeFinding[] = [];
    const page = obs.page;

    // Reachability first: nothing else can be judged without the page.
    const httpObs = [obs.health, obs.ready, page].filter((o): o is HttpObservation => !!o);
    const tls = httpObs.find(o => o.errorKind === 'tls');
    if (tls && (!page || page.status === undefined)) {
        return [finding('TLS_ERROR', 'error', nls.localize('theia-session-health/probe/finding.tlsError', 'TLS handshake with the IDE failed'), httpObs.map(o => describeRequest(o.record)))];
    }
    if (!page || transportFailure(page) || [502, 503, 504].includes(page.status!)) {
        const title = page?.status !== undefined
            ? nls.localize('theia-session-health/probe/finding.unreachableProxy', 'The IDE is unreachable: the proxy answers {0}: no backend behind it is up', page.status)
            : nls.localize('theia-session-health/probe/finding.unreachableNoAnswer', 'The IDE is unreachable: no answer ({0})', page?.record.error ?? nls.localize('theia-session-health/probe/finding.notRequested', 'not requested'));
        return [finding('UNREACHABLE', 'error', title, httpObs.map(o => describeRequest(o.record)))];
    }

    // An authenticating proxy answering for the page or the handshake: the sign-in is the layer, nothing behind it can be judged.
    const auth = authVerdict(obs, o => describeRequest(o.record));
    if (auth?.blocksIde) {
        return [finding('AUTH_REQUIRED', 'error', nls.localize('theia-session-health/probe/finding.authBlocks', 'An authenticating proxy answers instead of the IDE: the request needs a signed-in session (sign-in redirect, 401, or a sign-in page)'), auth.evidence)];
    }

    // Health and readiness.
    const health = obs.health;
    if (health && !authRefusal(health) && (health.status !== 200 || health.body?.trim() !== 'healthy')) {
        findings.push(finding('HEALTH_ENDPOINT_MISSING', 'warning',
            health.status === 200 ? nls.localize('theia-session-health/probe/finding.healthNotIde', '/health answers 200, but not from the IDE backend\'s health route')
                : health.status !== undefined ? nls.localize('theia-session-health/probe/finding.healthStatus', '/health answers {0}, not 200 "healthy"', health.status)
                    : nls.localize('theia-session-health/probe/finding.healthNoAnswer', '/health answers nothing, not 200 "healthy"'),
            [describeRequest(health.record), 'expected: 200 text/plain "healthy"']));
    }
    const ready = obs.ready;
    if (ready && ready.status === 503 && /^(draining|not ready)/.test(ready.body ?? '')) {
        findings.push(finding('NOT_READY', 'warning', `/ready: ${ready.body!.trim()}`, [describeRequest(ready.record)]));
    }

    // Handshake and token.
    const accepted = obs.handshakes.find(h => h.info);
    const refused = obs.handshakes.filter(h => !h.info);
    const tokenRefusals = refused.filter(h => h.status === 403);
    const pageInstance = page.instance;
    const handshakeInstances = obs.handshakes.map(h => h.instance).filter((i): i is string => !!i);
    const handshakeElsewhere = !!pageInstance && handshakeInstances.some(i => i !== pageInstance);
    if (tokenRefusals.length) {
        const why = page.tokenCookie === false ? nls.localize('theia-session-health/probe/finding.tokenNoCookie', 'the page set no theia-connection-token cookie (a proxy in between drops Set-Cookie, or the page is not served by Theia)')
            : tokenRefusals.some(h => h.instance && pageInstance && h.instance !== pageInstance) ? nls.localize('theia-session-health/probe/finding.tokenOtherBackend', 'the handshake reached another backend than the page that issued the token')
                : nls.localize('theia-session-health/probe/finding.tokenNotAccepted', 'the connection token was not accepted');
        findings.push(finding('TOKEN_REJECTED', 'error', nls.localize('theia-session-health/probe/finding.tokenRejected', 'Socket.IO handshake refused with 403: {0}', why), [
            describeRequest(page.record) + (page.tokenCookie === undefined ? '' : page.tokenCookie ? ' (token cookie set)' : ' (no token cookie)'),
            ...tokenRefusals.map(h => describeRequest(h.record)),
            ...(accepted ? [`accepted after retrying: ${describeRequest(accepted.record)}`] : [])
        ]));
    }

    // Socket.IO not there at all: no handshake ever, and no refusal came from engine.io.
    const notRouted = !accepted && refused.length > 0 && refused.every(h => h.errorCode === undefined && h.status !== undefined);
    if (notRouted) {
        findings.push(finding('SOCKETIO_NOT_ROUTED', 'error', nls.localize('theia-session-health/probe/finding.socketIoNotRouted', '{0} does not reach the IDE backend', new URL('socket.io/', obs.url).pathname), [
            ...refused.slice(0, 3).map(h => describeRequest(h.record)), 'expected: 200 with an engine.io open packet (0{"sid":...})'
        ]));
    }

    // Caching.
    const cachingEvidence: string[] = [];
    if (obs.fresh?.duplicates.length) {
        cachingEvidence.push(`the same sid was handed out more than once: ${[...new Set(obs.fresh.duplicates)].join(', ')} (fresh handshakes gave ${obs.fresh.sids.join(', ')})`);
    }
    if (obs.sticky?.cachedAnswers.length) {
        cachingEvidence.push(`${obs.sticky.cachedAnswers.length} follow-up request(s) got a handshake answer instead of their data:`,
            ...obs.sticky.cachedAnswers.slice(0, 3).map(describeRequest));
    }
    const cachedWs = [obs.upgrade, ...(obs.wsOnly ?? [])].filter((w): w is WebSocketObservation => !!w?.cached);
    if (cachedWs.length) {
        cachingEvidence.push(`${cachedWs.length} WebSocket upgrade request(s) got a cached handshake answer (200) instead of 101:`, describeRequest(cachedWs[0].record));
    }
    cachingEvidence.push(...[...new Set(obs.cacheHeaders)].slice(0, 5).map(h => `cache header: ${h}`));
    const caching = cachingEvidence.length > 0;
    if (caching) {
        findings.push(finding('PROXY_CACHING', 'error', nls.localize('theia-session-health/probe/finding.proxyCaching', 'A cache sits in front of Socket.IO'), cachingEvidence));
    }

    // Affinity: refused follow-ups, instance switches, handshakes on different instances.
    const sticky = obs.sticky;
    const affinityEvidence: string[] = [];
    if (sticky && !caching) {
        const lost = sticky.failures.filter(f => (f.status === 400 && f.code === 1) || (f.status === 403 && f.code === 4));
        if (lost.length) {
            affinityEvidence.push(`${lost.length} of the session's follow-up requests were refused (400 code 1 = "Session ID unknown": another backend; 403 code 4 = token of another backend):`,
                ...lost.slice(0, 4).map(f => describeRequest(f.record)));
        }
        if (sticky.instanceSwitches.length) {
            const to = [...new Set(sticky.instanceSwitches.map(s => s.to))];
            affinityEvidence.push(`${sticky.instanceSwitches.length} request(s) of the session were answered by another instance (${to.join(', ')}) than the handshake (${sticky.instanceSwitches[0].from})`);
        }
    }
    if (!caching && (handshakeElsewhere || new Set(handshakeInstances).size > 1)) {
        affinityEvidence.push(`the page came from instance ${pageInstance ?? '?'}, handshakes from ${[...new Set(handshakeInstances)].join(', ')}`);
    }
    if (affinityEvidence.length && obs.upgrade && !obs.upgrade.ok && !obs.upgrade.cached) {
        affinityEvidence.push(`the WebSocket upgrade of the session failed too: ${describeRequest(obs.upgrade.record)}`);
    }
    if (affinityEvidence.length) {
        findings.push(finding('NO_SESSION_AFFINITY', 'error', nls.localize('theia-session-health/probe/finding.noAffinity', 'Requests of one session reach different backends (no session affinity)'), affinityEvidence));
    }

    // WebSocket.
    const upgrade = obs.upgrade;
    const wsOnly = obs.wsOnly ?? [];
    const wsOnlyOk = wsOnly.some(w => w.ok);
    const wsEvidence = (w: WebSocketObservation) => describeRequest(w.record) + (w.noExchange ? ' (opened, but no engine.io answer)' : '');
    const upgradeLostSession = !!upgrade && !upgrade.ok && upgrade.code === 1;
    const originOnly = wsOnly.length > 0 && !wsOnlyOk && wsOnly.every(w => w.code === 4) && obs.wsOnlyWithoutOrigin?.ok === true;
    // In a browser a refused WebSocket shows no status: an upgrade that works next to a refused WebSocket-only
    // handshake means the proxy passes upgrades and the handshake check (Origin, or token) refuses it.
    const browserOrigin = !originOnly && obs.runner === 'browser' && upgrade?.ok === true && wsOnly.length > 0 && !wsOnlyOk
        && wsOnly.every(w => w.status === undefined && !w.cached && !w.noExchange);
    if (browserOrigin) {
        findings.push(finding('ORIGIN_REJECTED', 'warning', nls.localize('theia-session-health/probe/finding.originBrowser', 'WebSocket handshakes from this page are refused while upgrades work (Origin check: Host rewritten by the proxy?)'), [
            `upgrade of the polling session: ${wsEvidence(upgrade!)}`, ...wsOnly.map(w => `WebSocket-only handshake: ${wsEvidence(w)}`)
        ]));
    }
    // No WebSocket reached the Origin check (upgrades blocked): polling handshakes with the page's Origin were all
    // refused with 403 on a backend that accepts the same handshake without it.
    const acceptedInstances = obs.handshakes.filter(h => h.info).map(h => h.instance);
    const withOrigin = obs.pollingWithOrigin ?? [];
    const originViaPolling = !originOnly && !browserOrigin && !!accepted && withOrigin.length > 0
        && withOrigin.every(h => !h.info && h.status === 403 && (!h.instance || acceptedInstances.includes(h.instance)));
    if (originViaPolling) {
        findings.push(finding('ORIGIN_REJECTED', 'warning', nls.localize('theia-session-health/probe/finding.originPolling', 'Handshakes carrying the browser\'s Origin are refused (Host rewritten by the proxy?); WebSocket-only clients will be refused once upgrades get through'), [
            `without Origin: ${describeRequest(accepted!.record)}`, ...withOrigin.map(h => `with Origin: ${describeRequest(h.record)}`)
        ]));
    }
    if (originOnly) {
        findings.push(finding('ORIGIN_REJECTED', 'warning', nls.localize('theia-session-health/probe/finding.originWebSocket', 'WebSocket handshakes with the browser\'s Origin are refused (Host rewritten by the proxy?)'), [
            ...wsOnly.map(wsEvidence), `without Origin: ${wsEvidence(obs.wsOnlyWithoutOrigin!)}`
        ]));
    }
    // A failed upgrade next to a working WebSocket-only handshake is about the session (affinity), not the proxy.
    const upgradeBlocked = !!upgrade && !upgrade.ok && !upgrade.cached && !upgradeLostSession && upgrade.code !== 4 && !wsOnlyOk;
    const wsOnlyBlocked = wsOnly.length > 0 && !wsOnlyOk && !originOnly && !browserOrigin && upgrade?.ok !== true && !wsOnly.every(w => w.code === 4 || w.cached);
    if ((upgradeBlocked || wsOnlyBlocked) && !notRouted) {
        findings.push(finding('WEBSOCKET_UPGRADE_BLOCKED', 'error', nls.localize('theia-session-health/probe/finding.upgradeBlocked', 'The WebSocket upgrade does not get through: the IDE is stuck on HTTP long-polling'), [
            ...(upgrade ? [`upgrade of the polling session: ${wsEvidence(upgrade)}`] : []),
            ...wsOnly.map(w => `WebSocket-only handshake: ${wsEvidence(w)}`),
            ...(accepted && !accepted.info!.upgrades.includes('websocket') ? [`the handshake offered upgrades [${accepted.info!.upgrades.join(', ')}]`] : [])
        ]));
    }

    // Idle cut.
    const hold = obs.hold;
    if (hold && hold.cuts.length) {
        // The idle time before the cut is the proxy's timeout; the lifetime adds the time the reconnect took.
        const period = hold.idlePeriod ?? hold.period!;
        const hint = Math.abs(period - 30) <= 3 ? nls.localize('theia-session-health/probe/finding.idleHint30', ' (30 s: the Google Cloud load balancer default)')
            : Math.abs(period - 60) <= 4 ? nls.localize('theia-session-health/probe/finding.idleHint60', ' (60 s: nginx / ingress-nginx proxy-read-timeout or AWS ALB default)')
                : Math.abs(period - 100) <= 5 ? nls.localize('theia-session-health/probe/finding.idleHint100', ' (100 s: Cloudflare)') : '';
        const polling = hold.via === 'long-polling';
        findings.push(finding('IDLE_TIMEOUT_CUT', 'error', polling
            ? nls.localize('theia-session-health/probe/finding.idleCutPolling', 'Idle long-polling requests are cut after about {0} s{1}', period.toFixed(1), hint)
            : nls.localize('theia-session-health/probe/finding.idleCutWebSocket', 'Idle WebSockets are cut after about {0} s{1}', period.toFixed(1), hint), [
            `held an idle ${polling ? 'long-polling session' : 'WebSocket'} for ${hold.seconds} s, answering ${hold.pingsAnswered} server ping(s)`,
            ...(hold.via && hold.via !== 'websocket' ? [`held over the ${hold.via}, because: ${(hold.fallbacks ?? []).join('; ')}`] : []),
            `cut ${hold.cuts.length}× at ${hold.cuts.map(c => c.toFixed(1) + ' s').join(', ')} after the start`,
            `connection lifetimes: ${hold.lifetimes.map(l => l.toFixed(1) + ' s').join(', ')}; period ${hold.period!.toFixed(1)} s`,
            ...(hold.idleBeforeCut?.length ? [`idle before each cut: ${hold.idleBeforeCut.map(l => l.toFixed(1) + ' s').join(', ')}`] : [])
        ]));
    }

    if (auth) {
        findings.push(finding('AUTH_REQUIRED', 'warning', auth.healthBehindAuth
            ? nls.localize('theia-session-health/probe/finding.healthBehindAuth', '/health or /ready is behind the authenticating proxy (a load balancer health check through the ingress gets the sign-in)')
            : nls.localize('theia-session-health/probe/finding.authSome', 'An authenticating proxy refuses some of the IDE\'s requests'), auth.evidence));
    }

    if (!findings.length) {
        return [{ code: 'OK', severity: 'info', title: nls.localize('theia-session-health/probe/finding.ok', 'The connection path is healthy'), evidence: [
            `handshake ${accepted ? `sid ${hiddenSid(accepted.info!.sid)}, upgrades [${accepted.info!.upgrades.join(', ')}]` : 'not checked'}`,
            ...(sticky ? [`${sticky.rounds} follow-up round(s) on one instance`] : []),
            ...(upgrade ? [`WebSocket upgrade: ${describeRequest(upgrade.record)}`] : []),
            ...(hold ? [`idle WebSocket held ${hold.seconds} s without a cut`] : [])
        ] }];
    }
    return findings;
}
