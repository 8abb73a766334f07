// *****************************************************************************
// The deployment facts the reference manifests in deploy/kustomize use (timeouts, affinity, probes, drain,
// the workspace claim), defined once. Every fix the extension shows (probe remediations, the storage "Show
// fix", lint-k8s advice) is built from these values, as objects rendered by common/text/yaml-text.ts, so it is
// valid YAML by construction. test/unit/deployment/deployment-defaults.spec.ts checks deploy/ carries the same values.
// *****************************************************************************

import { yamlText } from '../text/yaml-text';
import { DEFAULT_DRAIN_SECONDS, DRAIN_SECONDS_ENV, HEALTH_ROUTE, READY_ROUTE } from '../health/health-protocol';

/** Name of the StatefulSet, Service, BackendConfig and Ingress, and the `app.kubernetes.io/name` label. */
export const IDE_NAME = 'theia-ide';
export const IDE_CONTAINER_NAME = 'theia';
/** The backend's port in the container (named `http`). */
export const IDE_CONTAINER_PORT = 3000;
export const IDE_SERVICE_PORT = 80;
export const IDE_LABELS = { 'app.kubernetes.io/name': IDE_NAME } as const;

/** The workspace: a claim per pod, mounted at Theia's default workspace path. */
export const WORKSPACE_PATH = '/home/project';
export const WORKSPACE_VOLUME = 'workspace';
export const WORKSPACE_STORAGE_REQUEST = '10Gi';
export const WORKSPACE_ACCESS_MODES: readonly string[] = ['ReadWriteOnce'];

/** Longer than the SIGTERM drain plus time to exit. */
export const TERMINATION_GRACE_PERIOD_SECONDS = 60;
/** The drain the manifests set (the backend's default). */
export const DRAIN_SECONDS = DEFAULT_DRAIN_SECONDS;

export const READINESS_PROBE = { httpGet: { path: READY_ROUTE, port: IDE_CONTAINER_PORT }, periodSeconds: 5, failureThreshold: 2 };
export const LIVENESS_PROBE = { httpGet: { path: HEALTH_ROUTE, port: IDE_CONTAINER_PORT }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 };

/** Kubernetes Service `sessionAffinity: ClientIP` timeout (the Kubernetes default, 3 h). */
export const CLIENT_IP_AFFINITY_TIMEOUT_SECONDS = 10800;
/** GKE backend service timeout: the maximum lifetime of a WebSocket through the load balancer. One day. */
export const GKE_BACKEND_TIMEOUT_SECONDS = 86400;
export const GKE_CONNECTION_DRAINING_SECONDS = 60;
/** Proxy idle timeouts (ingress-nginx, nginx, haproxy): one hour, far above Theia's 90 s heartbeat window. */
export const PROXY_TIMEOUT_SECONDS = 3600;
export const INGRESS_NGINX_AFFINITY_COOKIE = 'theia-ide-affinity';

/** `cloud.google.com/backend-config` annotation value naming the IDE's BackendConfig. */
export const GKE_BACKEND_CONFIG_ANNOTATION = { 'cloud.google.com/backend-config': JSON.stringify({ default: IDE_NAME }) };

export function gkeBackendConfig(): object {
    return {
        apiVersion: 'cloud.google.com/v1',
        kind: 'BackendConfig',
        metadata: { name: IDE_NAME },
        spec: {
            timeoutSec: GKE_BACKEND_TIMEOUT_SECONDS,
            sessionAffinity: { affinityType: 'CLIENT_IP' },
            cdn: { enabled: false },
            healthCheck: { type: 'HTTP', requestPath: HEALTH_ROUTE, port: IDE_CONTAINER_PORT },
            connectionDraining: { drainingTimeoutSec: GKE_CONNECTION_DRAINING_SECONDS }
        }
    };
}

/** The Service that carries the BackendConfig (on the Service: from the Ingress it is silently not applied). */
export function gkeService(): object {
    return {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: IDE_NAME, annotations: { 'cloud.google.com/neg': '{"ingress": true}', ...GKE_BACKEND_CONFIG_ANNOTATION } }
    };
}

export function ingressNginxAnnotations(): Record<string, string> {
    return {
        'nginx.ingress.kubernetes.io/affinity': 'cookie',
        'nginx.ingress.kubernetes.io/affinity-mode': 'persistent',
        'nginx.ingress.kubernetes.io/session-cookie-name': INGRESS_NGINX_AFFINITY_COOKIE,
        'nginx.ingress.kubernetes.io/proxy-read-timeout': String(PROXY_TIMEOUT_SECONDS),
        'nginx.ingress.kubernetes.io/proxy-send-timeout': String(PROXY_TIMEOUT_SECONDS)
    };
}

export function serviceAffinitySpec(): object {
    return { spec: { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: CLIENT_IP_AFFINITY_TIMEOUT_SECONDS } } } };
}

/** Probes, grace period and drain of the IDE pod (to merge into its pod spec). */
export function podHealthSpec(): object {
    return {
        terminationGracePeriodSeconds: TERMINATION_GRACE_PERIOD_SECONDS,
        containers: [{
            name: IDE_CONTAINER_NAME,
            env: [{ name: DRAIN_SECONDS_ENV, value: String(DRAIN_SECONDS) }],
            readinessProbe: READINESS_PROBE,
            livenessProbe: LIVENESS_PROBE
        }]
    };
}

/** The nginx `location` that proxies the IDE: upgrade forwarded, Host kept with its port, timeouts, no buffering or cache. */
export function nginxLocation(upstream = 'theia'): string {
    return `location / {
    proxy_pass http://${upstream};
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection $connection_upgrade;   # map $http_upgrade $connection_upgrade { default upgrade; '' close; }
    proxy_set_header Host $http_host;                  # $host drops the port: Theia's Origin check then refuses WebSockets
    proxy_read_timeout ${PROXY_TIMEOUT_SECONDS}s;
    proxy_send_timeout ${PROXY_TIMEOUT_SECONDS}s;
    proxy_buffering off;
    proxy_cache off;
}`;
}

export function nginxTimeouts(): string {
    return `proxy_read_timeout ${PROXY_TIMEOUT_SECONDS}s;\nproxy_send_timeout ${PROXY_TIMEOUT_SECONDS}s;`;
}

export function haproxyTimeouts(): string {
    return `timeout client  ${PROXY_TIMEOUT_SECONDS}s\ntimeout server  ${PROXY_TIMEOUT_SECONDS}s\ntimeout tunnel  ${PROXY_TIMEOUT_SECONDS}s          # WebSocket idle time`;
}

/** Renders objects as YAML documents (`---` between them), each with an optional leading comment. */
export function renderYaml(...docs: (object | { comment: string; value: object })[]): string {
    return docs.map(d => 'comment' in d && 'value' in d
        ? yamlText({ comment: ' ' + (d as { comment: string }).comment, value: (d as { value: object }).value })
        : yamlText({ value: d })).join('---\n').trimEnd();
}
