// `session-health probe` against hostile servers: answers full of terminal escape sequences, endless bodies,
// and a redirect to another host that must not receive the IDE's cookies.
import { expect } from 'chai';
import * as http from 'http';
import { AddressInfo } from 'net';
import { main } from '../../../src/node/cli/session-health';
import { MAX_PROBE_BODY_BYTES, NodeProbeTransport } from '../../../src/node/probe/node-probe-transport';

/** Every character that can steer a terminal: C0 (but the newline), DEL, C1, bidi controls. */
const TERMINAL_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(['probe', ...args], { out: t => { out += t; }, err: t => { err += t; } });
    return { code, out, err };
}

async function serve(handler: http.RequestListener, host = '127.0.0.1'): Promise<{ server: http.Server; url: string; close(): Promise<void> }> {
    const server = http.createServer(handler);
    await new Promise<void>(resolve => server.listen(0, host, resolve));
    const port = (server.address() as AddressInfo).port;
    return {
        server, url: `http://${host === '127.0.0.1' ? '127.0.0.1' : 'localhost'}:${port}/`,
        close: () => new Promise<void>(resolve => { server.closeAllConnections(); server.close(() => resolve()); })
    };
}

const ESC = '\u001b';
const OPEN = JSON.stringify({ sid: `${ESC}[2J${ESC}]0;sid-title\u0007`, upgrades: ['\u009b31mwebsocket'], pingInterval: 30000, pingTimeout: 60000 });

describe('session-health probe against hostile servers', function (): void {
    this.timeout(30000);

    it('no terminal escape sequence from a /ready body, a header or a sid reaches the terminal, in text or JSON', async () => {
        const s = await serve((req, res) => {
            // A C1 CSI (U+009B) in a header: Node sends it as the latin1 byte 0x9b, which fetch reads back as U+009B.
            res.setHeader('X-Session-Health-Instance', '\u009b2J\u009b31minstance');
            res.setHeader('X-Cache', 'HIT \u009b1A');
            if (req.url === '/ready') {
                res.writeHead(503, { 'Content-Type': 'text/plain' }).end(`draining ${ESC}]0;owned${ESC}\\${ESC}[2J${ESC}[31m\r\n[OK] forged line\u202e`);
            } else if (req.url === '/health') {
                res.writeHead(200).end(`${ESC}[1Ahealthy\u0007`);
            } else if (req.url?.startsWith('/socket.io/')) {
                res.writeHead(req.method === 'GET' ? 200 : 400).end(req.method === 'GET' ? '0' + OPEN : `${ESC}[5mForbidden`);
            } else {
                res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>');
            }
        });
        try {
            const text = await cli(s.url, '--requests', '1', '--timeout', '2000');
            expect(text.out).to.contain('[NOT_READY]');
            expect(text.out).to.contain('\\u001b]0;owned').and.contain('\\u009b2J');
            expect(text.out).not.to.match(TERMINAL_CONTROL);
            expect(text.out.split('\n').some(l => l.startsWith('[OK]'))).to.equal(false);
            const json = await cli(s.url, '--requests', '1', '--timeout', '2000', '--json');
            expect(json.out).not.to.match(TERMINAL_CONTROL);
            const parsed = JSON.parse(json.out) as { findings: { code: string; title: string }[]; instances: string[] };
            expect(parsed.findings.find(f => f.code === 'NOT_READY')!.title).to.contain(`${ESC}]0;owned`);
            expect(parsed.instances[0]).to.equal('\u009b2J\u009b31minstance');
        } finally {
            await s.close();
        }
    });

    it('an endless answer is read up to 1 MiB and the probe goes on', async () => {
        const s = await serve((req, res) => {
            res.writeHead(200, { 'Content-Type': 'text/plain' });
            const chunk = 'x'.repeat(64 * 1024);
            const write = () => { while (res.write(chunk)) { /* fill */ } };
            res.on('drain', write);
            write();
        });
        try {
            const t = Date.now();
            const res = await new NodeProbeTransport().http({ method: 'GET', url: s.url + 'health', timeoutMs: 20000 });
            expect(Date.now() - t).to.be.below(5000);
            expect(res.status).to.equal(200);
            expect(res.body.length).to.equal(MAX_PROBE_BODY_BYTES);
        } finally {
            await s.close();
        }
    });

    it('cookies go back only to the host that set them, also across a redirect and on WebSockets', async () => {
        const seen: { url: string; cookie?: string }[] = [];
        const other = await serve((req, res) => {
            seen.push({ url: req.url!, cookie: req.headers.cookie });
            res.writeHead(200, { 'Set-Cookie': 'other=1; Path=/' }).end('other');
        }, 'localhost');
        other.server.on('upgrade', (req, socket) => {
            seen.push({ url: 'upgrade ' + req.url, cookie: req.headers.cookie });
            socket.destroy();
        });
        const ide = await serve((req, res) => {
            seen.push({ url: 'ide ' + req.url, cookie: req.headers.cookie });
            if (req.url === '/go') {
                res.writeHead(302, { Location: other.url + 'landing' }).end();
            } else {
                res.writeHead(200, { 'Set-Cookie': 'theia-connection-token=secret; HttpOnly; SameSite=Strict' }).end('ide');
            }
        });
        try {
            const t = new NodeProbeTransport();
            await t.http({ method: 'GET', url: ide.url, timeoutMs: 5000 });
            const redirected = await t.http({ method: 'GET', url: ide.url + 'go', timeoutMs: 5000 });
            expect(redirected.body).to.equal('other');
            await t.webSocket(other.url.replace('http:', 'ws:') + 'socket.io/', { timeoutMs: 2000 }, { onMessage: () => undefined, onClose: () => undefined })
                .catch(() => undefined);
            await t.http({ method: 'GET', url: ide.url, timeoutMs: 5000 });
            expect(seen.find(r => r.url === 'ide /go')!.cookie).to.equal('theia-connection-token=secret');
            expect(seen.find(r => r.url === '/landing')!.cookie).to.equal(undefined);
            expect(seen.find(r => r.url.startsWith('upgrade '))!.cookie).to.equal('other=1');
            expect(seen.filter(r => r.url === 'ide /').pop()!.cookie).to.equal('theia-connection-token=secret');
            expect(t.hasCookie('theia-connection-token', ide.url)).to.equal(true);
            expect(t.hasCookie('theia-connection-token', other.url)).to.equal(false);
        } finally {
            await Promise.all([ide.close(), other.close()]);
        }
    });
});
