// AUTH_REQUIRED (pure logic) and `--header` (parsing, where it is sent, that its value never comes out) (#25).
import { expect } from 'chai';
import * as http from 'http';
import { AddressInfo } from 'net';
import { analyzeProbe } from '../../../src/common/probe/probe-findings';
import { HttpObservation, ProbeObservations } from '../../../src/common/probe/probe-observations';
import { ProbeStepName } from '../../../src/common/probe/probe-protocol';
import { parseOpenPacket } from '../../../src/common/probe/engine-io-packets';
import { parseProbeHeader, probeHeaderSecrets } from '../../../src/common/probe/probe-headers';
import { main } from '../../../src/node/cli/session-health';

const OPEN = '0{"sid":"s1","upgrades":["websocket"],"pingInterval":30000,"pingTimeout":60000,"maxPayload":1000000}';
const SIGN_IN = '<!DOCTYPE html><html><body><form action="/oauth2/start">Sign in</form></body></html>';
const IDE_PAGE = '<!DOCTYPE html><html><head><script src="./bundle.js"></script></head></html>';

function http200(step: ProbeStepName, status: number | undefined, body?: string, extra: Partial<HttpObservation> = {}): HttpObservation {
    const url = step === 'handshake' ? 'http://h/socket.io/?EIO=4&transport=polling' : step === 'page' ? 'http://h/' : `http://h/${step}`;
    return { record: { step, method: 'GET', url, status, body, ms: 1 }, status, body, ...extra };
}
const redirectedTo = (location: string) => ({ redirects: [{ status: 302, location }] });

function observations(over: Partial<ProbeObservations>): ProbeObservations {
    return {
        url: 'http://h/', runner: 'node',
        health: http200('health', 200, 'healthy\n'),
        ready: http200('ready', 200, 'ready\n'),
        page: { ...http200('page', 200, IDE_PAGE), tokenCookie: true },
        handshakes: [{ ...http200('handshake', 200, OPEN), info: parseOpenPacket(OPEN) }],
        sticky: { rounds: 1, failures: [], instanceSwitches: [], cachedAnswers: [] },
        fresh: { sids: ['s2'], duplicates: [] },
        cacheHeaders: [],
        ...over
    };
}
const codes = (o: ProbeObservations) => analyzeProbe(o).map(f => f.code).sort();

describe('probe: AUTH_REQUIRED (pure logic)', () => {
    it('page and handshake redirected to a sign-in page, refused with 401 or 407, or a sign-in page with 200: AUTH_REQUIRED alone', () => {
        const signInHop = redirectedTo('https://idp.example.com/auth');
        for (const [status, body, extra] of [[200, SIGN_IN, signInHop], [401, 'Unauthorized', {}], [407, '', {}]] as const) {
            const o = observations({
                page: { ...http200('page', status, body, extra), tokenCookie: false },
                handshakes: [0, 1, 2].map(() => http200('handshake', status, body, extra))
            });
            expect(codes(o), `${status}`).to.deep.equal(['AUTH_REQUIRED']);
            expect(analyzeProbe(o)[0].severity).to.equal('error');
        }
        const htmlOnly = observations({
            page: { ...http200('page', 200, SIGN_IN, { contentType: 'text/html' }), tokenCookie: false },
            handshakes: [0, 1, 2].map(() => http200('handshake', 200, SIGN_IN, { contentType: 'text/html; charset=utf-8' }))
        });
        expect(codes(htmlOnly)).to.deep.equal(['AUTH_REQUIRED']);
        expect(analyzeProbe(htmlOnly)[0].evidence.join('\n')).to.contain('HTML page instead of the engine.io handshake');
    });

    it('Theia\'s own 403 (connection token) stays TOKEN_REJECTED, never AUTH_REQUIRED', () => {
        const forbidden = '{"code":4,"message":"Forbidden"}';
        const o = observations({ page: { ...http200('page', 200, IDE_PAGE), tokenCookie: false }, handshakes: [0, 1, 2].map(() => http200('handshake', 403, forbidden, { errorCode: 4 } as Partial<HttpObservation>)) });
        expect(codes(o)).to.deep.equal(['TOKEN_REJECTED']);
    });

    it('the IDE\'s own page served for socket.io/ is a routing fault (SOCKETIO_NOT_ROUTED); a redirect to the same path (https, slash) is no sign-in', () => {
        const fallback = observations({ handshakes: [0, 1, 2].map(() => http200('handshake', 200, IDE_PAGE, { contentType: 'text/html' })) });
        expect(codes(fallback)).to.deep.equal(['SOCKETIO_NOT_ROUTED']);
        // In a browser the token cookie is invisible: the same page is the IDE's by Theia's markup, else a sign-in page.
        const theiaIndex = '<!DOCTYPE html><html><body><div class="theia-preload"></div><script src="./bundle.js"></script></body></html>';
        const inBrowser = (body: string) => observations({ runner: 'browser', page: { ...http200('page', 200, body), tokenCookie: undefined },
            handshakes: [0, 1, 2].map(() => http200('handshake', 200, body, { contentType: 'text/html' })) });
        expect(codes(inBrowser(theiaIndex))).to.deep.equal(['SOCKETIO_NOT_ROUTED']);
        expect(codes(inBrowser(SIGN_IN))).to.deep.equal(['AUTH_REQUIRED']);
        const https = observations({ health: http200('health', 200, 'healthy\n', redirectedTo('https://h/health')), page: { ...http200('page', 200, IDE_PAGE, redirectedTo('https://h/')), tokenCookie: true } });
        expect(codes(https)).to.deep.equal(['OK']);
    });

    it('only /health and /ready behind the sign-in: AUTH_REQUIRED as a warning naming the health routes, not HEALTH_ENDPOINT_MISSING', () => {
        const o = observations({ health: http200('health', 401, 'Unauthorized'), ready: http200('ready', 200, SIGN_IN, redirectedTo('http://h/oauth2/start')) });
        const findings = analyzeProbe(o);
        expect(findings.map(f => f.code)).to.deep.equal(['AUTH_REQUIRED']);
        expect(findings[0].severity).to.equal('warning');
        expect(findings[0].title).to.contain('/health or /ready');
    });
});

