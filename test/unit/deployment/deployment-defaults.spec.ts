// One source per deployment fact: the values the fixes are built from (src/common/deployment/deployment-defaults.ts) are
// the values the reference manifests in deploy/kustomize carry, and every YAML fix parses.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import {
    CLIENT_IP_AFFINITY_TIMEOUT_SECONDS, DRAIN_SECONDS, gkeBackendConfig, GKE_BACKEND_CONFIG_ANNOTATION, IDE_CONTAINER_NAME, IDE_CONTAINER_PORT,
    IDE_NAME, IDE_SERVICE_PORT, ingressNginxAnnotations, LIVENESS_PROBE, PROXY_TIMEOUT_SECONDS, READINESS_PROBE, TERMINATION_GRACE_PERIOD_SECONDS,
    WORKSPACE_ACCESS_MODES, WORKSPACE_PATH, WORKSPACE_STORAGE_REQUEST, WORKSPACE_VOLUME
} from '../../../src/common/deployment/deployment-defaults';
import { DEFAULT_DRAIN_SECONDS, DRAIN_SECONDS_ENV } from '../../../src/common/health/health-protocol';
import { REMEDIATIONS } from '../../../src/common/probe/probe-remediations';
import { remediation } from '../../../src/browser/storage/storage-remediation';

const KUSTOMIZE = path.join(__dirname, '../../../deploy/kustomize');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Yaml = any;

function load(file: string): Yaml[] {
    return parseAllDocuments(fs.readFileSync(path.join(KUSTOMIZE, file), 'utf8')).map(d => d.toJS());
}
function find(file: string, kind: string, name = IDE_NAME): Yaml {
    const doc = load(file).find(d => d?.kind === kind && d.metadata?.name === name);
    expect(doc, `${kind}/${name} in deploy/kustomize/${file}`).to.not.equal(undefined);
    return doc;
}
/** Resolves a probe's named port (`http`) to the container port it names. */
function resolvePort(probe: Yaml, container: Yaml): Yaml {
    const port = container.ports.find((p: Yaml) => p.name === probe.httpGet.port)?.containerPort ?? probe.httpGet.port;
    return { ...probe, httpGet: { ...probe.httpGet, port } };
}

