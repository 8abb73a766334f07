// The connection-path probe against two real Theia backends behind real nginx and haproxy, one config per case.
// Every verdict is checked in 10 runs out of 10.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { TEST_TMP } from '../../helpers/paths';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { freePort, HAPROXY, NGINX, RunningProxy, startHaproxy, startNginx } from '../../helpers/probe-proxies';
import { runProbe } from '../../../src/common/probe/probe-runner';
import { ProbeFindingCode, ProbeOptions, ProbeResult, probeExitCode } from '../../../src/common/probe/probe-protocol';
import { NodeProbeTransport } from '../../../src/node/probe/node-probe-transport';
import { INSTANCE_HEADER } from '../../../src/common/health/health-protocol';
import { main } from '../../../src/node/cli/session-health';

const RUNS = 10;

async function runCli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(['probe', ...args], { out: t => { out += t; }, err: t => { err += t; } });
    return { code, out, err };
}

function codes(result: ProbeResult): ProbeFindingCode[] {
    return result.findings.map(f => f.code).sort();
}

async function probeRuns(url: string, options: ProbeOptions = {}, runs = RUNS): Promise<ProbeResult[]> {
    const results: ProbeResult[] = [];
    for (let i = 0; i < runs; i++) {
        results.push(await runProbe(url, new NodeProbeTransport(), options));
    }
    return results;
}

function explain(result: ProbeResult): string {
    return JSON.stringify({ findings: result.findings.map(f => ({ code: f.code, evidence: f.evidence })), steps: result.steps }, undefined, 1);
}

/**
 * A cut by a proxy idle timeout of `seconds`, timed by the socket's own events (open, last message, close),
 * not by a polling loop: no connection is cut before the timeout (lifetime >= timeout, less nginx's lazy timer
 * update of up to 300 ms, NGX_TIMER_LAZY_DELAY), and each cut comes at
 * most 1.5 s after the timeout counted from the last traffic (event delivery on the 2-core machine with 10 probes
 * in parallel and a load average of 20-30 measured here; far from the next known timeout, 30 s). The reported period (the median idle time) is the timeout within those bounds.
 */
function expectIdleCut(r: ProbeResult, seconds: number): void {
    const hold = r.hold!;
    expect(hold.idleBeforeCut!.length, explain(r)).to.equal(hold.cuts.length);
    expect(hold.cuts.length, explain(r)).to.be.greaterThan(0);
    for (const lifetime of hold.lifetimes) {
        expect(lifetime, explain(r)).to.be.at.least(seconds - 0.35);
    }
    for (const idle of hold.idleBeforeCut!) {
        expect(idle, explain(r)).to.be.at.most(seconds + 1.5);
    }
    expect(hold.idlePeriod!, explain(r)).to.be.within(seconds - 0.5, seconds + 1.5);
}

/**
 * Two faults, one of them a 3 s idle timeout: RUNS probes in parallel (each holding 7 s) find exactly `want`, hold
 * over `via` and see the 3 s cut. The results, for the test's own further assertions.
 */
async function expectFaultsWithIdleCut(url: string, want: ProbeFindingCode[], via: string): Promise<ProbeResult[]> {
    const results = await Promise.all(Array.from({ length: RUNS }, () => runProbe(url, new NodeProbeTransport(), { requests: 2, holdSeconds: 7 })));
    for (const r of results) {
        expect(codes(r), explain(r)).to.deep.equal(want);
        expect(r.hold!.via, explain(r)).to.equal(via);
        expectIdleCut(r, 3);
    }
    return results;
}

const UPGRADE_HEADERS = `proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        proxy_set_header Host $http_host;
        proxy_buffering off;`;

