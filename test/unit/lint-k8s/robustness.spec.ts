import { expect } from 'chai';
import * as fc from 'fast-check';
import { stringify } from 'yaml';
import { lintResources } from '../../../src/node/lint-k8s/lint-k8s';
import { loadManifests, ManifestSyntaxError } from '../../../src/node/lint-k8s/manifest-loader';
import { LINT_CODES } from '../../../src/node/lint-k8s/lint-types';

const KINDS = ['Deployment', 'StatefulSet', 'Pod', 'DaemonSet', 'Service', 'Ingress', 'BackendConfig', 'HorizontalPodAutoscaler', 'ConfigMap', 'List'];

/** Values that sit where the rules look, of every wrong type. */
const junk = fc.oneof(fc.anything({ maxDepth: 3 }), fc.constantFrom('theia', '/home/project', 'ClientIP', 'cookie', '{"default": "x"}', '{"ports": 5}', 'gce', 'nginx', true, -1, 0, 1e9));
const field = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), junk, { maxKeys: 4 });

const resource = fc.record({
    apiVersion: fc.constantFrom('v1', 'apps/v1', 'networking.k8s.io/v1', 'cloud.google.com/v1'),
    kind: fc.constantFrom(...KINDS),
    metadata: fc.record({
        name: fc.oneof(fc.constantFrom('ide', 'x'), junk),
        namespace: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
        annotations: field(['cloud.google.com/backend-config', 'kubernetes.io/ingress.class', 'nginx.ingress.kubernetes.io/affinity', 'nginx.ingress.kubernetes.io/proxy-read-timeout'])
    }, { requiredKeys: ['name'] }),
    spec: fc.oneof(junk, fc.record({
        replicas: junk, selector: junk, sessionAffinity: junk, timeoutSec: junk, cdn: junk, healthCheck: junk, rules: junk, defaultBackend: junk,
        scaleTargetRef: junk, maxReplicas: junk, volumeClaimTemplates: junk,
        template: fc.record({ metadata: junk, spec: fc.oneof(junk, field(['containers', 'volumes', 'terminationGracePeriodSeconds'])) }, { requiredKeys: [] })
    }, { requiredKeys: [] })),
    items: junk
}, { requiredKeys: ['apiVersion', 'kind'] });

describe('lint-k8s robustness (property-based)', () => {
    it('accepts 1,000 generated (valid YAML) manifest sets, never throws, and only emits known codes with a line', () => {
        fc.assert(fc.property(fc.array(resource, { maxLength: 6 }), resources => {
            const text = resources.map(r => stringify(r)).join('---\n');
            // stringify() output is valid YAML: the loader must accept it (a syntax error here is a loader bug).
            const loaded = loadManifests(text, 'gen.yaml');
            // Every generated resource that is not an expanded List is found, in order (List items may add more).
            const expected = resources.filter(r => !(r.kind === 'List' && Array.isArray(r.items))).map(r => `${r.apiVersion} ${r.kind}`);
            const found = loaded.resources.map(r => `${r.apiVersion} ${r.kind}`);
            let next = 0;
            for (const kind of found) {
                next += next < expected.length && kind === expected[next] ? 1 : 0;
            }
            expect(next, `${text}\nexpected ${JSON.stringify(expected)} in ${JSON.stringify(found)}`).to.equal(expected.length);
            const result = lintResources(loaded.resources, { workspacePath: '/home/project' });
            for (const f of result.findings) {
                expect(LINT_CODES).to.include(f.code);
                expect(f.line).to.be.a('number').and.at.least(1);
            }
        }), { numRuns: 1000 });
    });

    it('arbitrary text gives resources or a ManifestSyntaxError with a line, nothing else', () => {
        fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), text => {
            try {
                loadManifests(text, 'gen.yaml');
            } catch (e) {
                expect(e).to.be.instanceOf(ManifestSyntaxError);
                expect((e as ManifestSyntaxError).line).to.be.at.least(1);
            }
        }), { numRuns: 1000 });
    });
});
