import { expect } from 'chai';
import * as fs from 'fs';
import { lintResources } from '../../../src/node/lint-k8s/lint-k8s';
import { loadManifests } from '../../../src/node/lint-k8s/manifest-loader';
import { codes, fixturePath, lineContaining, lintFixture } from './lint-helpers';

/** Real broken setups: each must give exactly these codes (sorted), no more, no fewer. */
const EXPECTED: Record<string, string[]> = {
    'clean-gke.yaml': [],
    'ingress-deleted-service.yaml': ['INGRESS_SERVICE_MISSING'],
    'cdn-annotation-on-ingress.yaml': ['BACKENDCONFIG_NOT_ON_SERVICE', 'BACKEND_TIMEOUT_TOO_SHORT', 'CDN_ON_SOCKETIO'],
    'deployment-3-replicas-no-affinity.yaml': ['NO_SESSION_AFFINITY'],
    'hpa-no-affinity.yaml': ['NO_SESSION_AFFINITY'],
    'workspace-emptydir.yaml': ['WORKSPACE_NOT_PERSISTENT'],
    'timeouts-at-defaults.yaml': ['BACKEND_TIMEOUT_TOO_SHORT', 'BACKEND_TIMEOUT_TOO_SHORT', 'NO_GRACEFUL_DRAIN'],
    'probes-wrong.yaml': ['HEALTHCHECK_PATH_MISMATCH', 'HEALTHCHECK_PATH_MISMATCH', 'NO_READINESS_PROBE'],
    'backendconfig-missing.yaml': ['BACKENDCONFIG_MISSING'],
    'list-from-kubectl-get.yaml': ['WORKSPACE_NOT_PERSISTENT']
};

describe('lint-k8s fixtures (real broken setups)', () => {
    for (const [fixture, expected] of Object.entries(EXPECTED)) {
        it(`${fixture} gives exactly [${expected.join(', ')}]`, () => {
            const result = lintFixture(fixture);
            expect(codes(result)).to.deep.equal([...expected].sort());
            const exit = result.findings.some(f => f.severity === 'error') ? 2 : result.findings.length ? 1 : 0;
            expect(result.exitCode).to.equal(exit);
            for (const f of result.findings) {
                expect(f.file).to.equal(fixture);
                expect(f.evidence, f.code).to.be.a('string').and.not.empty;
                expect(f.fix, f.code).to.be.a('string').and.not.empty;
                expect(f.docs, f.code).to.match(/^https:\/\/(cloud\.google\.com|kubernetes\.io|kubernetes\.github\.io|socket\.io)\//);
            }
        });
    }

    it('all fixtures linted together give the same findings per file as each alone (same-named objects in other files do not leak)', () => {
        const files = Object.keys(EXPECTED);
        const resources = files.flatMap(f => loadManifests(fs.readFileSync(fixturePath(f), 'utf8'), f).resources);
        const together = lintResources(resources).findings.map(f => `${f.file} ${f.code} ${f.line}`).sort();
        const alone = files.flatMap(f => lintFixture(f).findings.map(x => `${x.file} ${x.code} ${x.line}`)).sort();
        expect(together).to.deep.equal(alone);
    });

    it('points INGRESS_SERVICE_MISSING at the stale backend, naming the Service', () => {
        const [f] = lintFixture('ingress-deleted-service.yaml').findings;
        expect(f.line).to.equal(lineContaining('ingress-deleted-service.yaml', 'name: ide-legacy'));
        expect(f.resource).to.deep.equal({ kind: 'Ingress', namespace: null, name: 'ide' });
        expect(f.severity).to.equal('error');
        expect(f.evidence).to.contain('"ide-legacy"').and.contain('/legacy/*').and.contain('fails translation');
    });

    it('explains the CDN with an ignored query string and the Ingress-only annotation', () => {
        const name = 'cdn-annotation-on-ingress.yaml';
        const { findings } = lintFixture(name);
        const cdn = findings.find(f => f.code === 'CDN_ON_SOCKETIO')!;
        expect(cdn.line).to.equal(lineContaining(name, 'enabled: true'));
        expect(cdn.evidence).to.contain('includeQueryString: false');
        const notOnService = findings.find(f => f.code === 'BACKENDCONFIG_NOT_ON_SERVICE')!;
        expect(notOnService.resource.kind).to.equal('Ingress');
        expect(notOnService.line).to.equal(lineContaining(name, "cloud.google.com/backend-config: '{\"default\": \"ide-backend\"}'"));
        expect(notOnService.fix).to.contain('cloud.google.com/backend-config');
        const timeout = findings.find(f => f.code === 'BACKEND_TIMEOUT_TOO_SHORT')!;
        expect(timeout.resource).to.deep.include({ kind: 'Service', name: 'ide' });
        expect(timeout.evidence).to.contain('default of 30 s');
    });

    it('reports the replicas line and the ingress-nginx fix for three replicas without affinity', () => {
        const name = 'deployment-3-replicas-no-affinity.yaml';
        const [f] = lintFixture(name).findings;
        expect(f.line).to.equal(lineContaining(name, 'replicas: 3'));
        expect(f.evidence).to.contain('replicas: 3');
        expect(f.fix).to.contain('nginx.ingress.kubernetes.io/affinity');
        expect(f.docs).to.contain('ingress-nginx');
    });

    it('names the autoscaler when it is what adds replicas', () => {
        const [f] = lintFixture('hpa-no-affinity.yaml').findings;
        expect(f.evidence).to.contain('up to 5 replicas').and.contain('HorizontalPodAutoscaler "ide"');
        expect(f.fix).to.contain('sessionAffinity: ClientIP');
    });

    it('points WORKSPACE_NOT_PERSISTENT at the emptyDir and leaves the redis next to the IDE alone', () => {
        const name = 'workspace-emptydir.yaml';
        const [f] = lintFixture(name).findings;
        expect(f.resource.name).to.equal('cloud-ide');
        expect(f.line).to.equal(lineContaining(name, 'emptyDir: {}'));
        expect(f.evidence).to.contain('emptyDir, deleted with the pod');
    });

    it('reads the defaults of GKE (30 s) and ingress-nginx (60 s), and the default grace period', () => {
        const { findings } = lintFixture('timeouts-at-defaults.yaml');
        const evidence = findings.map(f => f.evidence).join('\n');
        expect(evidence).to.contain('leaves timeoutSec unset (default 30 s)');
        expect(evidence).to.contain('proxy-read-timeout unset (default 60 s)').and.contain('proxy-send-timeout unset (default 60 s)');
        expect(evidence).to.contain('terminationGracePeriodSeconds unset (default 30 s)');
        expect(findings.find(f => f.code === 'NO_GRACEFUL_DRAIN')!.severity).to.equal('warning');
    });

    it('points HEALTHCHECK_PATH_MISMATCH at the probe path and at the BackendConfig requestPath', () => {
        const name = 'probes-wrong.yaml';
        const lines = lintFixture(name).findings.filter(f => f.code === 'HEALTHCHECK_PATH_MISMATCH').map(f => f.line);
        expect(lines).to.deep.equal([lineContaining(name, 'path: /healthz'), lineContaining(name, 'requestPath: /healthz')]);
    });

    it('finds resources inside a kind: List with their lines', () => {
        const name = 'list-from-kubectl-get.yaml';
        const [f] = lintFixture(name).findings;
        expect(f.resource).to.deep.equal({ kind: 'Pod', namespace: 'dev', name: 'theia-dev' });
        expect(f.line).to.equal(lineContaining(name, '- name: theia'));
    });
});
