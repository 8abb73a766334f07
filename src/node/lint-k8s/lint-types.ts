// *****************************************************************************
// Types shared by the Kubernetes manifest linter (`session-health lint-k8s`): pure data, no I/O.
// *****************************************************************************

import { PROXY_TIMEOUT_SECONDS, WORKSPACE_PATH } from '../../common/deployment/deployment-defaults';

export type LintSeverity = 'error' | 'warning';

/** The finding codes: a public contract (documented in docs/lint-k8s.md). */
export type LintCode =
    'INGRESS_SERVICE_MISSING'
    | 'BACKENDCONFIG_NOT_ON_SERVICE'
    | 'BACKENDCONFIG_MISSING'
    | 'CDN_ON_SOCKETIO'
    | 'NO_SESSION_AFFINITY'
    | 'BACKEND_TIMEOUT_TOO_SHORT'
    | 'WORKSPACE_NOT_PERSISTENT'
    | 'NO_READINESS_PROBE'
    | 'NO_LIVENESS_PROBE'
    | 'HEALTHCHECK_PATH_MISMATCH'
    | 'NO_GRACEFUL_DRAIN'
    | 'AUTH_COOKIE_SHORTER_THAN_SESSION';

export const LINT_CODES: readonly LintCode[] = [
    'INGRESS_SERVICE_MISSING', 'BACKENDCONFIG_NOT_ON_SERVICE', 'BACKENDCONFIG_MISSING', 'CDN_ON_SOCKETIO',
    'NO_SESSION_AFFINITY', 'BACKEND_TIMEOUT_TOO_SHORT', 'WORKSPACE_NOT_PERSISTENT', 'NO_READINESS_PROBE',
    'NO_LIVENESS_PROBE', 'HEALTHCHECK_PATH_MISMATCH', 'NO_GRACEFUL_DRAIN', 'AUTH_COOKIE_SHORTER_THAN_SESSION'
];

export interface ResourceRef {
    kind: string;
    /** `null` when the manifest does not set one (it then lands in the namespace of `kubectl apply`). */
    namespace: string | null;
    name: string;
}

export interface LintFinding {
    code: LintCode;
    severity: LintSeverity;
    /** The file the resource came from (`<stdin>` for `-`). */
    file: string;
    /** 1-based line of the setting (or of the resource when the setting is absent). */
    line: number;
    resource: ResourceRef;
    /** What in the manifests shows the problem, in plain words with the values found. */
    evidence: string;
    /** The change that fixes it. */
    fix: string;
    /** The vendor documentation the rule rests on. */
    docs: string;
}

/** A path into a resource's YAML, e.g. `['spec', 'template', 'spec', 'containers', 0]`. */
export type YamlPath = ReadonlyArray<string | number>;

/** One Kubernetes object read from the input, with what is needed to point at its lines. */
export interface K8sResource {
    apiVersion: string;
    kind: string;
    name: string;
    namespace: string | null;
    /** The parsed object (plain JSON data). */
    body: Record<string, unknown>;
    file: string;
    /** 1-based line where the resource starts. */
    line: number;
    /** The 1-based line of the deepest existing node along `path` (the resource's line when nothing matches). */
    lineOf(path: YamlPath): number;
}

export interface LintOptions {
    /** The IDE's workspace path inside its container. Default `/home/project`. */
    workspacePath: string;
}

export const DEFAULT_WORKSPACE_PATH = WORKSPACE_PATH;

/** Theia 1.74.1 (`WebsocketEndpoint`): engine.io pingInterval 30 s + pingTimeout 60 s. */
export const THEIA_PING_INTERVAL_SECONDS = 30;
export const THEIA_PING_TIMEOUT_SECONDS = 60;
export const HEARTBEAT_WINDOW_SECONDS = THEIA_PING_INTERVAL_SECONDS + THEIA_PING_TIMEOUT_SECONDS;
/** The timeout the fixes recommend (at least) for load balancers and proxies in front of the IDE: deploy/'s proxy timeout. */
export const RECOMMENDED_TIMEOUT_SECONDS = PROXY_TIMEOUT_SECONDS;
/** Kubernetes default `terminationGracePeriodSeconds`. */
export const DEFAULT_GRACE_PERIOD_SECONDS = 30;

export function refOf(r: K8sResource): ResourceRef {
    return { kind: r.kind, namespace: r.namespace, name: r.name };
}

export function describeRef(ref: ResourceRef): string {
    return `${ref.kind}/${ref.namespace ?? '-'}/${ref.name}`;
}
