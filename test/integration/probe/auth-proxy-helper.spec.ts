// The test auth proxy itself (test/helpers/auth-proxy.ts, #25), against the real backend: it answers like
// oauth2-proxy behind nginx auth_request, its cookies expire, reload() cuts open WebSockets, stop() leaves nothing.
import { expect } from 'chai';
import * as WebSocket from 'ws';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { RunningAuthProxy, startAuthProxy } from '../../helpers/auth-proxy';
import { describeProcess, processesOfThisRun } from '../../helpers/processes';

async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<number> {
    const start = Date.now();
    while (!await condition()) {
        if (Date.now() - start > timeoutMs) {
            throw new Error(`not within ${timeoutMs} ms: ${what}`);
        }
        await new Promise(resolve => setTimeout(resolve, 20));
    }
    return Date.now() - start;
}

describe('integration: the test auth proxy (nginx auth_request + oauth2-proxy-like service)', function (): void {
    this.timeout(60000);
    let backend: RunningBackend;
    let proxy: RunningAuthProxy | undefined;

    before(async () => {
        backend = await startBackend();
    });
    afterEach(async () => {
        await proxy?.stop();
        proxy = undefined;
    });
    after(async () => {
        await backend?.stop();
    });

    it('signs in through /oauth2/start?rd=, passes the page with the cookie, refuses it after its lifetime and after expireCookies()', async () => {
        proxy = await startAuthProxy({ backendPort: backend.port, cookieLifetimeMs: 1500 });
        const noCookie = await fetch(`${proxy.url}`, { redirect: 'manual' });
        expect(noCookie.status).to.equal(302);
        expect(noCookie.headers.get('location')).to.equal('/oauth2/start?rd=%2F');
        expect((await fetch(`${proxy.url}oauth2/auth`)).status).to.equal(401);
        const signIn = await fetch(`${proxy.url}oauth2/sign_in`);
        expect(signIn.status).to.equal(200);
        expect(signIn.headers.get('content-type')).to.contain('text/html');
        const start = await fetch(`${proxy.url}oauth2/start?rd=${encodeURIComponent('/?x=1')}`, { redirect: 'manual' });
        expect(start.status).to.equal(302);
        expect(start.headers.get('location')).to.equal('/?x=1');
        const cookie = start.headers.get('set-cookie')!.split(';')[0];
        expect(start.headers.get('set-cookie')).to.match(/Max-Age=2; HttpOnly/);
        expect((await fetch(`${proxy.url}oauth2/auth`, { headers: { cookie } })).status).to.equal(202);
        const page = await fetch(proxy.url, { headers: { cookie } });
        expect(page.status).to.equal(200);
        expect(await page.text()).to.contain('<html');
        // The lifetime ends on the server too (a browser would also drop the cookie after Max-Age).
        const expiredAfter = await waitFor(async () => (await fetch(proxy!.url, { headers: { cookie }, redirect: 'manual' })).status === 302, 5000, 'cookie expired');
        expect(expiredAfter).to.be.at.most(2500);
        const fresh = proxy.issueCookie();
        expect((await fetch(proxy.url, { headers: { cookie: fresh } })).status).to.equal(200);
        proxy.expireCookies();
        expect((await fetch(proxy.url, { headers: { cookie: fresh }, redirect: 'manual' })).status).to.equal(302);
        // A browser's XHR cannot sign itself in by following the redirect.
        expect((await fetch(`${proxy.url}oauth2/start?rd=/`, { redirect: 'manual', headers: { 'sec-fetch-dest': 'empty' } })).status).to.equal(200);
        expect(proxy.stats.signIns).to.equal(2);
    });

    it('the 401 and the sign-in-page styles; a redirect rd to another origin goes to /', async () => {
        proxy = await startAuthProxy({ backendPort: backend.port, style: 'unauthorized' });
        expect((await fetch(`${proxy.url}socket.io/?EIO=4&transport=polling`, { redirect: 'manual' })).status).to.equal(401);
        expect((await fetch(`${proxy.url}oauth2/start?rd=//evil.example/`, { redirect: 'manual' })).headers.get('location')).to.equal('/');
        await proxy.stop();
        proxy = await startAuthProxy({ backendPort: backend.port, style: 'sign-in-page' });
        const r = await fetch(`${proxy.url}socket.io/?EIO=4&transport=polling`, { redirect: 'manual' });
        expect(r.status).to.equal(200);
        expect(await r.text()).to.match(/^<!DOCTYPE html>/);
    });

    it('passes the WebSocket upgrade with a valid cookie; reload() closes it within 3 s; stop() leaves no nginx process', async () => {
        proxy = await startAuthProxy({ backendPort: backend.port });
        const cookie = proxy.issueCookie();
        // Theia's connection token cookie comes with the page.
        const page = await fetch(proxy.url, { headers: { cookie } });
        const token = page.headers.getSetCookie().map(c => c.split(';')[0]).find(c => c.startsWith('theia-connection-token='));
        expect(token, 'connection token cookie').to.not.equal(undefined);
        const ws = new WebSocket(`ws://127.0.0.1:${proxy.port}/socket.io/?EIO=4&transport=websocket`, {
            headers: { cookie: `${cookie}; ${token}` }, origin: `http://127.0.0.1:${proxy.port}`
        });
        const messages: string[] = [];
        let closedAt = 0;
        ws.on('message', m => messages.push(m.toString()));
        ws.on('close', () => { closedAt = Date.now(); });
        await waitFor(() => messages.some(m => m.startsWith('0{')), 10000, 'engine.io open packet over the WebSocket');
        const reloadedAt = Date.now();
        proxy.reload();
        await waitFor(() => closedAt > 0, 10000, 'WebSocket closed by the reload');
        expect(closedAt - reloadedAt).to.be.at.most(3000);
        const port = proxy.port;
        await proxy.stop();
        proxy = undefined;
        expect(processesOfThisRun(true).filter(p => p.comm === 'nginx' || /^nginx: /.test(p.cmdline)).map(describeProcess)).to.deep.equal([]);
        expect(await fetch(`http://127.0.0.1:${port}/`).then(() => 'answered', () => 'refused')).to.equal('refused');
    });
});
