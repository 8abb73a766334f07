// AUTH_COOKIE_SHORTER_THAN_SESSION (#25): an oauth2-proxy in front of the IDE whose cookie expires before the IDE's
// idle timeout, both ways: as a sidecar (Theia Cloud) and behind an ingress-nginx auth-url.
import { expect } from 'chai';
import { codes, lintText } from './lint-helpers';
import { parseGoDuration } from '../../../src/node/lint-k8s/auth-rules';

const PROBES = `readinessProbe: {httpGet: {path: /ready, port: 3000}}
          livenessProbe: {httpGet: {path: /health, port: 3000}}`;

function ideWith(env: string, sidecar = ''): string {
    return `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ide}
spec:
  serviceName: ide
  selector: {matchLabels: {app: ide}}
  template:
    metadata: {labels: {app: ide}}
    spec:
      terminationGracePeriodSeconds: 60
      containers:
        - name: theia
          image: theia-ide:1
          env: [${env}]
          volumeMounts: [{name: ws, mountPath: /home/project}]
          ${PROBES}${sidecar}
  volumeClaimTemplates:
    - metadata: {name: ws}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: v1
kind: Service
metadata: {name: ide}
spec: {selector: {app: ide}, ports: [{port: 80, targetPort: 3000}]}
`;
}

function proxy(name: string, cookie: string): string {
    return `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: proxy
          image: quay.io/oauth2-proxy/oauth2-proxy:v7.6.0
          ${cookie}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec: {selector: {app: ${name}}, ports: [{port: 4180}]}
`;
}

function ingress(authUrl: string): string {
    return `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ide
  annotations:
    nginx.ingress.kubernetes.io/auth-url: "${authUrl}"
    nginx.ingress.kubernetes.io/proxy-read-timeout: "3600"
    nginx.ingress.kubernetes.io/proxy-send-timeout: "3600"
spec:
  ingressClassName: nginx
  rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: ide, port: {number: 80}}}}]}}]
`;
}

const IDLE_2H = '{name: SESSION_HEALTH_IDLE_TIMEOUT_SECONDS, value: "7200"}';

describe('lint-k8s: AUTH_COOKIE_SHORTER_THAN_SESSION', () => {
    it('reads Go durations as oauth2-proxy does', () => {
        expect(parseGoDuration('168h0m0s')).to.equal(604800);
        expect(parseGoDuration('1h30m')).to.equal(5400);
        expect(parseGoDuration('1.5h')).to.equal(5400);
        expect(parseGoDuration('90s')).to.equal(90);
        expect(parseGoDuration('0')).to.equal(0);
        expect(parseGoDuration('12 hours')).to.equal(undefined);
        expect(parseGoDuration('')).to.equal(undefined);
    });

    it('ingress-nginx auth-url to an oauth2-proxy whose --cookie-expire is shorter than the idle timeout: a warning at the flag\'s line', () => {
        const text = ideWith(IDLE_2H) + proxy('oauth2-proxy', 'args: [--provider=oidc, --cookie-expire=1h, --cookie-refresh=30m]') + ingress('http://oauth2-proxy.auth.svc.cluster.local:4180/oauth2/auth');
        const r = lintText(text);
        expect(codes(r)).to.deep.equal(['AUTH_COOKIE_SHORTER_THAN_SESSION']);
        const f = r.findings[0];
        expect(f.severity).to.equal('warning');
        expect(r.exitCode).to.equal(1);
        expect(f.resource).to.deep.equal({ kind: 'Deployment', namespace: null, name: 'oauth2-proxy' });
        expect(text.split('\n')[f.line - 1]).to.contain('--cookie-expire=1h');
        expect(f.evidence).to.contain('1h (--cookie-expire=1h)').and.contain('2h, SESSION_HEALTH_IDLE_TIMEOUT_SECONDS=7200').and.contain('--cookie-refresh');
        expect(f.fix).to.contain('--cookie-expire to at least 2h');
        expect(f.docs).to.match(/^https:\/\/oauth2-proxy\.github\.io\//);
    });

    it('the other way: a cookie that outlives the idle timeout, the default 168h, or no idle timeout at all: no finding', () => {
        for (const text of [
            ideWith(IDLE_2H) + proxy('oauth2-proxy', 'args: ["--cookie-expire", "12h"]') + ingress('https://$host/oauth2/auth'),
            ideWith(IDLE_2H) + proxy('oauth2-proxy', 'args: [--provider=oidc]') + ingress('https://$host/oauth2/auth'),
            ideWith('') + proxy('oauth2-proxy', 'args: [--cookie-expire=1m]') + ingress('https://$host/oauth2/auth'),
            // An oauth2-proxy that is not in front of the IDE (no auth-url on its Ingress, not in its pod).
            ideWith(IDLE_2H) + proxy('oauth2-proxy', 'args: [--cookie-expire=1m]')
        ]) {
            expect(codes(lintText(text))).to.deep.equal([]);
        }
    });

    it('a Theia Cloud style sidecar (env OAUTH2_PROXY_COOKIE_EXPIRE) and Theia Cloud\'s timeout in minutes', () => {
        const sidecar = `
        - name: oauth2-proxy
          image: quay.io/oauth2-proxy/oauth2-proxy:v7.6.0
          env: [{name: OAUTH2_PROXY_COOKIE_EXPIRE, value: "20m"}]`;
        expect(codes(lintText(ideWith('{name: THEIACLOUD_MONITOR_TIMEOUT_AFTER, value: "30"}', sidecar)))).to.deep.equal(['AUTH_COOKIE_SHORTER_THAN_SESSION']);
        expect(codes(lintText(ideWith('{name: THEIACLOUD_MONITOR_TIMEOUT_AFTER, value: "15"}', sidecar)))).to.deep.equal([]);
    });

    it('with two oauth2-proxies, the one auth-url names is judged', () => {
        const text = ideWith(IDLE_2H) + proxy('auth-short', 'args: [--cookie-expire=1h]') + proxy('auth-long', 'args: [--cookie-expire=24h]');
        expect(codes(lintText(text + ingress('http://auth-long.auth.svc.cluster.local/oauth2/auth')))).to.deep.equal([]);
        const r = lintText(text + ingress('http://auth-short.auth.svc.cluster.local/oauth2/auth'));
        expect(r.findings.map(f => f.resource.name)).to.deep.equal(['auth-short']);
    });
});
