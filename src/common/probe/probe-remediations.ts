// *****************************************************************************
// Remediation texts and configuration snippets per finding code.
// *****************************************************************************

import { ProbeFindingCode, ProbeRemediation } from './probe-protocol';

const GKE_BACKEND_CONFIG = `apiVersion: cloud.google.com/v1
kind: BackendConfig
metadata:
  name: theia-backendconfig
spec:
  timeoutSec: 3600            # WebSocket lifetime; the default 30 s cuts every session
  connectionDraining:
    drainingTimeoutSec: 60
  sessionAffinity:
    affinityType: CLIENT_IP   # or GENERATED_COOKIE
  cdn:
    enabled: false            # never cache /socket.io/
  healthCheck:
    type: HTTP
    requestPath: /health
---
apiVersion: v1
kind: Service
metadata:
  name: theia
  annotations:
    # On the Service, not only on the Ingress: otherwise it is silently not applied.
    cloud.google.com/backend-config: '{"default": "theia-backendconfig"}'
    cloud.google.com/neg: '{"ingress": true}'`;

const INGRESS_NGINX = `metadata:
  annotations:
    nginx.ingress.kubernetes.io/affinity: "cookie"
    nginx.ingress.kubernetes.io/affinity-mode: "persistent"
    nginx.ingress.kubernetes.io/session-cookie-name: "theia-route"
    nginx.ingress.kubernetes.io/proxy-read-timeout: "3600"
    nginx.ingress.kubernetes.io/proxy-send-timeout: "3600"`;

const NGINX = `upstream theia {
    ip_hash;                      # or: hash $cookie_theia_route consistent; / sticky (nginx plus)
    server 10.0.0.11:3000;
    server 10.0.0.12:3000;
}
location / {
    proxy_pass http://theia;
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection $connection_upgrade;   # map $http_upgrade $connection_upgrade { default upgrade; '' close; }
    proxy_set_header Host $http_host;
    proxy_read_timeout 3600s;
    proxy_send_timeout 3600s;
    proxy_buffering off;
    proxy_cache off;
}
location = /health { proxy_pass http://theia; }
location = /ready  { proxy_pass http://theia; }`;

const HAPROXY = `defaults
    mode http
    timeout connect 5s
    timeout client  3600s
    timeout server  3600s
    timeout tunnel  3600s          # WebSocket idle time
backend theia
    balance roundrobin
    cookie THEIA_ROUTE insert indirect nocache
    option httpchk GET /ready
    server a 10.0.0.11:3000 check cookie a
    server b 10.0.0.12:3000 check cookie b`;

