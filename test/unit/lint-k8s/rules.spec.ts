import { expect } from 'chai';
import { codes, lintText } from './lint-helpers';

interface IdeOptions {
    kind?: string;
    replicas?: number;
    grace?: number;
    env?: string;
    lifecycle?: string;
    volume?: string;
    mountPath?: string;
    image?: string;
    containerName?: string;
    extraContainer?: string;
}

/** A Deployment/StatefulSet of the IDE that is correct unless an option changes it. */
function ide(o: IdeOptions = {}): string {
    const kind = o.kind ?? 'Deployment';
    return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ide
  namespace: team
spec:
${o.replicas !== undefined ? `  replicas: ${o.replicas}\n` : ''}  selector:
    matchLabels: {app: ide}
  template:
    metadata:
      labels: {app: ide}
    spec:
${o.grace !== undefined ? `      terminationGracePeriodSeconds: ${o.grace}\n` : ''}      containers:
        - name: ${o.containerName ?? 'theia'}
          image: ${o.image ?? 'example/theia-ide:1'}
          readinessProbe: {httpGet: {path: /ready, port: 3000}}
          livenessProbe: {httpGet: {path: /health, port: 3000}}
${o.env ? `          env: ${o.env}\n` : ''}${o.lifecycle ? `          lifecycle: ${o.lifecycle}\n` : ''}          volumeMounts: [{name: ws, mountPath: ${o.mountPath ?? '/home/project'}}]
${o.extraContainer ?? ''}      volumes:
        - name: ws
          ${o.volume ?? 'persistentVolumeClaim: {claimName: ws}'}
`;
}

function service(extra = '', annotations = ''): string {
    return `---
apiVersion: v1
kind: Service
metadata:
  name: ide
  namespace: team
${annotations ? `  annotations:\n${annotations}` : ''}spec:
  selector: {app: ide}
${extra}  ports: [{name: http, port: 80, targetPort: 3000}]
`;
}

/** An Ingress `ide` in `team` with those annotations (YAML flow text) and that spec (lines indented two). */
function ingress(annotations: string, spec: string): string {
    return `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ide
  namespace: team
  annotations: ${annotations}
spec:
${spec}
`;
}

function gkeIngress(): string {
    return ingress('{kubernetes.io/ingress.class: gce}', '  defaultBackend: {service: {name: ide, port: {number: 80}}}');
}

function nginxIngress(annotations: Record<string, string>): string {
    return ingress(JSON.stringify(annotations), `  ingressClassName: nginx
  rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: ide, port: {number: 80}}}}]}}]`);
}

function backendConfig(spec: string, name = 'ide'): string {
    return `---
apiVersion: cloud.google.com/v1
kind: BackendConfig
metadata:
  name: ${name}
  namespace: team
