// *****************************************************************************
// Ingress routing and GKE BackendConfig wiring: INGRESS_SERVICE_MISSING, BACKENDCONFIG_NOT_ON_SERVICE,
// BACKENDCONFIG_MISSING, CDN_ON_SOCKETIO.
// *****************************************************************************

import { finding } from './finding';
import { ManifestModel } from './manifest-model';
import { LintRule } from './lint-rule';
import { K8sResource, LintFinding } from './lint-types';
import { VENDOR_DOCS } from './vendor-docs';
import { get, isMapping } from './yaml-access';

export const ingressServiceRule: LintRule = {
    codes: ['INGRESS_SERVICE_MISSING'],
    check(model: ManifestModel): LintFinding[] {
        const findings: LintFinding[] = [];
        for (const ingress of model.ingresses) {
            const gke = model.ingressProvider(ingress) === 'gce';
            for (const backend of model.ingressBackends(ingress)) {
                if (model.findService(backend.serviceName, ingress.namespace, ingress)) {
                    continue;
                }
                findings.push(finding('INGRESS_SERVICE_MISSING', 'error', ingress, backend.path,
                    `The Ingress routes ${backend.httpPath ? `path "${backend.httpPath}"` : 'its default backend'} to Service "${backend.serviceName}", which is not in the input.`
                    + (gke ? ' On GKE an Ingress whose backend Service is missing fails translation: no BackendConfig setting (timeout, affinity, CDN off) is applied, not even to its valid backends.' : ''),
                    `Point the backend at the IDE's Service, or remove the stale rule. Check with: kubectl get service ${backend.serviceName}${ingress.namespace ? ` -n ${ingress.namespace}` : ''}.`,
                    gke ? VENDOR_DOCS.gkeBackendConfigAssociation : VENDOR_DOCS.k8sIngress));
            }
        }
        return findings;
    }
};

export const backendConfigWiringRule: LintRule = {
    codes: ['BACKENDCONFIG_NOT_ON_SERVICE', 'BACKENDCONFIG_MISSING'],
    check(model: ManifestModel): LintFinding[] {
        const findings: LintFinding[] = [];
        const annotationPath = (annotation: string) => ['metadata', 'annotations', annotation];
        for (const resource of [...model.services, ...model.ingresses]) {
            for (const ref of model.backendConfigRefs(resource)) {
                if (!model.findBackendConfig(ref.name, resource.namespace, resource)) {
                    findings.push(finding('BACKENDCONFIG_MISSING', 'error', resource, annotationPath(ref.annotation),
                        `The annotation ${ref.annotation} names BackendConfig "${ref.name}", which is not in the input.`,
                        `Add the BackendConfig "${ref.name}" (apiVersion cloud.google.com/v1) in the same namespace, or fix the name in the annotation.`,
                        VENDOR_DOCS.gkeBackendConfigAssociation));
                }
            }
        }
        for (const ingress of model.ingresses) {
            for (const ref of model.backendConfigRefs(ingress)) {
                const lacking = model.ingressBackends(ingress)
                    .map(b => model.findService(b.serviceName, ingress.namespace, ingress))
                    .filter((s): s is K8sResource => !!s)
                    .filter((s, i, all) => all.indexOf(s) === i && !model.backendConfigRefs(s).some(r => r.name === ref.name));
                if (lacking.length) {
                    const names = lacking.map(s => `"${s.name}"`).join(', ');
                    findings.push(finding('BACKENDCONFIG_NOT_ON_SERVICE', 'error', ingress, annotationPath(ref.annotation),
                        `BackendConfig "${ref.name}" is referenced from the Ingress annotation ${ref.annotation} only; the Service(s) ${names} do not carry it. GKE reads BackendConfig from the Service's annotation: from the Ingress it is silently not applied.`,
                        `Move the annotation to the Service(s): metadata.annotations: cloud.google.com/backend-config: '{"default": "${ref.name}"}'.`,
                        VENDOR_DOCS.gkeBackendConfigAssociation));
                }
            }
        }
        for (const bc of model.backendConfigs) {
            const referenced = [...model.services, ...model.ingresses].some(r =>
                model.backendConfigRefs(r).some(ref => ref.name === bc.name) && (r.namespace === null || bc.namespace === null || r.namespace === bc.namespace));
            if (!referenced) {
                findings.push(finding('BACKENDCONFIG_NOT_ON_SERVICE', 'warning', bc, ['metadata', 'name'],
                    `No Service references BackendConfig "${bc.name}" in a cloud.google.com/backend-config annotation: none of its settings are applied.`,
                    `Annotate the IDE's Service: cloud.google.com/backend-config: '{"default": "${bc.name}"}'.`,
                    VENDOR_DOCS.gkeBackendConfigAssociation));
            }
        }
        return findings;
    }
};

/** Whether a BackendConfig is (or, once correctly attached, would be) in front of the IDE's Socket.IO traffic. */
export function backendConfigOnIdePath(model: ManifestModel, bc: K8sResource): boolean {
    const services = model.services.filter(s => model.backendConfigRefs(s).some(r => r.name === bc.name));
    const viaIngress = model.ingresses.filter(i => model.backendConfigRefs(i).some(r => r.name === bc.name))
        .flatMap(i => model.ingressBackends(i).map(b => model.findService(b.serviceName, i.namespace, i)))
        .filter((s): s is K8sResource => !!s);
    const all = [...services, ...viaIngress];
    return !all.length || all.some(s => model.servesIde(s));
}

export const cdnRule: LintRule = {
    codes: ['CDN_ON_SOCKETIO'],
    check(model: ManifestModel): LintFinding[] {
        const findings: LintFinding[] = [];
        for (const bc of model.backendConfigs) {
            const cdn = get(bc.body, ['spec', 'cdn']);
            if (!isMapping(cdn) || cdn.enabled !== true || !backendConfigOnIdePath(model, bc)) {
                continue;
            }
            const noQuery = get(cdn, ['cachePolicy', 'includeQueryString']) === false;
            findings.push(finding('CDN_ON_SOCKETIO', 'error', bc, ['spec', 'cdn', 'enabled'],
                `BackendConfig "${bc.name}" enables Cloud CDN on the backend that serves Socket.IO (/socket.io/).`
                + (noQuery ? ' With cachePolicy.includeQueryString: false every polling request (they differ only in ?sid=…&t=…) has the same cache key, so browsers receive cached packets of other sessions and handshakes hand out the same sid twice.'
                    : ' Cacheable polling responses or handshakes are served from the cache instead of the backend.'),
                'Set spec.cdn.enabled: false in the BackendConfig of the IDE Service, or serve static assets from a separate backend with its own BackendConfig.',
                VENDOR_DOCS.gkeCdn));
        }
        return findings;
    }
};