export const REMEDIATIONS: Record<Exclude<ProbeFindingCode, 'OK'>, ProbeRemediation> = {
    NO_SESSION_AFFINITY: {
        text: 'Requests of one Socket.IO session reach different backends. Every request of a session, and the page that set the connection token, must reach the same backend: turn on session affinity (client IP or a cookie) at every load-balancing layer.',
        snippets: [
            { platform: 'gke', title: 'BackendConfig with sessionAffinity, referenced from the Service', config: GKE_BACKEND_CONFIG },
            { platform: 'ingress-nginx', title: 'Ingress annotations: cookie affinity', config: INGRESS_NGINX },
            { platform: 'kubernetes', title: 'Service (kube-proxy, no ingress in front)', config: 'spec:\n  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 10800' },
            { platform: 'nginx', title: 'nginx upstream with ip_hash', config: NGINX },
            { platform: 'haproxy', title: 'haproxy cookie stickiness', config: HAPROXY }
        ]
    },
    TOKEN_REJECTED: {
        text: 'The Socket.IO handshake was refused with 403 (engine.io code 4): the theia-connection-token cookie from the page is missing or belongs to another backend process. Make the page and the handshake reach the same backend (session affinity), and make sure the proxy passes the Cookie and Set-Cookie headers. After a backend restart users must reload the page.',
        snippets: [
            { platform: 'gke', title: 'BackendConfig with sessionAffinity, referenced from the Service', config: GKE_BACKEND_CONFIG },
            { platform: 'ingress-nginx', title: 'Ingress annotations: cookie affinity', config: INGRESS_NGINX },
            { platform: 'nginx', title: 'nginx: affinity, cookies passed unchanged (no proxy_hide_header Set-Cookie)', config: NGINX },
            { platform: 'haproxy', title: 'haproxy cookie stickiness', config: HAPROXY }
        ]
    },
    WEBSOCKET_UPGRADE_BLOCKED: {
        text: 'The WebSocket upgrade does not get through: the proxy does not forward the Upgrade and Connection headers (or speaks HTTP/1.0 to the backend). The IDE then stays on slow HTTP long-polling, which breaks first when anything else is wrong. Forward the upgrade with HTTP/1.1.',
        snippets: [
            { platform: 'nginx', title: 'nginx: forward the upgrade', config: 'map $http_upgrade $connection_upgrade { default upgrade; \'\' close; }\nlocation / {\n    proxy_pass http://theia;\n    proxy_http_version 1.1;\n    proxy_set_header Upgrade $http_upgrade;\n    proxy_set_header Connection $connection_upgrade;\n    proxy_set_header Host $http_host;\n}' },
            { platform: 'ingress-nginx', title: 'ingress-nginx forwards upgrades by default; remove configuration-snippets that clear Upgrade/Connection', config: INGRESS_NGINX },
            { platform: 'haproxy', title: 'haproxy (mode http forwards upgrades; do not use "option httpclose" on this backend)', config: HAPROXY },
            { platform: 'gke', title: 'GKE: WebSockets work on the HTTP(S) load balancer; raise the timeout', config: GKE_BACKEND_CONFIG }
        ]
    },
    PROXY_CACHING: {
        text: 'A cache answers Socket.IO requests: the same session id was handed out twice, a follow-up request got a cached handshake, or cache headers came back. Socket.IO answers must never be cached: disable the cache (CDN, proxy_cache) for the socket.io path, or at least key it on the full query string.',
        snippets: [
            { platform: 'gke', title: 'BackendConfig: Cloud CDN off', config: GKE_BACKEND_CONFIG },
            { platform: 'nginx', title: 'nginx: no cache on socket.io', config: 'location /socket.io/ {\n    proxy_cache off;\n    proxy_buffering off;\n    add_header Cache-Control no-store always;\n    proxy_pass http://theia;\n}' },
            { platform: 'ingress-nginx', title: 'ingress-nginx: remove proxy_cache configuration-snippets from the IDE ingress', config: 'metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/configuration-snippet: ""   # no proxy_cache here' },
            { platform: 'haproxy', title: 'haproxy: no cache filter on the IDE backend', config: 'backend theia\n    # remove: filter cache / http-request cache-use / http-response cache-store' }
        ]
    },
    IDLE_TIMEOUT_CUT: {
        text: 'A proxy or load balancer cuts WebSockets after a fixed time. A period near 30 s is the Google Cloud load balancer default (backend service timeout), 60 s nginx / ingress-nginx proxy-read-timeout or AWS ALB idle timeout, 100 s Cloudflare. Raise the timeout to at least an hour.',
        snippets: [
            { platform: 'gke', title: 'BackendConfig timeoutSec (on the Service annotation!)', config: GKE_BACKEND_CONFIG },
            { platform: 'ingress-nginx', title: 'Ingress annotations: proxy timeouts', config: INGRESS_NGINX },
            { platform: 'nginx', title: 'nginx timeouts', config: 'proxy_read_timeout 3600s;\nproxy_send_timeout 3600s;' },
            { platform: 'haproxy', title: 'haproxy tunnel timeout', config: 'timeout tunnel 3600s\ntimeout client 3600s\ntimeout server 3600s' }
        ]
    },
    HEALTH_ENDPOINT_MISSING: {
        text: 'GET /health does not reach the IDE backend (wrong answer or 404). Load balancer health checks that use another path, or a path the proxy does not route, mark healthy backends down or keep dead ones in rotation. Route /health and /ready to the backend and point the health checks at them.',
        snippets: [
            { platform: 'gke', title: 'BackendConfig healthCheck on /health', config: GKE_BACKEND_CONFIG },
            { platform: 'kubernetes', title: 'Pod probes', config: 'livenessProbe:\n  httpGet: { path: /health, port: 3000 }\nreadinessProbe:\n  httpGet: { path: /ready, port: 3000 }\n  periodSeconds: 5\nterminationGracePeriodSeconds: 45   # > SESSION_HEALTH_DRAIN_SECONDS' },
            { platform: 'nginx', title: 'nginx: route the health paths', config: 'location = /health { proxy_pass http://theia; }\nlocation = /ready  { proxy_pass http://theia; }' },
            { platform: 'haproxy', title: 'haproxy health check', config: 'option httpchk GET /ready\nhttp-check expect status 200' }
        ]
    },
    NOT_READY: {
        text: 'GET /ready answered 503: the backend is draining after SIGTERM (pod being replaced) or refuses sessions because the workspace storage is not persistent (SESSION_HEALTH_READY_REQUIRE_PERSISTENT=true). New sessions should go to another replica; mount a PersistentVolumeClaim for the workspace if storage is the reason.',
        snippets: [
            { platform: 'kubernetes', title: 'Readiness probe and drain', config: 'readinessProbe:\n  httpGet: { path: /ready, port: 3000 }\n  periodSeconds: 5\nterminationGracePeriodSeconds: 45\nenv:\n  - name: SESSION_HEALTH_DRAIN_SECONDS\n    value: "30"' }
        ]
    },
    ORIGIN_REJECTED: {
        text: 'WebSocket handshakes carrying the browser\'s Origin header are refused, the same handshake without Origin is accepted: the proxy rewrites the Host header, so Theia\'s same-origin check fails. Pass the original Host, or list the public host names in THEIA_HOSTS.',
        snippets: [
            { platform: 'nginx', title: 'nginx: keep the Host header', config: 'proxy_set_header Host $http_host;' },
            { platform: 'haproxy', title: 'haproxy: do not rewrite Host', config: '# remove: http-request set-header Host ...' },
            { platform: 'kubernetes', title: 'Or allow the public host', config: 'env:\n  - name: THEIA_HOSTS\n    value: "ide.example.com"' }
        ]
    },
    SOCKETIO_NOT_ROUTED: {
        text: 'The IDE page answers, but <base>/socket.io/ does not reach the IDE backend (404 or another server\'s answer): the proxy routes only some paths, or strips the path prefix for the page but not for Socket.IO. Route the whole prefix, socket.io included, to the backend.',
        snippets: [
            { platform: 'ingress-nginx', title: 'Ingress: one prefix rule for everything', config: 'spec:\n  rules:\n    - http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend: { service: { name: theia, port: { number: 3000 } } }' },
            { platform: 'gke', title: 'GKE Ingress: a Prefix path covering /socket.io/', config: 'paths:\n  - path: /\n    pathType: Prefix\n    backend: { service: { name: theia, port: { number: 3000 } } }' },
            { platform: 'nginx', title: 'nginx with a prefix', config: 'location /theia/ {\n    proxy_pass http://theia/;     # trailing slash strips /theia/ for page AND socket.io\n    proxy_http_version 1.1;\n    proxy_set_header Upgrade $http_upgrade;\n    proxy_set_header Connection $connection_upgrade;\n    proxy_set_header Host $http_host;\n}' },
            { platform: 'haproxy', title: 'haproxy: no path ACL that leaves out /socket.io/', config: 'frontend fe\n    use_backend theia if { path_beg /theia/ }\n    http-request replace-path /theia(/.*) \\1 if { path_beg /theia/ }' }
        ]
    },
    UNREACHABLE: {
        text: 'The IDE does not answer: connection refused, DNS failure, timeout, or the proxy answers 502/503/504 because no backend is up. Check that the pods run and are ready (kubectl get pods, kubectl describe ingress), and that the Service selects them.',
        snippets: [
            { platform: 'kubernetes', title: 'Where to look', config: 'kubectl get pods -l app=theia\nkubectl get endpoints theia\nkubectl describe ingress theia' }
        ]
    },
    TLS_ERROR: {
        text: 'The TLS handshake failed: the certificate is expired, self-signed, or not valid for this host name. Fix the certificate on the load balancer / ingress (managed certificate, cert-manager).',
        snippets: [
            { platform: 'gke', title: 'Google-managed certificate', config: 'apiVersion: networking.gke.io/v1\nkind: ManagedCertificate\nmetadata:\n  name: theia-cert\nspec:\n  domains: [ide.example.com]' },
            { platform: 'ingress-nginx', title: 'cert-manager', config: 'metadata:\n  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\nspec:\n  tls:\n    - hosts: [ide.example.com]\n      secretName: theia-tls' }
        ]
    }
};
