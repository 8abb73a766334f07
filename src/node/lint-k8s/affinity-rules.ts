// *****************************************************************************
// NO_SESSION_AFFINITY: more than one IDE replica (or an autoscaler) and no affinity at any layer.
// Socket.IO needs every request of a session on the same backend; Theia's connection token is
// per process as well, so a request on another replica is refused with 403.
// *****************************************************************************

import { finding } from './finding';
import { ManifestModel } from './manifest-model';
import { annotationsOf } from './manifest-workload';
import { LintRule } from './lint-rule';
import { K8sResource, LintFinding } from './lint-types';
import { VENDOR_DOCS } from './vendor-docs';
import { get } from './yaml-access';
import { CLIENT_IP_AFFINITY_TIMEOUT_SECONDS, ingressNginxAnnotations } from '../../common/deployment/deployment-defaults';

export const affinityRule: LintRule = {
    codes: ['NO_SESSION_AFFINITY'],
    check(model: ManifestModel): LintFinding[] {
        const findings: LintFinding[] = [];
        for (const w of model.ideWorkloads) {
            const hpa = model.autoscalerOf(w);
            const maxReplicas = hpa ? get(hpa.body, ['spec', 'maxReplicas']) : undefined;
            const multi = w.resource.kind === 'DaemonSet' || (w.replicas ?? 1) > 1 || (typeof maxReplicas === 'number' && maxReplicas > 1);
            if (!multi) {
                continue;
            }
            const services = model.servicesSelecting(w);
            if (services.some(s => hasAffinity(model, s))) {
                continue;
            }
            const scale = w.resource.kind === 'DaemonSet' ? 'one pod per node'
                : hpa && typeof maxReplicas === 'number' && maxReplicas > (w.replicas ?? 1) ? `up to ${maxReplicas} replicas (HorizontalPodAutoscaler "${hpa.name}")`
                    : `replicas: ${w.replicas}`;
            const ingresses = model.ingresses.filter(i => model.ingressBackends(i).some(b => services.includes(model.findService(b.serviceName, i.namespace, i)!)));
            const providers = new Set(ingresses.map(i => model.ingressProvider(i)));
            const fixes: string[] = [];
            if (providers.has('gce')) {
                fixes.push('GKE: in the BackendConfig referenced from the Service, spec.sessionAffinity.affinityType: CLIENT_IP (or GENERATED_COOKIE)');
            }
            if (providers.has('nginx')) {
                fixes.push(`ingress-nginx: annotations ${Object.entries(ingressNginxAnnotations()).filter(([k]) => /affinity/.test(k)).map(([k, v]) => `${k}: "${v}"`).join(' and ')}`);
            }
            if (!fixes.length) {
                fixes.push(`Service: spec.sessionAffinity: ClientIP (sessionAffinityConfig.clientIP.timeoutSeconds: ${CLIENT_IP_AFFINITY_TIMEOUT_SECONDS})`);
            }
            findings.push(finding('NO_SESSION_AFFINITY', 'error', w.resource, w.resource.kind === 'DaemonSet' ? ['kind'] : hpa ? ['metadata', 'name'] : ['spec', 'replicas'],
                `${w.resource.kind} "${w.resource.name}" runs ${scale}, and no layer pins a session to one pod: `
                + (services.length ? `Service(s) ${services.map(s => `"${s.name}"`).join(', ')} without sessionAffinity: ClientIP, ` : 'no Service selects it, ')
                + 'no BackendConfig session affinity, no ingress-nginx affinity annotation. Socket.IO polling requests and the WebSocket upgrade land on different pods (400 "Session ID unknown"), and Theia refuses the connection token of another pod (403).',
                `Add session affinity: ${fixes.join('; or ')}. Alternatively run one replica per user.`,
                providers.has('gce') ? VENDOR_DOCS.gkeSessionAffinity : providers.has('nginx') ? VENDOR_DOCS.nginxAffinity : VENDOR_DOCS.socketIoMultipleNodes));
        }
        return findings;
    }
};

function hasAffinity(model: ManifestModel, service: K8sResource): boolean {
    if (get(service.body, ['spec', 'sessionAffinity']) === 'ClientIP') {
        return true;
    }
    const viaBackendConfig = model.backendConfigRefs(service).some(ref => {
        const bc = model.findBackendConfig(ref.name, service.namespace, service);
        const type = bc ? get(bc.body, ['spec', 'sessionAffinity', 'affinityType']) : undefined;
        return typeof type === 'string' && type !== 'NONE';
    });
    if (viaBackendConfig) {
        return true;
    }
    return model.ingresses.some(i => model.ingressBackends(i).some(b => model.findService(b.serviceName, i.namespace, i) === service) && nginxAffinity(i));
}

function nginxAffinity(ingress: K8sResource): boolean {
    const a = annotationsOf(ingress);
    return a['nginx.ingress.kubernetes.io/affinity'] === 'cookie' || !!a['nginx.ingress.kubernetes.io/upstream-hash-by'];
}

