// The probe behind a real authenticating proxy (#25): real nginx with auth_request, an oauth2-proxy-like auth
// service and the real Theia backend. Without a session cookie the probe names the layer (AUTH_REQUIRED) in each
// way such a proxy answers; with `--header 'Cookie: ...'` carrying a valid cookie the path is OK, and the cookie's
// value appears in no output.
import { expect } from 'chai';
import * as fs from 'fs';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { AuthProxyStyle, RunningAuthProxy, startAuthProxy } from '../../helpers/auth-proxy';
import { NGINX } from '../../helpers/probe-proxies';
import { main } from '../../../src/node/cli/session-health';
import { ProbeResult } from '../../../src/common/probe/probe-protocol';

async function runCli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(['probe', ...args], { out: t => { out += t; }, err: t => { err += t; } });
    return { code, out, err };
}

function explain(r: ProbeResult): string {
    return JSON.stringify({ findings: r.findings.map(f => ({ code: f.code, title: f.title, evidence: f.evidence })), steps: r.steps }, undefined, 1);
}

describe('integration: the probe behind an authenticating proxy (nginx auth_request + oauth2-proxy-like service)', function (): void {
    this.timeout(120000);
    let backend: RunningBackend;
    const proxies: RunningAuthProxy[] = [];

    async function proxy(style: AuthProxyStyle): Promise<RunningAuthProxy> {
        const p = await startAuthProxy({ backendPort: backend.port, style, signInNeedsBrowser: true });
        proxies.push(p);
        return p;
    }

    before(async () => {
        if (!fs.existsSync(NGINX)) {
            throw new Error(`nginx (${NGINX}) is needed: apt-get install nginx-light`);
        }
        backend = await startBackend();
    });
    afterEach(async () => {
        await Promise.all(proxies.splice(0).map(p => p.stop()));
    });
    after(async () => {
        await backend?.stop();
    });

    const expectations: Record<AuthProxyStyle, RegExp> = {
        'redirect': /\(after 302 http:\/\/127\.0\.0\.1:\d+\/oauth2\/start\).*: redirected to a sign-in page/,
        'unauthorized': /refused with 401/,
        'sign-in-page': /answered 200 with an HTML page instead of the engine\.io handshake/
    };
    for (const style of Object.keys(expectations) as AuthProxyStyle[]) {
        it(`without a cookie (${style} style): AUTH_REQUIRED alone, exit 1, with the fix naming the routes and the kubelet`, async () => {
            const p = await proxy(style);
            const r = await runCli(p.url, '--json', '--requests', '2');
            const result = JSON.parse(r.out) as ProbeResult & { exitCode: number };
            expect(result.findings.map(f => f.code), explain(result)).to.deep.equal(['AUTH_REQUIRED']);
            expect(r.code).to.equal(1);
            const f = result.findings[0];
            expect(f.severity).to.equal('error');
            expect(f.evidence.join('\n'), explain(result)).to.match(expectations[style]);
            expect(f.remediation!.text).to.contain('socket.io/').and.contain('/health and /ready are meant for the kubelet').and.contain('--header');
            expect(p.stats.authRefused).to.be.greaterThan(0);
            expect(p.stats.signIns, 'the probe must not have signed itself in').to.equal(0);
            const text = await runCli(p.url, '--requests', '2');
            expect(text.code).to.equal(1);
            expect(text.out).to.contain('[AUTH_REQUIRED] ERROR');
        });
    }

    it('with --header \'Cookie: ...\' carrying a valid cookie: OK (exit 0), through the WebSocket too; the value is in no output', async () => {
        for (const style of Object.keys(expectations) as AuthProxyStyle[]) {
            const p = await proxy(style);
            const cookie = p.issueCookie();
            const secret = cookie.slice(cookie.indexOf('=') + 1);
            const json = await runCli(p.url, '--json', '--requests', '2', '--header', `Cookie: ${cookie}`);
            const result = JSON.parse(json.out) as ProbeResult;
            expect(result.findings.map(f => f.code), explain(result)).to.deep.equal(['OK']);
            expect(json.code).to.equal(0);
            expect(result.requests.some(q => q.method === 'WS' && q.status === 101)).to.equal(true);
            const text = await runCli(p.url, '--requests', '2', '--header', `Cookie: ${cookie}`, '--header', 'X-Probe-Note: seen');
            expect(text.code, text.out).to.equal(0);
            for (const output of [json.out, json.err, text.out, text.err]) {
                expect(output).not.to.contain(secret);
            }
            expect(p.stats.authAccepted).to.be.greaterThan(10);
            await p.stop();
        }
    });

    it('an expired cookie (expireCookies) is AUTH_REQUIRED again; /health exempt at the proxy is not blamed', async () => {
        const backendOnly = await startAuthProxy({ backendPort: backend.port, style: 'unauthorized', publicPaths: ['/health', '/ready'] });
        proxies.push(backendOnly);
        const cookie = backendOnly.issueCookie();
        expect((await runCli(backendOnly.url, '--requests', '2', '--header', `Cookie: ${cookie}`)).code).to.equal(0);
        backendOnly.expireCookies();
        const r = await runCli(backendOnly.url, '--json', '--requests', '2', '--header', `Cookie: ${cookie}`);
        const result = JSON.parse(r.out) as ProbeResult;
        expect(result.findings.map(f => f.code), explain(result)).to.deep.equal(['AUTH_REQUIRED']);
        expect(result.findings[0].evidence.join('\n')).not.to.match(/GET \/health/);
        expect(result.steps.find(s => s.step === 'health')!.ok).to.equal(true);
    });
});
