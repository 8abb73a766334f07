// *****************************************************************************
// An index over the loaded resources, with the relations the rules need: which Service an Ingress
// routes to, which BackendConfig a Service uses, which workload is the IDE, which Services select it.
// *****************************************************************************

import { K8sResource, LintOptions, YamlPath } from './lint-types';
import { asArray, get, isMapping } from './yaml-access';
import { annotationsOf, containersOf, pathContains, toWorkload, Workload, WORKLOAD_KINDS } from './manifest-workload';

export interface IngressBackend {
    serviceName: string;
    /** Port number or name, when given. */
    port?: number | string;
    /** YAML path of the backend's service name. */
    path: YamlPath;
    /** The HTTP path of the rule (`undefined` for the default backend). */
    httpPath?: string;
}

export type IngressProvider = 'gce' | 'nginx' | 'other';

export const BACKEND_CONFIG_ANNOTATIONS = ['cloud.google.com/backend-config', 'beta.cloud.google.com/backend-config'];

export interface BackendConfigRef {
    annotation: string;
    /** `default`, or the port key (number or name) under `ports`. */
    key: string;
    name: string;
}

export class ManifestModel {
    readonly services: K8sResource[];
    readonly ingresses: K8sResource[];
    readonly backendConfigs: K8sResource[];
    readonly autoscalers: K8sResource[];
    readonly configMaps: K8sResource[];
    readonly workloads: Workload[];

    constructor(readonly resources: K8sResource[], readonly options: LintOptions) {
        const ofKind = (kind: string) => resources.filter(r => r.kind === kind);
        this.services = ofKind('Service');
        this.ingresses = ofKind('Ingress');
        this.backendConfigs = ofKind('BackendConfig');
        this.autoscalers = ofKind('HorizontalPodAutoscaler');
        this.configMaps = ofKind('ConfigMap');
        this.workloads = resources.filter(r => WORKLOAD_KINDS.includes(r.kind)).map(r => toWorkload(r)).filter((w): w is Workload => !!w);
        this.identifyIde();
    }

    /** Workloads whose IDE container was recognised. */
    get ideWorkloads(): Workload[] {
        return this.workloads.filter(w => w.ide);
    }

    /**
     * The Service `name` in `namespace`. When several inputs define it (two unrelated files linted together),
     * the one from the same file as `from` wins.
     */
    findService(name: string, namespace: string | null, from?: K8sResource): K8sResource | undefined {
        return pick(this.services.filter(s => s.name === name && sameNamespace(s.namespace, namespace)), from);
    }

    findBackendConfig(name: string, namespace: string | null, from?: K8sResource): K8sResource | undefined {
        return pick(this.backendConfigs.filter(b => b.name === name && sameNamespace(b.namespace, namespace)), from);
    }

    /** Services whose selector matches the workload's pod labels. */
    servicesSelecting(workload: Workload): K8sResource[] {
        const all = this.services.filter(s => {
            const selector = get(s.body, ['spec', 'selector']);
            if (!isMapping(selector) || !Object.keys(selector).length || !sameNamespace(s.namespace, workload.resource.namespace)) {
                return false;
            }
            return Object.entries(selector).every(([k, v]) => workload.podLabels[k] === String(v));
        });
        // Unrelated files linted together may reuse labels: Services from the workload's own file win.
        const sameFile = all.filter(s => s.file === workload.resource.file);
        return sameFile.length ? sameFile : all;
    }

    /**
     * Whether a Service carries the IDE's traffic: it selects an IDE workload, or the input has no
     * recognisable IDE workload at all (then every routed Service may be the IDE).
     */
    servesIde(service: K8sResource): boolean {
        const ide = this.ideWorkloads;
        return !ide.length || ide.some(w => this.servicesSelecting(w).includes(service));
    }

    /** The autoscaler that targets the workload, if any. */
    autoscalerOf(workload: Workload): K8sResource | undefined {
        return pick(this.autoscalers.filter(h => {
            const ref = get(h.body, ['spec', 'scaleTargetRef']);
            return isMapping(ref) && ref.kind === workload.resource.kind && ref.name === workload.resource.name
                && sameNamespace(h.namespace, workload.resource.namespace);
        }), workload.resource);
    }

    ingressBackends(ingress: K8sResource): IngressBackend[] {
        const result: IngressBackend[] = [];
        const add = (backend: unknown, path: YamlPath, httpPath?: string) => {
            if (!isMapping(backend)) {
                return;
            }
            // networking.k8s.io/v1: backend.service.{name,port.{number,name}}; v1beta1: serviceName/servicePort.
            const service = backend.service;
            if (isMapping(service) && typeof service.name === 'string') {
                const port = isMapping(service.port) ? (service.port.number ?? service.port.name) : undefined;
                result.push({ serviceName: service.name, port: port as number | string | undefined, path: [...path, 'service', 'name'], httpPath });
            } else if (typeof backend.serviceName === 'string') {
                result.push({ serviceName: backend.serviceName, port: backend.servicePort as number | string | undefined, path: [...path, 'serviceName'], httpPath });
            }
        };
        add(get(ingress.body, ['spec', 'defaultBackend']), ['spec', 'defaultBackend']);
        add(get(ingress.body, ['spec', 'backend']), ['spec', 'backend']);
        asArray(get(ingress.body, ['spec', 'rules'])).forEach((rule, i) => {
            asArray(get(rule, ['http', 'paths'])).forEach((p, j) => {
                add(get(p, ['backend']), ['spec', 'rules', i, 'http', 'paths', j, 'backend'], typeof get(p, ['path']) === 'string' ? get(p, ['path']) as string : '/');
            });
        });
        return result;
    }

