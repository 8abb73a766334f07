// The pure findings logic: observations in, finding codes with evidence and remediation out.
import { expect } from 'chai';
import { analyzeProbe } from '../../../src/common/probe/probe-findings';
import { cacheHeadersOf, HttpObservation, ProbeObservations, WebSocketObservation } from '../../../src/common/probe/probe-observations';
import { PROBE_FINDING_CODES, probeExitCode, ProbeRequestRecord, ProbeStepName } from '../../../src/common/probe/probe-protocol';
import { engineErrorCode, normaliseBaseUrl, parseOpenPacket, socketIoUrl, upgradeErrorCode } from '../../../src/common/probe/engine-io-packets';
import { REMEDIATIONS } from '../../../src/common/probe/probe-remediations';
import { ENGINE_IO_ERROR_CODES } from '../../../src/common/shared/engine-io-protocol';
import { GKE_BACKEND_TIMEOUT_SECONDS } from '../../../src/common/deployment/deployment-defaults';

const A = 'instance-a';
const B = 'instance-b';
const OPEN = '0{"sid":"s1","upgrades":["websocket"],"pingInterval":30000,"pingTimeout":60000,"maxPayload":1000000}';

function rec(step: ProbeStepName, status?: number, body?: string, instance?: string): ProbeRequestRecord {
    return { step, method: 'GET', url: 'http://h/x', status, body, ms: 1, headers: instance ? { 'x-session-health-instance': instance } : {} };
}
function http(step: ProbeStepName, status: number | undefined, body?: string, instance?: string): HttpObservation {
    return { record: rec(step, status, body, instance), status, body, instance };
}
function ws(ok: boolean, extra: Partial<WebSocketObservation> = {}): WebSocketObservation {
    return { record: { step: 'websocket-only', method: 'WS', url: 'ws://h/socket.io/', ms: 1, status: ok ? 101 : extra.status }, ok, ...extra };
}

function healthy(): ProbeObservations {
    return {
        url: 'http://h/', runner: 'node',
        health: http('health', 200, 'healthy\n', A),
        ready: http('ready', 200, 'ready\n', A),
        page: { ...http('page', 200, '<html>', A), tokenCookie: true },
        handshakes: [{ ...http('handshake', 200, OPEN, A), info: parseOpenPacket(OPEN) }],
        sticky: { rounds: 10, failures: [], instanceSwitches: [], cachedAnswers: [] },
        fresh: { sids: ['s2', 's3', 's4'], duplicates: [] },
        cacheHeaders: [],
        upgrade: { ...ws(true), record: { ...ws(true).record, step: 'websocket-upgrade' } },
        wsOnly: [ws(true)]
    };
}
const codes = (o: ProbeObservations) => analyzeProbe(o).map(f => f.code).sort();

