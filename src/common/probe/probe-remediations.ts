// *****************************************************************************
// Remediation texts and configuration snippets per finding code. Kubernetes snippets are objects
// rendered as YAML from the values deploy/ uses (deployment-defaults), so they always parse; nginx and
// haproxy snippets take the same timeouts.
// *****************************************************************************

import {
    DRAIN_SECONDS, gkeBackendConfig, gkeService, haproxyTimeouts, IDE_CONTAINER_PORT, IDE_LABELS, IDE_NAME,
    ingressNginxAnnotations, nginxLocation, nginxTimeouts, podHealthSpec, renderYaml, serviceAffinitySpec, TERMINATION_GRACE_PERIOD_SECONDS
} from '../deployment/deployment-defaults';
import { DRAIN_SECONDS_ENV, HEALTH_ROUTE, READY_ROUTE } from '../health/health-protocol';
import { nls } from '@theia/core/lib/common/nls';
import { ProbeFindingCode, ProbeRemediation, ProbeRemediationSnippet } from './probe-protocol';

type Platform = ProbeRemediationSnippet['platform'];

function yaml(platform: Platform, title: string, ...docs: Parameters<typeof renderYaml>): ProbeRemediationSnippet {
    return { platform, title, config: renderYaml(...docs), format: 'yaml' };
}
function text(platform: Platform, title: string, config: string, format: 'nginx' | 'haproxy' | 'shell'): ProbeRemediationSnippet {
    return { platform, title, config, format };
}

const GKE_BACKEND_CONFIG = (title: string) => yaml('gke', title,
    { comment: 'BackendConfig: timeout (WebSocket lifetime; the default 30 s cuts every session), affinity, no CDN, health check', value: gkeBackendConfig() },
    { comment: 'Referenced from the Service, not only from the Ingress: otherwise it is silently not applied', value: gkeService() });
const INGRESS_NGINX = (title: string) => yaml('ingress-nginx', title, { metadata: { annotations: ingressNginxAnnotations() } });
const NGINX = () => text('nginx', nls.localize('theia-session-health/probe/snippet.nginxUpstream', 'nginx upstream with ip_hash'), `upstream theia {
    ip_hash;                      # or: hash $cookie_theia_route consistent; / sticky (nginx plus)
    server 10.0.0.11:${IDE_CONTAINER_PORT};
    server 10.0.0.12:${IDE_CONTAINER_PORT};
}
${nginxLocation()}
location = ${HEALTH_ROUTE} { proxy_pass http://theia; }
location = ${READY_ROUTE}  { proxy_pass http://theia; }`, 'nginx');
const HAPROXY = (title: string) => text('haproxy', title, `defaults
    mode http
    timeout connect 5s
${haproxyTimeouts().split('\n').map(l => '    ' + l).join('\n')}
backend theia
    balance roundrobin
    cookie THEIA_ROUTE insert indirect nocache
    option httpchk GET ${READY_ROUTE}
    server a 10.0.0.11:${IDE_CONTAINER_PORT} check cookie a
    server b 10.0.0.12:${IDE_CONTAINER_PORT} check cookie b`, 'haproxy');
const POD_HEALTH = (title: string) => yaml('kubernetes', title,
    { comment: `Merge into the IDE pod spec: terminationGracePeriodSeconds ${TERMINATION_GRACE_PERIOD_SECONDS} > ${DRAIN_SECONDS_ENV} ${DRAIN_SECONDS}`, value: podHealthSpec() });
const PREFIX_RULE = { path: '/', pathType: 'Prefix', backend: { service: { name: IDE_NAME, port: { number: 80 } } } };

