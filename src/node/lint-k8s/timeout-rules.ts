// *****************************************************************************
// BACKEND_TIMEOUT_TOO_SHORT: a load-balancer or proxy timeout that cuts connections Socket.IO still
// considers alive (not above Theia's heartbeat window of 30 s ping interval + 60 s ping timeout).
// *****************************************************************************

import { finding } from './finding';
import { ManifestModel } from './manifest-model';
import { annotationsOf } from './manifest-workload';
import { LintRule } from './lint-rule';
import { HEARTBEAT_WINDOW_SECONDS, K8sResource, LintFinding, RECOMMENDED_TIMEOUT_SECONDS } from './lint-types';
import { VENDOR_DOCS } from './vendor-docs';
import { get } from './yaml-access';
import { GKE_BACKEND_TIMEOUT_SECONDS, ingressNginxAnnotations } from '../../common/deployment/deployment-defaults';

/** Google Cloud backend service timeout when no BackendConfig sets `timeoutSec`. */
export const GKE_DEFAULT_TIMEOUT_SECONDS = 30;
/** ingress-nginx `proxy-read-timeout` / `proxy-send-timeout` default. */
export const NGINX_DEFAULT_TIMEOUT_SECONDS = 60;

const NGINX_TIMEOUTS = ['proxy-read-timeout', 'proxy-send-timeout'];

export const timeoutRule: LintRule = {
    codes: ['BACKEND_TIMEOUT_TOO_SHORT'],
    check(model: ManifestModel): LintFinding[] {
        return [...gkeTimeouts(model), ...nginxTimeouts(model)];
    }
};

function gkeTimeouts(model: ManifestModel): LintFinding[] {
    const findings: LintFinding[] = [];
    const seen = new Set<string>();
    for (const ingress of model.ingresses.filter(i => model.ingressProvider(i) === 'gce')) {
        for (const backend of model.ingressBackends(ingress)) {
            const service = model.findService(backend.serviceName, ingress.namespace, ingress);
            if (!service || !model.servesIde(service)) {
                continue;
            }
            const ref = model.backendConfigFor(service, backend.port);
            const bc = ref && model.findBackendConfig(ref.name, service.namespace, service);
            if (ref && !bc) {
                continue; // BACKENDCONFIG_MISSING says it
            }
            const key = bc ? `bc:${bc.file}:${bc.line}` : `svc:${service.file}:${service.line}`;
            if (seen.has(key)) {
                continue;
            }
            seen.add(key);
            const set = bc ? get(bc.body, ['spec', 'timeoutSec']) : undefined;
            const timeout = typeof set === 'number' ? set : GKE_DEFAULT_TIMEOUT_SECONDS;
            if (timeout >= RECOMMENDED_TIMEOUT_SECONDS) {
                continue;
            }
            const source = bc
                ? (typeof set === 'number' ? `BackendConfig "${bc.name}" sets timeoutSec: ${set}` : `BackendConfig "${bc.name}" leaves timeoutSec unset (default ${GKE_DEFAULT_TIMEOUT_SECONDS} s)`)
                : `Service "${service.name}" (behind GKE Ingress "${ingress.name}") has no BackendConfig, so the backend service timeout stays at its default of ${GKE_DEFAULT_TIMEOUT_SECONDS} s`;
            const lifetime = ` On the Google Cloud load balancer this timeout is the maximum lifetime of a WebSocket, idle or not: every session is cut and reconnects every ${timeout} s.`;
            const tooShort = timeout <= HEARTBEAT_WINDOW_SECONDS;
            findings.push(finding('BACKEND_TIMEOUT_TOO_SHORT', tooShort ? 'error' : 'warning', bc ?? service,
                bc ? ['spec', 'timeoutSec'] : ['metadata', 'name'],
                source + '.' + lifetime + (tooShort ? ` That is not above Theia's heartbeat window (${HEARTBEAT_WINDOW_SECONDS} s).` : ''),
                bc ? `Set spec.timeoutSec: ${GKE_BACKEND_TIMEOUT_SECONDS} (at least ${RECOMMENDED_TIMEOUT_SECONDS}) in BackendConfig "${bc.name}".`
                    : `Create a BackendConfig with spec.timeoutSec: ${GKE_BACKEND_TIMEOUT_SECONDS} (at least ${RECOMMENDED_TIMEOUT_SECONDS}) and reference it from the Service: cloud.google.com/backend-config: '{"default": "<name>"}'.`,
                VENDOR_DOCS.gkeTimeout));
        }
    }
    return findings;
}

function nginxTimeouts(model: ManifestModel): LintFinding[] {
    const findings: LintFinding[] = [];
    const controllerDefaults = nginxControllerConfig(model);
    for (const ingress of model.ingresses.filter(i => model.ingressProvider(i) === 'nginx')) {
        const routesIde = model.ingressBackends(ingress).some(b => {
            const s = model.findService(b.serviceName, ingress.namespace, ingress);
            return s && model.servesIde(s);
        });
        if (!routesIde) {
            continue;
        }
        const annotations = annotationsOf(ingress);
        const short: string[] = [];
        let path: (string)[] = ['metadata', 'annotations'];
        for (const name of NGINX_TIMEOUTS) {
            const annotation = `nginx.ingress.kubernetes.io/${name}`;
            const fromAnnotation = parseSeconds(annotations[annotation]);
            const fromConfig = parseSeconds(controllerDefaults[name]);
            const value = fromAnnotation ?? fromConfig ?? NGINX_DEFAULT_TIMEOUT_SECONDS;
            if (value <= HEARTBEAT_WINDOW_SECONDS) {
                const source = fromAnnotation !== undefined ? `annotation ${annotation}: "${annotations[annotation]}"`
                    : fromConfig !== undefined ? `controller ConfigMap ${name}: "${controllerDefaults[name]}"` : `${name} unset (default ${NGINX_DEFAULT_TIMEOUT_SECONDS} s)`;
                short.push(source);
                if (fromAnnotation !== undefined) {
                    path = ['metadata', 'annotations', annotation];
                }
            }
        }
        if (short.length) {
            findings.push(finding('BACKEND_TIMEOUT_TOO_SHORT', 'error', ingress, path,
                `ingress-nginx proxy timeout not above Theia's heartbeat window (${HEARTBEAT_WINDOW_SECONDS} s): ${short.join('; ')}. nginx closes a WebSocket or long-poll that stays quiet this long although Socket.IO still counts it alive.`,
                `Set the annotations ${NGINX_TIMEOUTS.map(n => `nginx.ingress.kubernetes.io/${n}: "${ingressNginxAnnotations()[`nginx.ingress.kubernetes.io/${n}`]}"`).join(' and ')} on the Ingress.`,
                VENDOR_DOCS.nginxTimeouts));
        }
    }
    return findings;
}

/** Timeouts set globally in an ingress-nginx controller ConfigMap found in the input. */
function nginxControllerConfig(model: ManifestModel): Record<string, string> {
    const cm: K8sResource | undefined = model.configMaps.find(c => /nginx/i.test(c.name) && NGINX_TIMEOUTS.some(k => get(c.body, ['data', k]) !== undefined));
    const data = cm ? get(cm.body, ['data']) as Record<string, unknown> : {};
    return Object.fromEntries(NGINX_TIMEOUTS.filter(k => data[k] !== undefined).map(k => [k, String(data[k])]));
}

function parseSeconds(value: string | undefined): number | undefined {
    if (value === undefined) {
        return undefined;
    }
    const match = /^\s*(\d+)\s*s?\s*$/.exec(value);
    return match ? Number(match[1]) : undefined;
}