describe('probe: --header', function (): void {
    this.timeout(20000);

    it('parses Name: value; a bad one is an error that never quotes the value', () => {
        expect(parseProbeHeader('Cookie:  a=b; c=d ', 1)).to.deep.equal({ name: 'Cookie', value: 'a=b; c=d' });
        expect(parseProbeHeader('Authorization: Bearer x:y', 2)).to.deep.equal({ name: 'Authorization', value: 'Bearer x:y' });
        for (const bad of ['Cookie', ': sekrit-value-1', 'Bad Name: sekrit-value-1', 'Host: sekrit-value-1', 'Origin: sekrit-value-1',
            'Sec-WebSocket-Key: sekrit-value-1', 'X-A: sekrit\r\nX-B: value-1', 'X-Empty:  ']) {
            expect(() => parseProbeHeader(bad, 3), bad).to.throw().with.property('message').that.does.not.contain('sekrit');
        }
    });

    it('the secrets of a header are its value and the parts a server could echo alone', () => {
        const secrets = probeHeaderSecrets([{ name: 'Cookie', value: '_oauth2_proxy=abcdef123456; x=1' }, { name: 'Authorization', value: 'Bearer tok/en+value' }]);
        expect(secrets).to.include.members(['_oauth2_proxy=abcdef123456; x=1', 'abcdef123456', '_oauth2_proxy=abcdef123456', 'tok/en+value', encodeURIComponent('tok/en+value')]);
        expect(secrets).not.to.include('x=1');
        expect(secrets).not.to.include('1');
    });

    it('a bad --header is a usage error (exit 3) that names it and prints no value', async () => {
        for (const args of [['--header', 'NoColon-sekrit'], ['--header', 'X-A: ok', '--header', 'Bad Name: sekrit'], ['--header']]) {
            let out = '';
            let err = '';
            const code = await main(['probe', 'http://127.0.0.1:9/', ...args], { out: t => { out += t; }, err: t => { err += t; } });
            expect(code, args.join(' ')).to.equal(3);
            expect(err).to.contain('--header').and.contain('Usage: session-health probe');
            expect(err + out).not.to.contain('sekrit');
        }
    });

    it('sent on every request to the IDE\'s origin (HTTP and WebSocket), never to another host after a redirect; a server echoing it leaks nothing', async () => {
        const secret = 'S3cr3t-cookie-value-4242';
        const bearer = 'b34rer-token-value-777';
        const seen: { url: string; cookie?: string; authorization?: string; host?: string }[] = [];
        // A hostile proxy: echoes the credentials in its bodies, a header and a redirect, and sends the page's
        // requests to another host (127.0.0.2) to see whether the header follows.
        let port = 0;
        const server = http.createServer((req, res) => {
            seen.push({ url: req.url!, cookie: req.headers.cookie, authorization: req.headers.authorization, host: req.headers.host });
            const echo = `cookie=${req.headers.cookie ?? ''} auth=${req.headers.authorization ?? ''}`;
            if (req.url === '/' && req.headers.host?.startsWith('127.0.0.1')) {
                res.writeHead(302, { 'Location': `http://127.0.0.2:${port}/sign-in?c=${encodeURIComponent(echo)}`, 'Via': echo }).end();
                return;
            }
            res.writeHead(req.url!.startsWith('/socket.io/') ? 401 : 200, { 'Content-Type': 'text/html', 'Server': echo }).end(`<html>${echo}</html>`);
        });
        server.on('upgrade', (req, socket) => {
            seen.push({ url: req.url!, cookie: req.headers.cookie, authorization: req.headers.authorization, host: req.headers.host });
            socket.end(`HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${req.headers.cookie} ${req.headers.authorization}`);
        });
        await new Promise<void>(resolve => server.listen(0, '0.0.0.0', resolve));
        port = (server.address() as AddressInfo).port;
        try {
            const outputs: string[] = [];
            for (const json of [true, false]) {
                let out = '';
                let err = '';
                await main(['probe', `http://127.0.0.1:${port}/`, '--requests', '1', '--header', `Cookie: _oauth2_proxy=${secret}`,
                    '--header', `Authorization: Bearer ${bearer}`, ...(json ? ['--json'] : [])], { out: t => { out += t; }, err: t => { err += t; } });
                outputs.push(out, err);
            }
            const all = outputs.join('\n');
            expect(all).to.contain('AUTH_REQUIRED').and.contain('<hidden header value>');
            for (const s of [secret, bearer, encodeURIComponent(secret)]) {
                expect(all).not.to.contain(s);
            }
            const toIde = seen.filter(s => s.host === `127.0.0.1:${port}`);
            expect(toIde.length).to.be.greaterThan(4);
            expect(toIde.every(s => s.cookie?.includes(secret) && s.authorization === `Bearer ${bearer}`), JSON.stringify(toIde)).to.equal(true);
            expect(toIde.some(s => s.url.includes('transport=websocket'))).to.equal(true);
            const elsewhere = seen.filter(s => s.host !== `127.0.0.1:${port}`);
            expect(elsewhere.length).to.be.greaterThan(0);
            expect(elsewhere.some(s => s.cookie?.includes(secret) || s.authorization !== undefined), JSON.stringify(elsewhere)).to.equal(false);
        } finally {
            server.closeAllConnections();
            server.close();
        }
    });
});
