import { expect } from 'chai';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
// ajv 6 is a dependency of @theia/core (no kubernetes-models here: the schemas are in ./k8s-schemas.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
import Ajv = require('ajv');
import * as YAML from 'yaml';
import { lintResources } from '../../../src/node/lint-k8s/lint-k8s';
import { loadManifests } from '../../../src/node/lint-k8s/manifest-loader';
import { K8sResource } from '../../../src/node/lint-k8s/lint-types';
import { parseGoDuration } from '../../../src/node/lint-k8s/auth-rules';
import { REPO_ROOT } from '../../helpers/paths';

/** The image tag the kit deploys is the package's version (one source: package.json). */
const PACKAGE_VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
import { findExecutable, skipOrFail } from '../../helpers/requirements';
import { K8S_SCHEMAS } from './k8s-schemas';

// The kubectl on PATH: Debian 12's kubernetes-client 1.20 (kustomize v2) that scripts/setup.sh installs on a fresh
// machine, or a current kubectl (kustomize v5) where one is already installed. The overlays must render with both.
const KUBECTL = process.env.KUBECTL || findExecutable('kubectl');
const KUSTOMIZE_DIR = path.join(REPO_ROOT, 'deploy', 'kustomize');
const OVERLAYS = ['gke', 'ingress-nginx', 'ingress-nginx-oauth2-proxy'];

function render(overlay: string): string {
    // stderr piped (kustomize v5 prints deprecation notes for `bases`/`patchesStrategicMerge` there); a failure throws with it.
    return execFileSync(KUBECTL!, ['kustomize', path.join(KUSTOMIZE_DIR, 'overlays', overlay)], { encoding: 'utf8', timeout: 30000, stdio: ['ignore', 'pipe', 'pipe'] });
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
        if (!KUBECTL) {
            skipOrFail(this, 'kubectl is not installed (scripts/setup.sh installs Debian\'s kubernetes-client)');
        }
        for (const overlay of OVERLAYS) {
            rendered[overlay] = loadManifests(render(overlay), `kustomize:${overlay}`).resources;
        }
    });

    it(`the installed kubectl (${KUBECTL ?? 'none'}) renders every overlay`, () => {
        const version = execFileSync(KUBECTL!, ['version', '--client'], { encoding: 'utf8', timeout: 30000, stdio: ['ignore', 'pipe', 'pipe'] });
        console.log(`      ${version.split('\n').filter(Boolean).join('; ')}`);
        for (const overlay of OVERLAYS) {
            const kinds = rendered[overlay].map(r => `${r.kind}/${r.name}`).sort();
            expect(kinds, overlay).to.include.members(['Service/theia-ide', 'Service/theia-ide-pods', 'StatefulSet/theia-ide', 'Ingress/theia-ide']);
            expect(find(rendered[overlay], 'StatefulSet')).to.have.nested.property('spec.template.spec.containers[0].image', `theia-session-health:${PACKAGE_VERSION}`);
        }
    });

    it('every kustomization uses only fields that both kustomize v2 (Debian 12 kubectl 1.20) and v5 (current kubectl) accept', () => {
        // kustomize v2 knows no `patches:` and takes directories only under `bases:`; v5 still accepts both old fields.
        const known = new Set(['apiVersion', 'kind', 'resources', 'bases', 'patchesStrategicMerge', 'images', 'namespace', 'commonLabels', 'namePrefix']);
        for (const dir of ['base', ...OVERLAYS.map(o => path.join('overlays', o))]) {
            const file = path.join(KUSTOMIZE_DIR, dir, 'kustomization.yaml');
            const k = YAML.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
            expect(Object.keys(k).filter(key => !known.has(key)), file).to.deep.equal([]);
            for (const entry of (k.resources ?? []) as string[]) {
                expect(fs.statSync(path.join(KUSTOMIZE_DIR, dir, entry)).isFile(), `${file}: resources entry ${entry} must be a file (directories go under bases:)`).to.equal(true);
            }
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

    it('ingress-nginx-oauth2-proxy: auth-url / auth-signin to oauth2-proxy on the same host, its cookie outliving the IDE\'s idle timeout', () => {
        const res = rendered['ingress-nginx-oauth2-proxy'];
        const a = (find(res, 'Ingress') as Any).metadata.annotations;
        expect(a['nginx.ingress.kubernetes.io/auth-url']).to.equal('https://$host/oauth2/auth');
        expect(a['nginx.ingress.kubernetes.io/auth-signin']).to.equal('https://$host/oauth2/start?rd=$escaped_request_uri');
        expect(a['nginx.ingress.kubernetes.io/affinity']).to.equal('cookie');
        expect(Number(a['nginx.ingress.kubernetes.io/proxy-read-timeout'])).to.be.at.least(3600);
        const oauthIngress: Any = find(res, 'Ingress', 'oauth2-proxy');
        expect(oauthIngress.spec.rules[0].http.paths[0]).to.deep.include({ path: '/oauth2', pathType: 'Prefix' });
        expect(oauthIngress.metadata.annotations?.['nginx.ingress.kubernetes.io/auth-url']).to.equal(undefined);
        const args: string[] = (find(res, 'Deployment', 'oauth2-proxy') as Any).spec.template.spec.containers[0].args;
        const flag = (name: string) => parseGoDuration(args.find(x => x.startsWith(`--${name}=`))!.split('=')[1])!;
        const theia = (find(res, 'StatefulSet') as Any).spec.template.spec.containers[0];
        const idle = Number(theia.env.find((e: Any) => e.name === 'SESSION_HEALTH_IDLE_TIMEOUT_SECONDS').value);
        expect(idle).to.equal(1800);
        expect(flag('cookie-expire')).to.be.greaterThan(idle);
        expect(flag('cookie-refresh')).to.be.lessThan(flag('cookie-expire'));
        // The same overlay with a cookie shorter than the idle timeout: the linter warns at the flag's line.
        const short = render('ingress-nginx-oauth2-proxy').replace('--cookie-expire=12h', '--cookie-expire=20m');
        const lint = lintResources(loadManifests(short, 'short').resources);
        expect(lint.findings.map(f => `${f.code} ${f.resource.kind}/${f.resource.name} ${f.severity}`)).to.deep.equal(['AUTH_COOKIE_SHORTER_THAN_SESSION Deployment/oauth2-proxy warning']);
        expect(short.split('\n')[lint.findings[0].line - 1]).to.contain('--cookie-expire=20m');
        expect(lint.exitCode).to.equal(1);
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