describe('deployment defaults: one source, the same values as deploy/kustomize', () => {
    it('the StatefulSet: container, port, probes, grace period, drain and the workspace claim', () => {
        const sts = find('base/statefulset.yaml', 'StatefulSet');
        const pod = sts.spec.template.spec;
        const container = pod.containers.find((c: Yaml) => c.name === IDE_CONTAINER_NAME);
        expect(container, 'container').to.not.equal(undefined);
        expect(container.ports.find((p: Yaml) => p.name === 'http').containerPort).to.equal(IDE_CONTAINER_PORT);
        expect(resolvePort(container.readinessProbe, container)).to.deep.equal(READINESS_PROBE);
        expect(resolvePort(container.livenessProbe, container)).to.deep.equal(LIVENESS_PROBE);
        expect(pod.terminationGracePeriodSeconds).to.equal(TERMINATION_GRACE_PERIOD_SECONDS);
        expect(container.env.find((e: Yaml) => e.name === DRAIN_SECONDS_ENV).value).to.equal(String(DRAIN_SECONDS));
        expect(DRAIN_SECONDS).to.equal(DEFAULT_DRAIN_SECONDS);
        expect(TERMINATION_GRACE_PERIOD_SECONDS).to.be.greaterThan(DRAIN_SECONDS);
        expect(container.volumeMounts).to.deep.include({ name: WORKSPACE_VOLUME, mountPath: WORKSPACE_PATH });
        const claim = sts.spec.volumeClaimTemplates.find((t: Yaml) => t.metadata.name === WORKSPACE_VOLUME);
        expect(claim.spec).to.deep.equal({ accessModes: WORKSPACE_ACCESS_MODES, resources: { requests: { storage: WORKSPACE_STORAGE_REQUEST } } });
    });

    it('the Service: ClientIP affinity with its timeout, the service port', () => {
        const svc = find('base/service.yaml', 'Service');
        expect(svc.spec.sessionAffinity).to.equal('ClientIP');
        expect(svc.spec.sessionAffinityConfig.clientIP.timeoutSeconds).to.equal(CLIENT_IP_AFFINITY_TIMEOUT_SECONDS);
        expect(svc.spec.ports[0].port).to.equal(IDE_SERVICE_PORT);
    });

    it('GKE: the BackendConfig spec, and its annotation on the Service', () => {
        const bc = find('overlays/gke/backendconfig.yaml', 'BackendConfig');
        const ours = gkeBackendConfig() as Yaml;
        expect(bc.apiVersion).to.equal(ours.apiVersion);
        for (const key of Object.keys(ours.spec)) {
            if (typeof ours.spec[key] === 'object') {
                expect(bc.spec[key], key).to.deep.include(ours.spec[key]);
            } else {
                expect(bc.spec[key], key).to.equal(ours.spec[key]);
            }
        }
        expect(bc.spec.timeoutSec).to.equal(ours.spec.timeoutSec);
        const svc = find('overlays/gke/service-backendconfig.yaml', 'Service');
        for (const [k, v] of Object.entries(GKE_BACKEND_CONFIG_ANNOTATION)) {
            expect(JSON.parse(svc.metadata.annotations[k])).to.deep.equal(JSON.parse(v));
        }
    });

    it('ingress-nginx: affinity and timeout annotations', () => {
        const ingress = find('overlays/ingress-nginx/ingress.yaml', 'Ingress');
        expect(ingress.metadata.annotations).to.deep.include(ingressNginxAnnotations());
        expect(Number(ingress.metadata.annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'])).to.equal(PROXY_TIMEOUT_SECONDS);
    });
});

describe('remediation snippets: valid YAML by construction', () => {
    it('every snippet says its format; every YAML one parses, also with hostile input in the storage fix', () => {
        let yamlSnippets = 0;
        for (const [code, r] of Object.entries(REMEDIATIONS)) {
            for (const s of r.snippets) {
                expect(s.format, `${code} ${s.title}`).to.be.oneOf(['yaml', 'nginx', 'haproxy', 'shell']);
                if (s.format === 'yaml') {
                    yamlSnippets++;
                    const docs = parseAllDocuments(s.config);
                    for (const d of docs) {
                        expect(d.errors, `${code} ${s.title}`).to.deep.equal([]);
                        expect(d.toJS(), `${code} ${s.title}`).to.be.an('object');
                    }
                }
                if (['gke', 'ingress-nginx'].includes(s.platform)) {
                    expect(s.format, `${code} ${s.title}`).to.equal('yaml');
                }
            }
        }
        expect(yamlSnippets).to.be.greaterThan(15);
        for (const input of [{ workspacePath: '/w' }, { workspacePath: '/a: b\n- c # "d"', containerName: '{x}', storageClass: '*&!', size: '|', claimName: '---' }]) {
            const fix = remediation(input);
            for (const text of [fix.deployment, fix.statefulSet]) {
                for (const d of parseAllDocuments(text)) {
                    expect(d.errors).to.deep.equal([]);
                }
            }
            expect(parse(fix.statefulSet).spec.template.spec.containers[0].volumeMounts[0].mountPath).to.equal(input.workspacePath);
        }
    });

    it('the fixes carry the deploy/ values: timeouts, affinity, drain, claim size', () => {
        const idle = REMEDIATIONS.IDLE_TIMEOUT_CUT.snippets;
        expect(idle.find(s => s.platform === 'nginx')!.config).to.contain(`proxy_read_timeout ${PROXY_TIMEOUT_SECONDS}s`);
        expect(idle.find(s => s.platform === 'haproxy')!.config).to.contain(`timeout tunnel  ${PROXY_TIMEOUT_SECONDS}s`);
        expect(parse(idle.find(s => s.platform === 'ingress-nginx')!.config).metadata.annotations).to.deep.equal(ingressNginxAnnotations());
        const gke = parseAllDocuments(idle.find(s => s.platform === 'gke')!.config).map(d => d.toJS());
        expect(gke[0].spec.timeoutSec).to.equal(find('overlays/gke/backendconfig.yaml', 'BackendConfig').spec.timeoutSec);
        const pod = parse(REMEDIATIONS.NOT_READY.snippets[0].config);
        expect(pod.terminationGracePeriodSeconds).to.equal(TERMINATION_GRACE_PERIOD_SECONDS);
        expect(pod.containers[0].env).to.deep.equal([{ name: DRAIN_SECONDS_ENV, value: String(DRAIN_SECONDS) }]);
        const pvc = parseAllDocuments(remediation({ workspacePath: '/w' }).deployment)[0].toJS();
        expect(pvc.spec.resources.requests.storage).to.equal(WORKSPACE_STORAGE_REQUEST);
    });
});