    /** Which controller serves the Ingress, from its class and annotations. */
    ingressProvider(ingress: K8sResource): IngressProvider {
        const annotations = annotationsOf(ingress);
        const cls = String(get(ingress.body, ['spec', 'ingressClassName']) ?? annotations['kubernetes.io/ingress.class'] ?? '');
        if (/nginx/i.test(cls) || Object.keys(annotations).some(k => k.startsWith('nginx.ingress.kubernetes.io/'))) {
            return 'nginx';
        }
        if (/^gce/.test(cls) || BACKEND_CONFIG_ANNOTATIONS.some(a => a in annotations)
            || Object.keys(annotations).some(k => k.startsWith('ingress.gcp.kubernetes.io/') || k.startsWith('kubernetes.io/ingress.global-static-ip-name')
                || k.startsWith('networking.gke.io/'))) {
            return 'gce';
        }
        if (!cls && this.ingressBackends(ingress).some(b => {
            const svc = this.findService(b.serviceName, ingress.namespace, ingress);
            return svc && (this.backendConfigRefs(svc).length > 0 || 'cloud.google.com/neg' in annotationsOf(svc));
        })) {
            return 'gce';
        }
        return 'other';
    }

    /** BackendConfig references in a resource's `cloud.google.com/backend-config` annotation. */
    backendConfigRefs(resource: K8sResource): BackendConfigRef[] {
        const annotations = annotationsOf(resource);
        const refs: BackendConfigRef[] = [];
        for (const annotation of BACKEND_CONFIG_ANNOTATIONS) {
            const value = annotations[annotation];
            if (value === undefined) {
                continue;
            }
            let parsed: unknown;
            try {
                parsed = JSON.parse(value);
            } catch {
                parsed = value.trim();
            }
            if (typeof parsed === 'string' && parsed) {
                refs.push({ annotation, key: 'default', name: parsed });
            } else if (isMapping(parsed)) {
                if (typeof parsed.default === 'string') {
                    refs.push({ annotation, key: 'default', name: parsed.default });
                }
                if (isMapping(parsed.ports)) {
                    for (const [key, name] of Object.entries(parsed.ports)) {
                        if (typeof name === 'string') {
                            refs.push({ annotation, key, name });
                        }
                    }
                }
            }
        }
        return refs;
    }

    /** The BackendConfig reference a Service applies to traffic on `port` (a port-specific entry wins over `default`). */
    backendConfigFor(service: K8sResource, port?: number | string): BackendConfigRef | undefined {
        const refs = this.backendConfigRefs(service);
        const ports = asArray(get(service.body, ['spec', 'ports'])).filter(isMapping);
        const servicePort = ports.find(p => port === undefined ? ports.length === 1 : p.port === port || p.name === port);
        const keys = servicePort ? [String(servicePort.port), String(servicePort.name ?? '')] : port !== undefined ? [String(port)] : [];
        return refs.find(r => r.key !== 'default' && keys.includes(r.key)) ?? refs.find(r => r.key === 'default')
            ?? (port === undefined ? refs[0] : undefined);
    }

    private identifyIde(): void {
        const ws = this.options.workspacePath;
        for (const w of this.workloads) {
            const containers = containersOf(w);
            const byName = containers.find(c => /theia/i.test(c.name) || /theia/i.test(String(c.body.image ?? '')));
            const byMount = containers.find(c => asArray(c.body.volumeMounts).some(m => isMapping(m) && typeof m.mountPath === 'string' && pathContains(m.mountPath, ws)));
            if (byName) {
                w.ide = byName;
                w.identifiedBy = 'name-or-image';
            } else if (byMount) {
                w.ide = byMount;
                w.identifiedBy = 'workspace-mount';
            } else if (containers.length === 1) {
                w.ide = containers[0];
                w.identifiedBy = 'only-container';
            }
        }
        // When some workload is recognisably the IDE, single-container workloads next to it
        // (a database, a proxy) are not taken for the IDE as well.
        if (this.workloads.some(w => w.identifiedBy === 'name-or-image' || w.identifiedBy === 'workspace-mount')) {
            for (const w of this.workloads.filter(x => x.identifiedBy === 'only-container')) {
                w.ide = undefined;
                w.identifiedBy = undefined;
            }
        }
    }
}

function pick(candidates: K8sResource[], from?: K8sResource): K8sResource | undefined {
    return (from && candidates.find(c => c.file === from.file)) ?? candidates[0];
}

export function sameNamespace(a: string | null, b: string | null): boolean {
    return a === null || b === null || a === b;
}
