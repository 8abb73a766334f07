// *****************************************************************************
// Minimal in-cluster Kubernetes API access: the IDE reads its own pod and a claim. Never throws.
// *****************************************************************************

import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface KubernetesAccessOptions {
    /** API server base URL; default `https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT`. */
    apiUrl?: string;
    tokenPath?: string;
    caPath?: string;
    namespacePath?: string;
    /** Default: $POD_NAMESPACE, else the service account's namespace file. */
    namespace?: string;
    /** Default: $SESSION_HEALTH_POD_NAME, $POD_NAME, else the host name (a pod's host name is its name). */
    podName?: string;
    /** The IDE's container; default $SESSION_HEALTH_CONTAINER_NAME. */
    containerName?: string;
    timeoutMs?: number;
    env?: NodeJS.ProcessEnv;
}

export interface KubernetesAccess {
    apiUrl: string;
    token: string;
    ca?: Buffer;
    namespace: string;
    podName: string;
    containerName?: string;
    timeoutMs: number;
}

function readText(file: string): string | undefined {
    try {
        return fs.readFileSync(file, 'utf8').trim();
    } catch {
        return undefined;
    }
}

/** Finds in-cluster access, or says why there is none. */
export function resolveKubernetesAccess(options: KubernetesAccessOptions = {}): KubernetesAccess | { unavailable: string } {
    const env = options.env ?? process.env;
    let apiUrl = options.apiUrl;
    if (!apiUrl) {
        const host = env.KUBERNETES_SERVICE_HOST;
        if (!host) {
            return { unavailable: 'KUBERNETES_SERVICE_HOST is not set (not running in a Kubernetes pod)' };
        }
        const port = env.KUBERNETES_SERVICE_PORT || '443';
        apiUrl = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
    }
    const tokenPath = options.tokenPath ?? path.join(SERVICE_ACCOUNT_DIR, 'token');
    const token = readText(tokenPath);
    if (!token) {
        return { unavailable: `no service-account token at ${tokenPath} (automountServiceAccountToken may be off)` };
    }
    const caPath = options.caPath ?? path.join(SERVICE_ACCOUNT_DIR, 'ca.crt');
    let ca: Buffer | undefined;
    try {
        ca = fs.readFileSync(caPath);
    } catch {
        ca = undefined;
    }
    const namespace = options.namespace ?? env.POD_NAMESPACE ?? readText(options.namespacePath ?? path.join(SERVICE_ACCOUNT_DIR, 'namespace'));
    if (!namespace) {
        return { unavailable: 'the pod namespace is unknown (no POD_NAMESPACE and no service-account namespace file)' };
    }
    const podName = options.podName ?? env.SESSION_HEALTH_POD_NAME ?? env.POD_NAME ?? os.hostname();
    return {
        apiUrl: apiUrl.replace(/\/+$/, ''),
        token,
        ca,
        namespace,
        podName,
        containerName: options.containerName ?? env.SESSION_HEALTH_CONTAINER_NAME,
        timeoutMs: options.timeoutMs ?? 3000
    };
}

export interface ApiResult {
    status?: number;
    body?: unknown;
    /** Why there is no usable body: transport error, HTTP status, bad JSON. */
    error?: string;
}

const MAX_BODY = 8 * 1024 * 1024;

/** GET a JSON resource. Resolves with an error description instead of rejecting. */
export function getJson(access: KubernetesAccess, resourcePath: string): Promise<ApiResult> {
    return new Promise<ApiResult>(resolve => {
        let done = false;
        const finish = (r: ApiResult) => {
            if (!done) {
                done = true;
                resolve(r);
            }
        };
        let req: ReturnType<typeof https.request>;
        try {
            req = https.request(access.apiUrl + resourcePath, {
                method: 'GET',
                ca: access.ca,
                headers: { Authorization: `Bearer ${access.token}`, Accept: 'application/json' },
                timeout: access.timeoutMs
            }, res => {
                const chunks: Buffer[] = [];
                let size = 0;
                res.on('data', (chunk: Buffer) => {
                    size += chunk.length;
                    if (size > MAX_BODY) {
                        req.destroy();
                        finish({ status: res.statusCode, error: 'response too large' });
                        return;
                    }
                    chunks.push(chunk);
                });
                res.on('error', e => finish({ status: res.statusCode, error: e.message }));
                res.on('end', () => {
                    const text = Buffer.concat(chunks).toString('utf8');
                    const status = res.statusCode ?? 0;
                    let body: unknown;
                    try {
                        body = JSON.parse(text);
                    } catch {
                        body = undefined;
                    }
                    if (status < 200 || status >= 300) {
                        const message = (body as { message?: string } | undefined)?.message;
                        const hint = status === 401 ? ' (the service-account token was refused)' : status === 403 ? ' (RBAC does not allow it)' : status === 404 ? ' (not found)' : '';
                        finish({ status, body, error: `HTTP ${status}${hint}${message ? `: ${message}` : ''}` });
                    } else if (body === undefined) {
                        finish({ status, error: 'the answer is not JSON' });
                    } else {
                        finish({ status, body });
                    }
                });
            });
        } catch (e) {
            finish({ error: e instanceof Error ? e.message : String(e) });
            return;
        }
        req.on('timeout', () => {
            req.destroy();
            finish({ error: `no answer within ${access.timeoutMs} ms` });
        });
        req.on('error', e => finish({ error: e.message }));
        req.end();
    });
}

export function podPath(access: KubernetesAccess): string {
    return `/api/v1/namespaces/${encodeURIComponent(access.namespace)}/pods/${encodeURIComponent(access.podName)}`;
}

export function claimPath(access: KubernetesAccess, claimName: string): string {
    return `/api/v1/namespaces/${encodeURIComponent(access.namespace)}/persistentvolumeclaims/${encodeURIComponent(claimName)}`;
}