describe('probe findings (pure logic)', () => {
    it('a healthy path gives exactly OK and exit code 0', () => {
        const findings = analyzeProbe(healthy());
        expect(findings.map(f => f.code)).to.deep.equal(['OK']);
        expect(probeExitCode({ findings })).to.equal(0);
    });

    it('every finding code but OK has a remediation with GKE, nginx-family or haproxy configuration', () => {
        for (const code of PROBE_FINDING_CODES.filter(c => c !== 'OK')) {
            const r = REMEDIATIONS[code as Exclude<typeof code, 'OK'>];
            expect(r.text.length, code).to.be.greaterThan(40);
            expect(r.snippets.length, code).to.be.greaterThan(0);
        }
        const gke = REMEDIATIONS.NO_SESSION_AFFINITY.snippets.find(s => s.platform === 'gke')!.config;
        expect(gke).to.contain('CLIENT_IP').and.contain(`timeoutSec: ${GKE_BACKEND_TIMEOUT_SECONDS}`).and.contain('enabled: false').and.contain('cloud.google.com/backend-config');
        expect(gke.indexOf('kind: Service')).to.be.lessThan(gke.indexOf('cloud.google.com/backend-config'));
        expect(REMEDIATIONS.IDLE_TIMEOUT_CUT.snippets.map(s => s.platform)).to.include.members(['gke', 'ingress-nginx', 'nginx', 'haproxy']);
    });

    it('a page that does not answer (or a proxy 502) is UNREACHABLE alone, exit code 2', () => {
        const o = healthy();
        o.page = { record: { ...rec('page'), error: 'connection refused' }, errorKind: 'refused' };
        expect(codes(o)).to.deep.equal(['UNREACHABLE']);
        expect(probeExitCode({ findings: analyzeProbe(o) })).to.equal(2);
        const p = healthy();
        p.page = { ...http('page', 502, 'Bad Gateway'), tokenCookie: false };
        expect(codes(p)).to.deep.equal(['UNREACHABLE']);
    });

    it('a TLS failure is TLS_ERROR, exit code 1', () => {
        const o = healthy();
        o.health = { record: rec('health'), errorKind: 'tls' };
        o.page = { record: rec('page'), errorKind: 'tls' };
        expect(codes(o)).to.deep.equal(['TLS_ERROR']);
        expect(probeExitCode({ findings: analyzeProbe(o) })).to.equal(1);
    });

    it('/health 404, or 200 with the IDE page instead of "healthy": HEALTH_ENDPOINT_MISSING', () => {
        const o = healthy();
        o.health = http('health', 404, 'Not Found');
        expect(codes(o)).to.deep.equal(['HEALTH_ENDPOINT_MISSING']);
        o.health = http('health', 200, '<!DOCTYPE html>');
        expect(codes(o)).to.deep.equal(['HEALTH_ENDPOINT_MISSING']);
    });

    it('/ready 503 draining or not ready: NOT_READY with the body in the title', () => {
        const o = healthy();
        o.ready = http('ready', 503, 'draining\n', A);
        const f = analyzeProbe(o);
        expect(f.map(x => x.code)).to.deep.equal(['NOT_READY']);
        expect(f[0].title).to.contain('draining');
    });

    it('follow-ups refused with 400 code 1 or answered by another instance: NO_SESSION_AFFINITY with the requests as evidence', () => {
        const o = healthy();
        o.sticky!.failures.push({ record: rec('sticky', 400, '{"code":1,"message":"Session ID unknown"}', B), status: 400, code: 1 });
        const f = analyzeProbe(o);
        expect(f.map(x => x.code)).to.deep.equal(['NO_SESSION_AFFINITY']);
        expect(f[0].evidence.join('\n')).to.contain('Session ID unknown');
        const p = healthy();
        p.sticky!.instanceSwitches.push({ record: rec('sticky', 200, 'ok', B), from: A, to: B });
        expect(codes(p)).to.deep.equal(['NO_SESSION_AFFINITY']);
    });

    it('a handshake refused with 403 on another instance than the page: TOKEN_REJECTED and NO_SESSION_AFFINITY', () => {
        const o = healthy();
        o.handshakes = [{ ...http('handshake', 403, '{"code":4,"message":"Forbidden"}', B), errorCode: 4 }];
        o.sticky = undefined;
        o.upgrade = undefined;
        const f = analyzeProbe(o);
        expect(f.map(x => x.code).sort()).to.deep.equal(['NO_SESSION_AFFINITY', 'TOKEN_REJECTED']);
        expect(f.find(x => x.code === 'TOKEN_REJECTED')!.title).to.contain('another backend');
    });

    it('a page without the token cookie and a refused handshake on the same instance: TOKEN_REJECTED only, naming the cookie', () => {
        const o = healthy();
        o.page!.tokenCookie = false;
        o.handshakes = [{ ...http('handshake', 403, '{"code":4,"message":"Forbidden"}', A), errorCode: 4 }];
        const f = analyzeProbe(o);
        expect(f.map(x => x.code)).to.deep.equal(['TOKEN_REJECTED']);
        expect(f[0].title).to.contain('cookie');
    });

    it('a repeated sid, a cached follow-up or cache headers: PROXY_CACHING, and refused follow-ups are then not blamed on affinity', () => {
        const o = healthy();
        o.fresh = { sids: ['s1', 's1'], duplicates: ['s1', 's1'] };
        o.sticky!.failures.push({ record: rec('sticky', 400, '{"code":1}', A), status: 400, code: 1 });
        expect(codes(o)).to.deep.equal(['PROXY_CACHING']);
        const p = healthy();
        p.cacheHeaders.push('Age: 12 (GET /socket.io/)');
        expect(codes(p)).to.deep.equal(['PROXY_CACHING']);
        const q = healthy();
        q.upgrade = { ...ws(false, { status: 200, cached: true }) };
        expect(codes(q)).to.deep.equal(['PROXY_CACHING']);
    });

    it('cache headers: Age, X-Cache HIT, CF-Cache-Status HIT, a caching Via; not Google\'s plain Via or CF DYNAMIC', () => {
        expect(cacheHeadersOf({ age: '3' })).to.have.length(1);
        expect(cacheHeadersOf({ 'x-cache': 'HIT from cdn' })).to.have.length(1);
        expect(cacheHeadersOf({ 'cf-cache-status': 'HIT' })).to.have.length(1);
        expect(cacheHeadersOf({ via: '1.1 varnish (Varnish/7.1)' })).to.have.length(1);
        expect(cacheHeadersOf({ via: '1.1 google' })).to.have.length(0);
        expect(cacheHeadersOf({ 'cf-cache-status': 'DYNAMIC' })).to.have.length(0);
    });

    it('upgrade answered "Bad request" (code 3) and a WebSocket-only handshake that fails: WEBSOCKET_UPGRADE_BLOCKED', () => {
        const o = healthy();
        o.upgrade = ws(false, { status: 400, code: 3 });
        o.wsOnly = [ws(false, { status: 400, code: 3 })];
        expect(codes(o)).to.deep.equal(['WEBSOCKET_UPGRADE_BLOCKED']);
        const p = healthy();
        p.upgrade = ws(true, { noExchange: true });
        p.upgrade.ok = false;
        // A proxy that answers 101 but forwards no frames: both WebSockets open and stay silent.
        p.wsOnly = [ws(false, { status: 101, noExchange: true })];
        expect(codes(p)).to.deep.equal(['WEBSOCKET_UPGRADE_BLOCKED']);
    });

    it('an upgrade refused because its sid is unknown (another backend) is not a blocked upgrade', () => {
        const o = healthy();
        o.upgrade = ws(false, { status: 400, code: 1 });
        o.sticky!.failures.push({ record: rec('sticky', 400, '{"code":1}', B), status: 400, code: 1 });
        expect(codes(o)).to.deep.equal(['NO_SESSION_AFFINITY']);
    });

    it('WebSocket-only refused as Forbidden with Origin but accepted without: ORIGIN_REJECTED', () => {
        const o = healthy();
        o.wsOnly = [ws(false, { status: 400, code: 4 }), ws(false, { status: 400, code: 4 }), ws(false, { status: 400, code: 4 })];
        o.wsOnlyWithoutOrigin = ws(true);
        expect(codes(o)).to.deep.equal(['ORIGIN_REJECTED']);
    });

    it('a failed upgrade next to a working WebSocket-only handshake is not a blocked upgrade (browser, round-robin)', () => {
        const o = healthy();
        o.runner = 'browser';
        o.upgrade = ws(false);
        o.sticky!.failures.push({ record: rec('sticky', 400, '{"code":1}', B), status: 400, code: 1 });
        const f = analyzeProbe(o);
        expect(f.map(x => x.code)).to.deep.equal(['NO_SESSION_AFFINITY']);
        expect(f[0].evidence.join('\n')).to.contain('WebSocket upgrade of the session failed too');
    });

    it('in a browser: upgrade works, WebSocket-only refused without a visible status: ORIGIN_REJECTED, not a blocked upgrade', () => {
        const o = healthy();
        o.runner = 'browser';
        o.wsOnly = [ws(false)];
        expect(codes(o)).to.deep.equal(['ORIGIN_REJECTED']);
        o.upgrade = ws(false);
        expect(codes(o)).to.deep.equal(['WEBSOCKET_UPGRADE_BLOCKED']);
    });

    it('upgrades blocked AND Origin refused: the Origin check measured over polling still shows (both findings)', () => {
        const o = healthy();
        const bad = (step: ProbeStepName) => ({ ...ws(false, { status: 400, code: 3 }), record: { ...ws(false).record, step, status: 400 } });
        o.upgrade = bad('websocket-upgrade');
        o.wsOnly = [bad('websocket-only')];
        expect(codes(o)).to.deep.equal(['WEBSOCKET_UPGRADE_BLOCKED']);
        o.pollingWithOrigin = [1, 2, 3].map(() => ({ ...http('websocket-only', 403, '{"code":4,"message":"Forbidden"}', A), errorCode: 4 }));
        expect(codes(o)).to.deep.equal(['ORIGIN_REJECTED', 'WEBSOCKET_UPGRADE_BLOCKED']);
        expect(analyzeProbe(o).find(f => f.code === 'ORIGIN_REJECTED')!.evidence.join('\n')).to.contain('with Origin: GET');
        // A refusal by another backend (its token) is not the Origin check, nor is one accepted try.
        o.pollingWithOrigin = [{ ...http('websocket-only', 403, '{"code":4,"message":"Forbidden"}', B), errorCode: 4 }];
        expect(codes(o)).to.deep.equal(['WEBSOCKET_UPGRADE_BLOCKED']);
        o.pollingWithOrigin = [{ ...http('websocket-only', 200, OPEN, A), info: parseOpenPacket(OPEN) }];
        expect(codes(o)).to.deep.equal(['WEBSOCKET_UPGRADE_BLOCKED']);
    });

    it('an idle connection held over the upgraded session or long-polling says so; the idle time before the cut is the period', () => {
        const o = healthy();
        o.hold = { seconds: 7, cuts: [3.4, 6.9], lifetimes: [3.3, 3.4], period: 3.35, idleBeforeCut: [3.0, 3.1], idlePeriod: 3.05, pingsAnswered: 0,
            via: 'upgraded-session', fallbacks: ['websocket: 400 Forbidden'] };
        const f = analyzeProbe(o);
        expect(f.map(x => x.code)).to.deep.equal(['IDLE_TIMEOUT_CUT']);
        expect(f[0].title).to.contain('WebSockets are cut after about 3.0 s');
        expect(f[0].evidence.join('\n')).to.contain('held over the upgraded-session, because: websocket: 400 Forbidden').and.contain('idle before each cut: 3.0 s, 3.1 s');
        o.hold.via = 'long-polling';
        expect(analyzeProbe(o)[0].title).to.contain('long-polling requests are cut');
    });

    it('an idle WebSocket cut every ~30 s: IDLE_TIMEOUT_CUT naming the Google Cloud load balancer default', () => {
        const o = healthy();
        o.hold = { seconds: 95, cuts: [30.1, 60.3, 90.4], lifetimes: [30.1, 30.1, 30.0], period: 30.1, pingsAnswered: 0 };
        const f = analyzeProbe(o);
        expect(f.map(x => x.code)).to.deep.equal(['IDLE_TIMEOUT_CUT']);
        expect(f[0].title).to.contain('30.1 s').and.contain('Google Cloud');
        expect(f[0].evidence.join(' ')).to.contain('30.1 s, 60.3 s, 90.4 s');
        o.hold = { seconds: 95, cuts: [], lifetimes: [], pingsAnswered: 3 };
        expect(codes(o)).to.deep.equal(['OK']);
    });

    it('exit codes: 0 only OK, 1 any finding, 2 when UNREACHABLE is among them', () => {
        const f = (code: string) => ({ code, severity: 'error', title: '', evidence: [] }) as never;
        expect(probeExitCode({ findings: [f('OK')] })).to.equal(0);
        expect(probeExitCode({ findings: [f('NOT_READY')] })).to.equal(1);
        expect(probeExitCode({ findings: [f('UNREACHABLE')] })).to.equal(2);
    });
});