const BUILDERS: Record<Exclude<ProbeFindingCode, 'OK'>, () => ProbeRemediation> = {
    NO_SESSION_AFFINITY: () => ({
        text: nls.localize('theia-session-health/probe/fix.noSessionAffinity', 'Requests of one Socket.IO session reach different backends. Every request of a session, and the page that set the connection token, must reach the same backend: turn on session affinity (client IP or a cookie) at every load-balancing layer.'),
        snippets: [
            GKE_BACKEND_CONFIG(nls.localize('theia-session-health/probe/snippet.gkeAffinity', 'BackendConfig with sessionAffinity, referenced from the Service')),
            INGRESS_NGINX(nls.localize('theia-session-health/probe/snippet.ingressAffinity', 'Ingress annotations: cookie affinity')),
            yaml('kubernetes', nls.localize('theia-session-health/probe/snippet.serviceAffinity', 'Service (kube-proxy, no ingress in front)'), serviceAffinitySpec()),
            NGINX(),
            HAPROXY(nls.localize('theia-session-health/probe/snippet.haproxyStickiness', 'haproxy cookie stickiness'))
        ]
    }),
    TOKEN_REJECTED: () => ({
        text: nls.localize('theia-session-health/probe/fix.tokenRejected', 'The Socket.IO handshake was refused with 403 (engine.io code 4): the theia-connection-token cookie from the page is missing or belongs to another backend process. Make the page and the handshake reach the same backend (session affinity), and make sure the proxy passes the Cookie and Set-Cookie headers. After a backend restart users must reload the page.'),
        snippets: [
            GKE_BACKEND_CONFIG(nls.localize('theia-session-health/probe/snippet.gkeAffinity', 'BackendConfig with sessionAffinity, referenced from the Service')),
            INGRESS_NGINX(nls.localize('theia-session-health/probe/snippet.ingressAffinity', 'Ingress annotations: cookie affinity')),
            { ...NGINX(), title: nls.localize('theia-session-health/probe/snippet.nginxCookies', 'nginx: affinity, cookies passed unchanged (no proxy_hide_header Set-Cookie)') },
            HAPROXY(nls.localize('theia-session-health/probe/snippet.haproxyStickiness', 'haproxy cookie stickiness'))
        ]
    }),
    WEBSOCKET_UPGRADE_BLOCKED: () => ({
        text: nls.localize('theia-session-health/probe/fix.websocketUpgradeBlocked', 'The WebSocket upgrade does not get through: the proxy does not forward the Upgrade and Connection headers (or speaks HTTP/1.0 to the backend). The IDE then stays on slow HTTP long-polling, which breaks first when anything else is wrong. Forward the upgrade with HTTP/1.1.'),
        snippets: [
            text('nginx', nls.localize('theia-session-health/probe/snippet.nginxUpgrade', 'nginx: forward the upgrade'), `map $http_upgrade $connection_upgrade { default upgrade; '' close; }\n${nginxLocation()}`, 'nginx'),
            INGRESS_NGINX(nls.localize('theia-session-health/probe/snippet.ingressUpgrade', 'ingress-nginx forwards upgrades by default; remove configuration-snippets that clear Upgrade/Connection')),
            HAPROXY(nls.localize('theia-session-health/probe/snippet.haproxyUpgrade', 'haproxy (mode http forwards upgrades; do not use "option httpclose" on this backend)')),
            GKE_BACKEND_CONFIG(nls.localize('theia-session-health/probe/snippet.gkeWebSocket', 'GKE: WebSockets work on the HTTP(S) load balancer; raise the timeout'))
        ]
    }),
    PROXY_CACHING: () => ({
        text: nls.localize('theia-session-health/probe/fix.proxyCaching', 'A cache answers Socket.IO requests: the same session id was handed out twice, a follow-up request got a cached handshake, or cache headers came back. Socket.IO answers must never be cached: disable the cache (CDN, proxy_cache) for the socket.io path, or at least key it on the full query string.'),
        snippets: [
            GKE_BACKEND_CONFIG(nls.localize('theia-session-health/probe/snippet.gkeNoCdn', 'BackendConfig: Cloud CDN off')),
            text('nginx', nls.localize('theia-session-health/probe/snippet.nginxNoCache', 'nginx: no cache on socket.io'), 'location /socket.io/ {\n    proxy_cache off;\n    proxy_buffering off;\n    add_header Cache-Control no-store always;\n    proxy_pass http://theia;\n}', 'nginx'),
            yaml('ingress-nginx', nls.localize('theia-session-health/probe/snippet.ingressNoCache', 'ingress-nginx: remove proxy_cache configuration-snippets from the IDE ingress'),
                { comment: 'no proxy_cache in a configuration-snippet of the IDE ingress', value: { metadata: { annotations: { 'nginx.ingress.kubernetes.io/configuration-snippet': '' } } } }),
            text('haproxy', nls.localize('theia-session-health/probe/snippet.haproxyNoCache', 'haproxy: no cache filter on the IDE backend'), 'backend theia\n    # remove: filter cache / http-request cache-use / http-response cache-store', 'haproxy')
        ]
    }),
    IDLE_TIMEOUT_CUT: () => ({
        text: nls.localize('theia-session-health/probe/fix.idleTimeoutCut', 'A proxy or load balancer cuts idle connections after a fixed time. A period near 30 s is the Google Cloud load balancer default (backend service timeout), 60 s nginx / ingress-nginx proxy-read-timeout or AWS ALB idle timeout, 100 s Cloudflare. Raise the timeout to at least an hour.'),
        snippets: [
            GKE_BACKEND_CONFIG(nls.localize('theia-session-health/probe/snippet.gkeTimeout', 'BackendConfig timeoutSec (on the Service annotation!)')),
            INGRESS_NGINX(nls.localize('theia-session-health/probe/snippet.ingressTimeouts', 'Ingress annotations: proxy timeouts')),
            text('nginx', nls.localize('theia-session-health/probe/snippet.nginxTimeouts', 'nginx timeouts'), nginxTimeouts(), 'nginx'),
            text('haproxy', nls.localize('theia-session-health/probe/snippet.haproxyTimeout', 'haproxy tunnel timeout'), haproxyTimeouts(), 'haproxy')
        ]
    }),
    HEALTH_ENDPOINT_MISSING: () => ({
        text: nls.localize('theia-session-health/probe/fix.healthEndpointMissing', 'GET /health does not reach the IDE backend (wrong answer or 404). Load balancer health checks that use another path, or a path the proxy does not route, mark healthy backends down or keep dead ones in rotation. Route /health and /ready to the backend and point the health checks at them.'),
        snippets: [
            GKE_BACKEND_CONFIG(nls.localize('theia-session-health/probe/snippet.gkeHealthCheck', 'BackendConfig healthCheck on /health')),
            POD_HEALTH(nls.localize('theia-session-health/probe/snippet.podProbes', 'Pod probes')),
            text('nginx', nls.localize('theia-session-health/probe/snippet.nginxHealth', 'nginx: route the health paths'), `location = ${HEALTH_ROUTE} { proxy_pass http://theia; }\nlocation = ${READY_ROUTE}  { proxy_pass http://theia; }`, 'nginx'),
            text('haproxy', nls.localize('theia-session-health/probe/snippet.haproxyHealth', 'haproxy health check'), `option httpchk GET ${READY_ROUTE}\nhttp-check expect status 200`, 'haproxy')
        ]
    }),
    NOT_READY: () => ({
        text: nls.localize('theia-session-health/probe/fix.notReady', 'GET /ready answered 503: the backend is draining after SIGTERM (pod being replaced) or refuses sessions because the workspace storage is not persistent (SESSION_HEALTH_READY_REQUIRE_PERSISTENT=true). New sessions should go to another replica; mount a PersistentVolumeClaim for the workspace if storage is the reason.'),
        snippets: [POD_HEALTH(nls.localize('theia-session-health/probe/snippet.readinessDrain', 'Readiness probe and drain'))]
    }),
    ORIGIN_REJECTED: () => ({
        text: nls.localize('theia-session-health/probe/fix.originRejected', 'WebSocket handshakes carrying the browser\'s Origin header are refused, the same handshake without Origin is accepted: the proxy rewrites the Host header, so Theia\'s same-origin check fails. Pass the original Host, or list the public host names in THEIA_HOSTS.'),
        snippets: [
            text('nginx', nls.localize('theia-session-health/probe/snippet.nginxHost', 'nginx: keep the Host header (with its port)'), 'proxy_set_header Host $http_host;', 'nginx'),
            text('haproxy', nls.localize('theia-session-health/probe/snippet.haproxyHost', 'haproxy: do not rewrite Host'), '# remove: http-request set-header Host ...', 'haproxy'),
            yaml('kubernetes', nls.localize('theia-session-health/probe/snippet.allowHost', 'Or allow the public host'), { env: [{ name: 'THEIA_HOSTS', value: 'ide.example.com' }] })
        ]
    }),
    SOCKETIO_NOT_ROUTED: () => ({
        text: nls.localize('theia-session-health/probe/fix.socketioNotRouted', 'The IDE page answers, but <base>/socket.io/ does not reach the IDE backend (404 or another server\'s answer): the proxy routes only some paths, or strips the path prefix for the page but not for Socket.IO. Route the whole prefix, socket.io included, to the backend.'),
        snippets: [
            yaml('ingress-nginx', nls.localize('theia-session-health/probe/snippet.ingressPrefix', 'Ingress: one prefix rule for everything'), { spec: { rules: [{ http: { paths: [PREFIX_RULE] } }] } }),
            yaml('gke', nls.localize('theia-session-health/probe/snippet.gkePrefix', 'GKE Ingress: a Prefix path covering /socket.io/'), { paths: [PREFIX_RULE] }),
            text('nginx', nls.localize('theia-session-health/probe/snippet.nginxPrefix', 'nginx with a prefix'), nginxLocation().replace('location / {\n    proxy_pass http://theia;',
                'location /theia/ {\n    proxy_pass http://theia/;     # trailing slash strips /theia/ for page AND socket.io'), 'nginx'),
            text('haproxy', nls.localize('theia-session-health/probe/snippet.haproxyPrefix', 'haproxy: no path ACL that leaves out /socket.io/'), 'frontend fe\n    use_backend theia if { path_beg /theia/ }\n    http-request replace-path /theia(/.*) \\1 if { path_beg /theia/ }', 'haproxy')
        ]
    }),
    AUTH_REQUIRED: () => ({
        text: nls.localize('theia-session-health/probe/fix.authRequired', 'An authenticating proxy (oauth2-proxy, ingress-nginx auth-url / auth-signin, Theia Cloud) answered instead of the IDE: a redirect to its sign-in page, 401/407, or its sign-in page with status 200. For a user this is an expired or missing sign-in: sign in again. To probe behind the proxy, pass a signed-in session: --header \'Cookie: _oauth2_proxy=<value from the browser>\' or --header \'Authorization: Bearer <token>\' (values are never printed). For a signed-in session the proxy must pass every route of the IDE under its prefix: the page and its assets, socket.io/ (polling AND the WebSocket upgrade, with Cookie and Upgrade headers), session-health/. {0} and {1} are meant for the kubelet, which calls the pod directly on its container port, never through the ingress: point pod probes there, and do not make a load balancer health check go through the sign-in; if one must pass the ingress, exempt exactly {0} and {1}. Keep the proxy\'s cookie lifetime longer than the IDE\'s idle timeout (lint-k8s AUTH_COOKIE_SHORTER_THAN_SESSION).', HEALTH_ROUTE, READY_ROUTE),
        snippets: [
            yaml('ingress-nginx', nls.localize('theia-session-health/probe/snippet.ingressAuth', 'Ingress annotations: sign-in through oauth2-proxy, the whole prefix (socket.io included) behind one auth'), { metadata: { annotations: {
                'nginx.ingress.kubernetes.io/auth-url': 'http://oauth2-proxy.auth.svc.cluster.local/oauth2/auth',
                'nginx.ingress.kubernetes.io/auth-signin': 'https://$host/oauth2/start?rd=$escaped_request_uri',
                ...ingressNginxAnnotations()
            } } }),
            POD_HEALTH(nls.localize('theia-session-health/probe/snippet.podProbesDirect', 'Pod probes call {0} and {1} on the container port (not through the ingress or the auth proxy)', HEALTH_ROUTE, READY_ROUTE)),
            text('nginx', nls.localize('theia-session-health/probe/snippet.nginxAuth', 'nginx auth_request: the IDE behind the sign-in, only the health routes exempt'), `location = /oauth2/auth {
    internal;
    proxy_pass http://oauth2-proxy/oauth2/auth;
    proxy_pass_request_body off;
    proxy_set_header Content-Length "";
}
location = ${HEALTH_ROUTE} { auth_request off; proxy_pass http://theia; }
location = ${READY_ROUTE}  { auth_request off; proxy_pass http://theia; }
${nginxLocation().replace('location / {\n', 'location / {\n    auth_request /oauth2/auth;\n    error_page 401 = /oauth2/sign_in;\n')}`, 'nginx'),
            text('kubernetes', nls.localize('theia-session-health/probe/snippet.probeSignedIn', 'Probe as a signed-in user (copy the cookie from the browser\'s developer tools)'), 'session-health probe https://ide.example.com/theia/ --header \'Cookie: _oauth2_proxy=<value>\'', 'shell')
        ]
    }),
    UNREACHABLE: () => ({
        text: nls.localize('theia-session-health/probe/fix.unreachable', 'The IDE does not answer: connection refused, DNS failure, timeout, or the proxy answers 502/503/504 because no backend is up. Check that the pods run and are ready (kubectl get pods, kubectl describe ingress), and that the Service selects them.'),
        snippets: [
            text('kubernetes', nls.localize('theia-session-health/probe/snippet.whereToLook', 'Where to look'), `kubectl get pods -l ${Object.entries(IDE_LABELS).map(([k, v]) => `${k}=${v}`).join(',')}\nkubectl get endpoints ${IDE_NAME}\nkubectl describe ingress ${IDE_NAME}`, 'shell')
        ]
    }),
    TLS_ERROR: () => ({
        text: nls.localize('theia-session-health/probe/fix.tlsError', 'The TLS handshake failed: the certificate is expired, self-signed, or not valid for this host name. Fix the certificate on the load balancer / ingress (managed certificate, cert-manager).'),
        snippets: [
            yaml('gke', nls.localize('theia-session-health/probe/snippet.gkeCertificate', 'Google-managed certificate'), { apiVersion: 'networking.gke.io/v1', kind: 'ManagedCertificate', metadata: { name: `${IDE_NAME}-cert` }, spec: { domains: ['ide.example.com'] } }),
            yaml('ingress-nginx', nls.localize('theia-session-health/probe/snippet.certManager', 'cert-manager'), {
                metadata: { annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } },
                spec: { tls: [{ hosts: ['ide.example.com'], secretName: `${IDE_NAME}-tls` }] }
            })
        ]
    })
};

/** A finding's fix, built when asked: its words in the display language of that moment (English without one). */
export function remediationFor(code: Exclude<ProbeFindingCode, 'OK'>): ProbeRemediation {
    return BUILDERS[code]();
}

/** Every code's fix (one property per code, each built when read). */
export const REMEDIATIONS = Object.defineProperties({}, Object.fromEntries(Object.entries(BUILDERS)
    .map(([code, build]) => [code, { enumerable: true, get: build }]))) as Record<Exclude<ProbeFindingCode, 'OK'>, ProbeRemediation>;
