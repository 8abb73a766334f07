import { expect } from 'chai';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
// ajv 6 is a dependency of @theia/core (no kubernetes-models here: the schemas are in ./k8s-schemas.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
import Ajv = require('ajv');
import { lintResources } from '../../../src/node/lint-k8s/lint-k8s';
import { loadManifests } from '../../../src/node/lint-k8s/manifest-loader';
import { K8sResource } from '../../../src/node/lint-k8s/lint-types';
import { REPO_ROOT } from '../../helpers/paths';
import { K8S_SCHEMAS } from './k8s-schemas';

const KUBECTL = '/usr/bin/kubectl';
const OVERLAYS = ['gke', 'ingress-nginx'];

function render(overlay: string): string {
    return execFileSync(KUBECTL, ['kustomize', path.join(REPO_ROOT, 'deploy', 'kustomize', 'overlays', overlay)], { encoding: 'utf8', timeout: 30000 });
}

const ajv = new Ajv({ allErrors: true });
const validators = Object.fromEntries(Object.entries(K8S_SCHEMAS).map(([kind, schema]) => [kind, ajv.compile(schema)]));

function schemaErrors(r: K8sResource): string[] {
    const validate = validators[r.kind];
    if (!validate) {
        return [`${r.kind}/${r.name}: no schema for kind ${r.kind}`];
    }
    return validate(r.body) ? [] : (validate.errors ?? []).map(e => `${r.kind}/${r.name}${e.dataPath}: ${e.message} ${JSON.stringify(e.params)}`);
}

function find(resources: K8sResource[], kind: string, name = 'theia-ide'): Record<string, unknown> {
    const r = resources.find(x => x.kind === kind && x.name === name);
    expect(r, `${kind}/${name} in the rendered output`).to.not.equal(undefined);
    return r!.body as Record<string, unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

describe('deploy/ reference manifests', function () {
    this.timeout(60000);
    const rendered: Record<string, K8sResource[]> = {};

    before(function () {
        if (!fs.existsSync(KUBECTL)) {
            console.log(`      skipped: ${KUBECTL} is not installed (Debian package kubectl)`);
            this.skip();
        }
        for (const overlay of OVERLAYS) {
            rendered[overlay] = loadManifests(render(overlay), `kustomize:${overlay}`).resources;
        }
    });

    for (const overlay of OVERLAYS) {
        it(`overlays/${overlay}: kubectl kustomize output lints clean`, () => {
            const result = lintResources(rendered[overlay]);
            expect(result.findings.map(f => `${f.code}: ${f.evidence}`)).to.deep.equal([]);
            expect(result.exitCode).to.equal(0);
        });

        it(`overlays/${overlay}: every resource validates against the Kubernetes/CRD schemas (strict)`, () => {
            expect(rendered[overlay].length).to.be.greaterThan(5);
            expect(rendered[overlay].flatMap(schemaErrors)).to.deep.equal([]);
        });
    }

    it('base: StatefulSet with a claim template at /home/project, probes, grace period above the drain, RBAC for the storage check', () => {
        const res = rendered.gke;
        const sts: Any = find(res, 'StatefulSet');
        const pod = sts.spec.template.spec;
        const theia = pod.containers[0];
        expect(sts.spec.volumeClaimTemplates[0].metadata.name).to.equal('workspace');
        expect(theia.volumeMounts).to.deep.include({ name: 'workspace', mountPath: '/home/project' });
        expect(theia.readinessProbe.httpGet.path).to.equal('/ready');
        expect(theia.livenessProbe.httpGet.path).to.equal('/health');
        const env = Object.fromEntries(theia.env.filter((e: Any) => e.value !== undefined).map((e: Any) => [e.name, e.value]));
        expect(Number(env.FRONTEND_CONNECTION_TIMEOUT)).to.be.at.least(60000);
        expect(pod.terminationGracePeriodSeconds).to.be.greaterThan(Number(env.SESSION_HEALTH_DRAIN_SECONDS ?? 30));
        expect(pod.serviceAccountName).to.equal('theia-ide');
        const role: Any = find(res, 'Role', 'theia-ide-storage-check');
        expect(role.rules).to.deep.equal([{ apiGroups: [''], resources: ['pods', 'persistentvolumeclaims'], verbs: ['get'] }]);
        const binding: Any = find(res, 'RoleBinding', 'theia-ide-storage-check');
        expect(binding.subjects).to.deep.equal([{ kind: 'ServiceAccount', name: 'theia-ide' }]);
        const monitor: Any = find(res, 'PodMonitor');
        expect(monitor.spec.podMetricsEndpoints[0]).to.deep.include({ port: 'http', path: '/session-health/metrics' });
    });

    it('gke: BackendConfig (affinity, timeout >= 3600, no CDN, /health, draining) referenced from the Service', () => {
        const bc: Any = find(rendered.gke, 'BackendConfig');
        expect(bc.spec.sessionAffinity.affinityType).to.equal('CLIENT_IP');
        expect(bc.spec.timeoutSec).to.be.at.least(3600);
        expect(bc.spec.cdn.enabled).to.equal(false);
        expect(bc.spec.healthCheck.requestPath).to.equal('/health');
        expect(bc.spec.connectionDraining.drainingTimeoutSec).to.be.greaterThan(0);
        const svc: Any = find(rendered.gke, 'Service');
        expect(JSON.parse(svc.metadata.annotations['cloud.google.com/backend-config'])).to.deep.equal({ default: 'theia-ide' });
    });

    it('ingress-nginx: cookie affinity and proxy read/send timeouts >= 3600 s', () => {
        const ing: Any = find(rendered['ingress-nginx'], 'Ingress');
        const a = ing.metadata.annotations;
        expect(a['nginx.ingress.kubernetes.io/affinity']).to.equal('cookie');
        expect(Number(a['nginx.ingress.kubernetes.io/proxy-read-timeout'])).to.be.at.least(3600);
        expect(Number(a['nginx.ingress.kubernetes.io/proxy-send-timeout'])).to.be.at.least(3600);
    });

    it('the checks can fail: a broken copy of the GKE output lints dirty and fails the schemas', () => {
        const broken = render('gke')
            .replace(/^ {4}cloud\.google\.com\/backend-config: .*\n/m, '')
            .replace('terminationGracePeriodSeconds: 60', 'terminationGracePeriodSecond: 60');
        const resources = loadManifests(broken, 'broken').resources;
        expect(lintResources(resources).findings.map(f => f.code).sort()).to.deep.equal(['BACKENDCONFIG_NOT_ON_SERVICE', 'BACKEND_TIMEOUT_TOO_SHORT', 'NO_GRACEFUL_DRAIN']);
        expect(resources.flatMap(schemaErrors).join('\n')).to.contain('additionalProperty":"terminationGracePeriodSecond"');
    });

    it('Dockerfile: Node 20 on Debian, the README setup script, a non-root user, the workspace at /home/project', () => {
        const dockerfile = fs.readFileSync(path.join(REPO_ROOT, 'deploy', 'Dockerfile'), 'utf8');
        const froms = dockerfile.match(/^FROM \S+/gm) ?? [];
        expect(froms.length).to.be.greaterThan(0);
        froms.forEach(f => expect(f).to.match(/^FROM node:20-bookworm/));
        expect(dockerfile).to.match(/^RUN bash scripts\/setup\.sh --no-test-deps/m);
        const users = dockerfile.match(/^USER (\S+)/gm) ?? [];
        expect(users[users.length - 1]).to.match(/^USER (node|1000)$/);
        expect(dockerfile).to.contain('/home/project');
    });
});