describe('probe: engine.io wire details', () => {
    it('parses the open packet and rejects other bodies', () => {
        expect(parseOpenPacket(OPEN)).to.deep.equal({ sid: 's1', upgrades: ['websocket'], pingInterval: 30000, pingTimeout: 60000 });
        expect(parseOpenPacket(OPEN + '\x1e40')!.sid).to.equal('s1');
        expect(parseOpenPacket('40{"sid":"x"}')).to.equal(undefined);
        expect(parseOpenPacket('0{broken')).to.equal(undefined);
        expect(parseOpenPacket('0{"upgrades":[]}')).to.equal(undefined);
    });

    it('reads error codes from JSON bodies and from bare upgrade refusals', () => {
        expect(engineErrorCode('{"code":1,"message":"Session ID unknown"}')).to.equal(1);
        expect(engineErrorCode('<html>')).to.equal(undefined);
        expect(upgradeErrorCode('Forbidden')).to.equal(4);
        expect(upgradeErrorCode('Session ID unknown')).to.equal(1);
        expect(upgradeErrorCode('{"code":3,"message":"Bad request"}')).to.equal(3);
        // One table: every engine.io message of ENGINE_IO_ERROR_CODES reads back as its code.
        for (const [code, message] of Object.entries(ENGINE_IO_ERROR_CODES)) {
            expect(upgradeErrorCode(message), message).to.equal(Number(code));
        }
    });

    it('keeps a path prefix: https://host/theia -> /theia/socket.io/, ws(s) for WebSockets', () => {
        expect(normaliseBaseUrl('https://host/theia')).to.equal('https://host/theia/');
        expect(normaliseBaseUrl('http://host:8080/?x=1#y')).to.equal('http://host:8080/');
        expect(socketIoUrl('https://host/theia/', { EIO: '4', transport: 'polling' })).to.equal('https://host/theia/socket.io/?EIO=4&transport=polling');
        expect(socketIoUrl('https://host/theia/', { EIO: '4' }, true)).to.equal('wss://host/theia/socket.io/?EIO=4');
        expect(() => normaliseBaseUrl('ftp://host/')).to.throw(/http/);
        expect(() => normaliseBaseUrl('not a url')).to.throw(/not a URL/);
    });
});