spec: ${spec}
`;
}

const BC_ANNOTATION = '    cloud.google.com/backend-config: \'{"default": "ide"}\'\n';
const GOOD = { grace: 60 };

describe('lint-k8s rules', () => {
    it('a correct Deployment with a PVC and a Service gives nothing', () => {
        expect(codes(lintText(ide(GOOD) + service()))).to.deep.equal([]);
    });

    describe('WORKSPACE_NOT_PERSISTENT', () => {
        it('follows --workspace-path: a PVC at /workspace is fine for /workspace, not for /home/project', () => {
            const text = ide({ ...GOOD, mountPath: '/workspace' });
            expect(codes(lintText(text, { workspacePath: '/workspace' }))).to.deep.equal([]);
            const [f] = lintText(text).findings;
            expect(f.code).to.equal('WORKSPACE_NOT_PERSISTENT');
            expect(f.evidence).to.contain('mounts no volume at or above the workspace /home/project');
        });

        it('accepts a PVC mounted above the workspace, rejects a generic ephemeral volume, warns for hostPath', () => {
            expect(codes(lintText(ide({ ...GOOD, mountPath: '/home' })))).to.deep.equal([]);
            const eph = lintText(ide({ ...GOOD, volume: 'ephemeral: {volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce]}}}' }));
            expect(eph.findings.map(f => [f.code, f.severity])).to.deep.equal([['WORKSPACE_NOT_PERSISTENT', 'error']]);
            expect(eph.findings[0].evidence).to.contain('deleted with the pod');
            const host = lintText(ide({ ...GOOD, volume: 'hostPath: {path: /srv/ide}' }));
            expect(host.findings.map(f => [f.code, f.severity])).to.deep.equal([['WORKSPACE_NOT_PERSISTENT', 'warning']]);
            expect(host.exitCode).to.equal(1);
        });

        it('takes the container mounting the workspace for the IDE, and ignores a workload it cannot recognise', () => {
            const sidecar = '        - name: proxy\n          image: envoyproxy/envoy:v1\n';
            const text = ide({ ...GOOD, image: 'example/ide:1', containerName: 'ide', volume: 'emptyDir: {}', extraContainer: sidecar });
            expect(codes(lintText(text))).to.deep.equal(['WORKSPACE_NOT_PERSISTENT']);
            // Two containers, neither named theia nor mounting the workspace: not the IDE.
            const other = ide({ ...GOOD, image: 'example/api:1', containerName: 'api', mountPath: '/data', volume: 'emptyDir: {}', extraContainer: sidecar });
            expect(codes(lintText(other))).to.deep.equal([]);
        });
    });

    describe('NO_GRACEFUL_DRAIN', () => {
        it('compares the grace period with SESSION_HEALTH_DRAIN_SECONDS and a preStop sleep', () => {
            expect(codes(lintText(ide({ grace: 60, env: '[{name: SESSION_HEALTH_DRAIN_SECONDS, value: "120"}]' })))).to.deep.equal(['NO_GRACEFUL_DRAIN']);
            expect(codes(lintText(ide({ grace: 150, env: '[{name: SESSION_HEALTH_DRAIN_SECONDS, value: "120"}]' })))).to.deep.equal([]);
            const preStop = lintText(ide({ grace: 45, lifecycle: '{preStop: {exec: {command: [sh, -c, "sleep 20"]}}}' }));
            expect(codes(preStop)).to.deep.equal(['NO_GRACEFUL_DRAIN']);
            expect(preStop.findings[0].evidence).to.contain('preStop 20 s + SESSION_HEALTH_DRAIN_SECONDS 30 s = 50 s');
            expect(codes(lintText(ide({ grace: 60, lifecycle: '{preStop: {sleep: {seconds: 20}}}' })))).to.deep.equal([]);
        });

        it('reports a drain switched off without a preStop hook', () => {
            const r = lintText(ide({ grace: 60, env: '[{name: SESSION_HEALTH_DRAIN_SECONDS, value: "0"}]' }));
            expect(codes(r)).to.deep.equal(['NO_GRACEFUL_DRAIN']);
            expect(r.findings[0].evidence).to.contain('cut at once');
        });
    });

    describe('NO_SESSION_AFFINITY', () => {
        const three = ide({ ...GOOD, replicas: 3, volume: 'persistentVolumeClaim: {claimName: shared}' });
        it('is satisfied by Service ClientIP, a BackendConfig affinity or an ingress-nginx cookie', () => {
            expect(codes(lintText(three + service()))).to.deep.equal(['NO_SESSION_AFFINITY']);
            expect(codes(lintText(three + service('  sessionAffinity: ClientIP\n')))).to.deep.equal([]);
            const gke = three + service('', BC_ANNOTATION) + backendConfig('{timeoutSec: 3600, sessionAffinity: {affinityType: GENERATED_COOKIE}}') + gkeIngress();
            expect(codes(lintText(gke))).to.deep.equal([]);
            const gkeNone = three + service('', BC_ANNOTATION) + backendConfig('{timeoutSec: 3600, sessionAffinity: {affinityType: NONE}}') + gkeIngress();
            const f = lintText(gkeNone).findings;
            expect(f.map(x => x.code)).to.deep.equal(['NO_SESSION_AFFINITY']);
            expect(f[0].fix).to.contain('CLIENT_IP');
            const timeouts = { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600', 'nginx.ingress.kubernetes.io/proxy-send-timeout': '3600' };
            expect(codes(lintText(three + service() + nginxIngress({ ...timeouts, 'nginx.ingress.kubernetes.io/affinity': 'cookie' })))).to.deep.equal([]);
            expect(codes(lintText(three + service() + nginxIngress(timeouts)))).to.deep.equal(['NO_SESSION_AFFINITY']);
        });

        it('does not fire for one replica', () => {
            expect(codes(lintText(ide({ ...GOOD, replicas: 1 }) + service()))).to.deep.equal([]);
        });
    });

    describe('BACKEND_TIMEOUT_TOO_SHORT', () => {
        const gke = (timeout: number) => ide(GOOD) + service('', BC_ANNOTATION) + backendConfig(`{timeoutSec: ${timeout}}`) + gkeIngress();
        it('GKE: error up to the 90 s heartbeat window, warning below 3600 s (the WebSocket lifetime), clean from 3600 s', () => {
            const short = lintText(gke(90)).findings;
            expect(short.map(f => [f.code, f.severity])).to.deep.equal([['BACKEND_TIMEOUT_TOO_SHORT', 'error']]);
            expect(short[0].evidence).to.contain('timeoutSec: 90').and.contain('heartbeat window (90 s)');
            expect(lintText(gke(600)).findings.map(f => [f.code, f.severity])).to.deep.equal([['BACKEND_TIMEOUT_TOO_SHORT', 'warning']]);
            expect(codes(lintText(gke(3600)))).to.deep.equal([]);
        });

        it('GKE: a port-specific BackendConfig wins over the default one', () => {
            const ann = '    cloud.google.com/backend-config: \'{"default": "short", "ports": {"80": "ide"}}\'\n';
            const text = ide(GOOD) + service('', ann) + backendConfig('{timeoutSec: 3600}') + backendConfig('{timeoutSec: 30}', 'short') + gkeIngress();
            expect(codes(lintText(text))).to.deep.equal([]);
        });

        it('ingress-nginx: annotations above 90 s pass, the controller ConfigMap counts, 90 s does not pass', () => {
            const ok = { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600', 'nginx.ingress.kubernetes.io/proxy-send-timeout': '120' };
            expect(codes(lintText(ide(GOOD) + service() + nginxIngress(ok)))).to.deep.equal([]);
            const read90 = lintText(ide(GOOD) + service() + nginxIngress({ ...ok, 'nginx.ingress.kubernetes.io/proxy-read-timeout': '90' }));
            expect(codes(read90)).to.deep.equal(['BACKEND_TIMEOUT_TOO_SHORT']);
            expect(read90.findings[0].evidence).to.contain('proxy-read-timeout: "90"').and.not.contain('proxy-send-timeout');
            const cm = '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: ingress-nginx-controller, namespace: ingress-nginx}\ndata: {proxy-read-timeout: "3600", proxy-send-timeout: "3600"}\n';
            expect(codes(lintText(ide(GOOD) + service() + nginxIngress({}) + cm))).to.deep.equal([]);
        });
    });

    describe('BackendConfig wiring', () => {
        it('warns about a BackendConfig no Service references', () => {
            const r = lintText(ide(GOOD) + service() + backendConfig('{timeoutSec: 3600}'));
            expect(r.findings.map(f => [f.code, f.severity, f.resource.kind])).to.deep.equal([['BACKENDCONFIG_NOT_ON_SERVICE', 'warning', 'BackendConfig']]);
        });

        it('looks Services up in the Ingress namespace', () => {
            const ingress = gkeIngress().replace('namespace: team', 'namespace: other');
            const text = ide(GOOD) + service('', BC_ANNOTATION) + backendConfig('{timeoutSec: 3600}') + ingress;
            expect(codes(lintText(text))).to.deep.equal(['INGRESS_SERVICE_MISSING']);
        });

        it('accepts the plain-name and beta annotation forms', () => {
            const ann = '    beta.cloud.google.com/backend-config: ide\n';
            expect(codes(lintText(ide(GOOD) + service('', ann) + backendConfig('{timeoutSec: 3600}') + gkeIngress()))).to.deep.equal([]);
        });
    });
});