describe('integration: connection-path probe through real nginx and haproxy', function (): void {
    this.timeout(180000);
    let a: RunningBackend;
    let b: RunningBackend;
    const proxies: RunningProxy[] = [];
    const tempDirs: string[] = [];

    async function nginx(body: string): Promise<RunningProxy> {
        const p = await startNginx(body);
        proxies.push(p);
        return p;
    }

    /** haproxy in HTTP mode with these timeouts (seconds; no `timeout tunnel` line without one) and `backend theia` lines, stopped after the suite. */
    async function haproxy(timeouts: { server: number; tunnel?: number }, backendLines: string[]): Promise<RunningProxy> {
        const p = await startHaproxy(`defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server ${timeouts.server}s
${timeouts.tunnel === undefined ? '' : `    timeout tunnel ${timeouts.tunnel}s\n`}frontend fe
    bind 127.0.0.1:PORT
    default_backend theia
backend theia
${backendLines.map(line => `    ${line}\n`).join('')}`);
        proxies.push(p);
        return p;
    }

    function upstream(name: string, servers: RunningBackend[], balance = ''): string {
        return `upstream ${name} { ${balance} ${servers.map(s => `server 127.0.0.1:${s.port};`).join(' ')} }`;
    }

    before(async function (): Promise<void> {
        if (!fs.existsSync(NGINX) || !fs.existsSync(HAPROXY)) {
            throw new Error(`nginx (${NGINX}) and haproxy (${HAPROXY}) are needed: apt-get install nginx-light haproxy`);
        }
        [a, b] = await Promise.all([startBackend(), startBackend()]);
    });
    after(async () => {
        await Promise.all(proxies.map(p => p.stop()));
        await Promise.all([a?.stop(), b?.stop()]);
        tempDirs.forEach(d => fs.rmSync(d, { recursive: true, force: true }));
    });

    it('sticky nginx (ip_hash) in front of two backends: OK, 10/10, with the instance header on Socket.IO answers', async () => {
        const p = await nginx(`${upstream('theia', [a, b], 'ip_hash;')}
    server { listen 127.0.0.1:PORT; location / { proxy_pass http://theia; ${UPGRADE_HEADERS} } }`);
        const results = await probeRuns(p.url);
        for (const r of results) {
            expect(codes(r), explain(r)).to.deep.equal(['OK']);
            expect(probeExitCode(r)).to.equal(0);
            expect(r.instances).to.have.length(1);
        }
        const cli = await runCli(p.url, '--json', '--requests', '3');
        expect(cli.code, cli.err).to.equal(0);
        expect((JSON.parse(cli.out) as ProbeResult).findings.map(f => f.code)).to.deep.equal(['OK']);
        const sio = results[0].requests.filter(q => q.url.includes('/socket.io/') && q.method !== 'WS');
        expect(sio.length).to.be.greaterThan(10);
        expect(sio.every(q => q.headers?.[INSTANCE_HEADER.toLowerCase()] === results[0].instances[0])).to.equal(true);
    });

    it('haproxy with cookie stickiness over round-robin: OK, 10/10 (the probe keeps the affinity cookie)', async () => {
        const p = await haproxy({ server: 30, tunnel: 30 }, [
            'balance roundrobin',
            'cookie THEIA_ROUTE insert indirect nocache',
            `server a 127.0.0.1:${a.port} cookie a`,
            `server b 127.0.0.1:${b.port} cookie b`
        ]);
        for (const r of await probeRuns(p.url)) {
            expect(codes(r), explain(r)).to.deep.equal(['OK']);
        }
    });

    it('round-robin nginx without affinity: NO_SESSION_AFFINITY, 10/10', async () => {
        const p = await nginx(`${upstream('theia', [a, b])}
    server { listen 127.0.0.1:PORT; location / { proxy_pass http://theia; ${UPGRADE_HEADERS} } }`);
        for (const r of await probeRuns(p.url)) {
            const c = codes(r);
            expect(c, explain(r)).to.include('NO_SESSION_AFFINITY');
            for (const code of c) {
                expect(['NO_SESSION_AFFINITY', 'TOKEN_REJECTED'], explain(r)).to.include(code);
            }
            expect(probeExitCode(r)).to.equal(1);
            expect(r.instances).to.have.length(2);
        }
    });

    it('page on one backend, Socket.IO on the other: TOKEN_REJECTED and NO_SESSION_AFFINITY, 10/10', async () => {
        const p = await nginx(`server { listen 127.0.0.1:PORT;
        location = / { proxy_pass http://127.0.0.1:${a.port}; ${UPGRADE_HEADERS} }
        location / { proxy_pass http://127.0.0.1:${b.port}; ${UPGRADE_HEADERS} } }`);
        for (const r of await probeRuns(p.url, { requests: 3 })) {
            expect(codes(r), explain(r)).to.deep.equal(['NO_SESSION_AFFINITY', 'TOKEN_REJECTED']);
            const token = r.findings.find(f => f.code === 'TOKEN_REJECTED')!;
            expect(token.title).to.contain('another backend');
        }
    });

    it('nginx that does not pass Upgrade/Connection: WEBSOCKET_UPGRADE_BLOCKED, 10/10', async () => {
        const p = await nginx(`server { listen 127.0.0.1:PORT; location / { proxy_pass http://127.0.0.1:${a.port}; proxy_set_header Host $http_host; } }`);
        for (const r of await probeRuns(p.url, { requests: 3 })) {
            expect(codes(r), explain(r)).to.deep.equal(['WEBSOCKET_UPGRADE_BLOCKED']);
            expect(r.steps.find(s => s.step === 'handshake')!.ok).to.equal(true);
        }
    });

    it('proxy_cache on /socket.io/ ignoring the query string: PROXY_CACHING, 10/10', async () => {
        const p = await nginx(`proxy_cache_path DIR/cache levels=1 keys_zone=sio:1m max_size=10m inactive=10m use_temp_path=off;
    server { listen 127.0.0.1:PORT;
        location /socket.io/ { proxy_pass http://127.0.0.1:${a.port}; proxy_http_version 1.1; proxy_set_header Host $http_host;
            proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;
            proxy_cache sio; proxy_cache_key $scheme$proxy_host$uri; proxy_cache_valid 200 10m;
            proxy_ignore_headers Cache-Control Expires Set-Cookie Vary; }
        location / { proxy_pass http://127.0.0.1:${a.port}; ${UPGRADE_HEADERS} } }`);
        for (const r of await probeRuns(p.url, { requests: 3 })) {
            expect(codes(r), explain(r)).to.deep.equal(['PROXY_CACHING']);
        }
    });

    it('nginx proxy_read_timeout 2 s with --hold 5: IDLE_TIMEOUT_CUT with a period of ~2 s, 10/10 (runs in parallel)', async function (): Promise<void> {
        const p = await nginx(`server { listen 127.0.0.1:PORT; location / { proxy_pass http://127.0.0.1:${a.port}; ${UPGRADE_HEADERS} proxy_read_timeout 2s; } }`);
        const results = await Promise.all(Array.from({ length: RUNS }, () => runProbe(p.url, new NodeProbeTransport(), { requests: 2, holdSeconds: 5 })));
        for (const r of results) {
            expect(codes(r), explain(r)).to.deep.equal(['IDLE_TIMEOUT_CUT']);
            expect(r.hold!.cuts.length).to.be.within(2, 3);
            expectIdleCut(r, 2);
            expect(r.findings[0].title).to.match(/about (1\.[5-9]|2\.\d|3\.[0-5]) s/);
        }
    });

    it('haproxy timeout tunnel 2 s with --hold 5: IDLE_TIMEOUT_CUT, period ~2 s, 10/10 (in parallel)', async () => {
        const p = await haproxy({ server: 30, tunnel: 2 }, [
            `server a 127.0.0.1:${a.port}`
        ]);
        const results = await Promise.all(Array.from({ length: RUNS }, () => runProbe(p.url, new NodeProbeTransport(), { requests: 2, holdSeconds: 5 })));
        for (const r of results) {
            expect(codes(r), explain(r)).to.deep.equal(['IDLE_TIMEOUT_CUT']);
            expectIdleCut(r, 2);
        }
    });

    it('/health not routed by the proxy: HEALTH_ENDPOINT_MISSING, 10/10', async () => {
        const p = await nginx(`server { listen 127.0.0.1:PORT;
        location = /health { return 404; }
        location / { proxy_pass http://127.0.0.1:${a.port}; ${UPGRADE_HEADERS} } }`);
        for (const r of await probeRuns(p.url, { requests: 3 })) {
            expect(codes(r), explain(r)).to.deep.equal(['HEALTH_ENDPOINT_MISSING']);
        }
    });

    it('/socket.io/ not routed by the proxy: SOCKETIO_NOT_ROUTED, 10/10', async () => {
        const p = await nginx(`server { listen 127.0.0.1:PORT;
        location /socket.io/ { return 404; }
        location / { proxy_pass http://127.0.0.1:${a.port}; ${UPGRADE_HEADERS} } }`);
        for (const r of await probeRuns(p.url, { requests: 3 })) {
            expect(codes(r), explain(r)).to.deep.equal(['SOCKETIO_NOT_ROUTED']);
        }
    });

    it('proxy rewriting Host: ORIGIN_REJECTED, 10/10', async () => {
        const p = await nginx(`server { listen 127.0.0.1:PORT; location / { proxy_pass http://127.0.0.1:${a.port}; proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade; proxy_set_header Host theia.internal; } }`);
        for (const r of await probeRuns(p.url, { requests: 3 })) {
            expect(codes(r), explain(r)).to.deep.equal(['ORIGIN_REJECTED']);
        }
    });

    it('two faults in nginx: Host rewritten without the port AND a 3 s read timeout: ORIGIN_REJECTED and IDLE_TIMEOUT_CUT, 10/10', async () => {
        const p = await nginx(`server { listen 127.0.0.1:PORT; location / { proxy_pass http://127.0.0.1:${a.port}; proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade; proxy_set_header Host $host;
        proxy_buffering off; proxy_read_timeout 3s; } }`);
        for (const r of await expectFaultsWithIdleCut(p.url, ['IDLE_TIMEOUT_CUT', 'ORIGIN_REJECTED'], 'upgraded-session')) {
            expect(r.hold!.fallbacks!.join(' '), explain(r)).to.match(/^websocket: .*(403|400|Forbidden)/);
            expect(r.steps.find(s => s.step === 'hold')!.summary).to.contain('upgraded-session');
            expect(r.findings.find(f => f.code === 'IDLE_TIMEOUT_CUT')!.evidence.join('\n')).to.contain('held over the upgraded-session');
            expect(probeExitCode(r)).to.equal(1);
        }
    });

    it('two faults in haproxy: Host rewritten without the port AND timeout tunnel 3 s: ORIGIN_REJECTED and IDLE_TIMEOUT_CUT, 10/10', async () => {
        const p = await haproxy({ server: 30, tunnel: 3 }, [
            'http-request set-header Host 127.0.0.1',
            `server a 127.0.0.1:${a.port}`
        ]);
        await expectFaultsWithIdleCut(p.url, ['IDLE_TIMEOUT_CUT', 'ORIGIN_REJECTED'], 'upgraded-session');
    });

    it('two faults in nginx: no Upgrade forwarding AND a 3 s read timeout: WEBSOCKET_UPGRADE_BLOCKED and IDLE_TIMEOUT_CUT (held over long-polling), 10/10', async () => {
        const p = await nginx(`server { listen 127.0.0.1:PORT; location / { proxy_pass http://127.0.0.1:${a.port}; proxy_set_header Host $http_host;
        proxy_read_timeout 3s; } }`);
        for (const r of await expectFaultsWithIdleCut(p.url, ['IDLE_TIMEOUT_CUT', 'WEBSOCKET_UPGRADE_BLOCKED'], 'long-polling')) {
            expect(r.findings.find(f => f.code === 'IDLE_TIMEOUT_CUT')!.title).to.contain('long-polling');
        }
    });

    it('two faults in haproxy: no WebSocket (Upgrade header removed) AND timeout server 3 s: WEBSOCKET_UPGRADE_BLOCKED and IDLE_TIMEOUT_CUT, 10/10', async () => {
        const p = await haproxy({ server: 3, tunnel: 30 }, [
            'http-request del-header Upgrade',
            'http-request set-header Connection close if { req.hdr(Connection) -i upgrade }',
            `server a 127.0.0.1:${a.port}`
        ]);
        await expectFaultsWithIdleCut(p.url, ['IDLE_TIMEOUT_CUT', 'WEBSOCKET_UPGRADE_BLOCKED'], 'long-polling');
    });

    it('two faults in nginx: Host rewritten without the port AND no Upgrade forwarding: ORIGIN_REJECTED (measured over polling) and WEBSOCKET_UPGRADE_BLOCKED, 10/10', async () => {
        const p = await nginx(`server { listen 127.0.0.1:PORT; location / { proxy_pass http://127.0.0.1:${a.port}; proxy_set_header Host $host; } }`);
        for (const r of await probeRuns(p.url, { requests: 2 })) {
            expect(codes(r), explain(r)).to.deep.equal(['ORIGIN_REJECTED', 'WEBSOCKET_UPGRADE_BLOCKED']);
            expect(r.steps.find(s => s.step === 'websocket-only')!.summary).to.contain('polling handshake with Origin: 403');
        }
    });

    it('two faults in haproxy: Host rewritten without the port AND Upgrade removed: ORIGIN_REJECTED and WEBSOCKET_UPGRADE_BLOCKED, 10/10', async () => {
        const p = await haproxy({ server: 30 }, [
            'http-request set-header Host 127.0.0.1',
            'http-request del-header Upgrade',
            `server a 127.0.0.1:${a.port}`
        ]);
        for (const r of await probeRuns(p.url, { requests: 2 })) {
            expect(codes(r), explain(r)).to.deep.equal(['ORIGIN_REJECTED', 'WEBSOCKET_UPGRADE_BLOCKED']);
        }
    });

    it('a path prefix (https://host/theia/ -> /theia/socket.io/): OK, 10/10', async () => {
        const p = await nginx(`server { listen 127.0.0.1:PORT; location /theia/ { proxy_pass http://127.0.0.1:${a.port}/; ${UPGRADE_HEADERS} } location / { return 404; } }`);
        for (const r of await probeRuns(p.url + 'theia', { requests: 3 })) {
            expect(codes(r), explain(r)).to.deep.equal(['OK']);
            expect(r.url).to.match(/\/theia\/$/);
            expect(r.requests.some(q => q.url.includes('/theia/socket.io/?EIO=4'))).to.equal(true);
        }
    });

    it('nginx with a self-signed certificate: TLS_ERROR, 10/10', async () => {
        const dir = fs.mkdtempSync(path.join(TEST_TMP, 'tls-'));
        tempDirs.push(dir);
        execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1',
            '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
        const p = await nginx(`server { listen 127.0.0.1:PORT ssl; ssl_certificate ${dir}/cert.pem; ssl_certificate_key ${dir}/key.pem;
            location / { proxy_pass http://127.0.0.1:${a.port}; ${UPGRADE_HEADERS} } }`);
        for (const r of await probeRuns(p.url.replace('http:', 'https:'))) {
            expect(codes(r), explain(r)).to.deep.equal(['TLS_ERROR']);
            expect(r.findings[0].evidence.join(' ')).to.match(/SELF_SIGNED|self.signed/i);
            expect(probeExitCode(r)).to.equal(1);
        }
    });

    it('backend down behind nginx (502) and nothing listening at all: UNREACHABLE, exit code 2, 10/10', async () => {
        const closed = await freePort();
        const p = await nginx(`server { listen 127.0.0.1:PORT; location / { proxy_pass http://127.0.0.1:${closed}; } }`);
        const cli = await runCli(p.url);
        expect(cli.code).to.equal(2);
        expect(cli.out).to.contain('[UNREACHABLE]').and.contain('502');
        for (const url of [p.url, `http://127.0.0.1:${closed}/`]) {
            for (const r of await probeRuns(url)) {
                expect(codes(r), explain(r)).to.deep.equal(['UNREACHABLE']);
                expect(probeExitCode(r)).to.equal(2);
                expect(r.steps.filter(s => s.skipped).map(s => s.step)).to.include('handshake');
            }
        }
    });
});
