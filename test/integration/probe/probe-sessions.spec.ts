// Issue 23 section 2 on the real Theia backend: `session-health probe` stores and prints only the SHA-256 prefix of
// the sids it was given, never a live sid, and closes every engine.io session it opened (a request with one of its
// sids then gets "Session ID unknown"), also when a proxy refuses the WebSocket upgrade half-way through.
import { expect } from 'chai';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { TcpProxy } from '../../helpers/tcp-proxy';
import { main } from '../../../src/node/cli/session-health';
import { hiddenSid, ProbeResult } from '../../../src/common/probe/probe-protocol';

async function runCli(...args: string[]): Promise<{ code: number; out: string }> {
    let out = '';
    const code = await main(['probe', ...args], { out: t => { out += t; }, err: t => { out += t; } });
    return { code, out };
}

/** engine.io's answer to a noop packet (`6`) posted with `sid`: "ok" while the session lives. */
async function postNoop(baseUrl: string, sid: string): Promise<string> {
    const res = await fetch(`${baseUrl}/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`, { method: 'POST', body: '6' });
    return `${res.status} ${await res.text()}`;
}

/** Waits (well under engine.io's own 90 s timeout) until the backend no longer knows `sid`. */
async function waitUntilUnknown(baseUrl: string, sid: string, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
        last = await postNoop(baseUrl, sid);
        if (last.includes('Session ID unknown')) {
            return last;
        }
        await new Promise(resolve => setTimeout(resolve, 100));
    }
    return last;
}

describe('integration: the probe hides and closes its sessions', function (): void {
    this.timeout(120000);
    let backend: RunningBackend | undefined;
    const proxies: TcpProxy[] = [];

    before(async () => {
        backend = await startBackend();
    });
    after(async () => {
        await Promise.all(proxies.map(p => p.close().catch(() => undefined)));
        await backend?.stop();
    });

    for (const blocked of [false, true]) {
        it(`${blocked ? 'upgrade refused by the proxy' : 'direct'}: no live sid in the text or JSON output, every session gone afterwards`, async () => {
            const proxy = new TcpProxy(backend!.port);
            proxy.blockWebSocketUpgrade = blocked;
            await proxy.listen();
            proxies.push(proxy);
            const text = await runCli(proxy.url + '/', '--requests', '2');
            const json = await runCli(proxy.url + '/', '--requests', '2', '--json');
            const sids = [...new Set(proxy.requestSids)];
            expect(sids.length, 'sids the probe sent on the wire').to.be.greaterThan(blocked ? 3 : 2);
            for (const sid of sids) {
                expect(text.out, 'the text output').to.not.contain(sid);
                expect(json.out, 'the JSON output').to.not.contain(sid);
            }
            const result = JSON.parse(json.out) as ProbeResult;
            expect(result.handshake?.sid).to.match(/^sha256:[0-9a-f]{12}$/);
            expect(sids.map(hiddenSid), 'the hash is the sid\'s').to.include(result.handshake!.sid);
            expect(text.out).to.match(/handshake .* sid sha256:[0-9a-f]{12}, upgrades/);
            if (blocked) {
                expect(result.findings.map(f => f.code)).to.include('WEBSOCKET_UPGRADE_BLOCKED');
            }
            for (const sid of sids) {
                expect(await waitUntilUnknown(backend!.url, sid), `session ${hiddenSid(sid)} after the probe`).to.contain('Session ID unknown');
            }
        });
    }
});
