// `session-health probe`: argument errors (exit 3), unreachable (exit 2), findings (exit 1), JSON output.
import { expect } from 'chai';
import * as http from 'http';
import { AddressInfo } from 'net';
import { main } from '../../../src/node/cli/session-health';
import { freePort } from '../../helpers/probe-proxies';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(['probe', ...args], { out: t => { out += t; }, err: t => { err += t; } });
    return { code, out, err };
}

describe('session-health probe (command line)', function (): void {
    this.timeout(20000);

    it('usage errors exit 3 with a clear message and the usage, never a stack trace', async () => {
        for (const args of [[], ['ftp://host/'], ['not a url'], ['http://a/', 'http://b/'], ['http://h/', '--hold', 'abc'],
            ['http://h/', '--hold', '0'], ['http://h/', '--requests', '-1'], ['http://h/', '--bogus']]) {
            const r = await cli(...args);
            expect(r.code, args.join(' ')).to.equal(3);
            expect(r.err, args.join(' ')).to.contain('Usage: session-health probe');
            expect(r.err).not.to.match(/\n\s+at /);
        }
    });

    it('--help prints the usage with the exit codes and exits 0', async () => {
        const r = await cli('--help');
        expect(r.code).to.equal(0);
        expect(r.out).to.contain('--hold S').and.contain('2 unreachable');
    });

    it('nothing listening: exit 2, JSON with UNREACHABLE and the skipped steps', async () => {
        const port = await freePort();
        const r = await cli(`http://127.0.0.1:${port}/`, '--json', '--timeout', '2000');
        expect(r.code).to.equal(2);
        const json = JSON.parse(r.out) as { findings: { code: string }[]; exitCode: number; steps: { step: string; skipped?: boolean }[] };
        expect(json.findings.map(f => f.code)).to.deep.equal(['UNREACHABLE']);
        expect(json.exitCode).to.equal(2);
        expect(json.steps.find(s => s.step === 'handshake')!.skipped).to.equal(true);
    });

    it('a web server that is not Theia: exit 1, human output with one line per step and the findings with their fix', async () => {
        const server = http.createServer((req, res) => {
            res.writeHead(req.url === '/' ? 200 : 404, { 'Content-Type': 'text/html' });
            res.end(req.url === '/' ? '<html>hello</html>' : 'Not Found');
        });
        await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
        try {
            const r = await cli(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, '--requests', '2');
            expect(r.code).to.equal(1);
            expect(r.out).to.match(/✗ health +\d+ ms +404/);
            expect(r.out).to.match(/✗ page .*NO connection token cookie/);
            expect(r.out).to.contain('[HEALTH_ENDPOINT_MISSING]').and.contain('[SOCKETIO_NOT_ROUTED]').and.contain('fix: ');
            expect(r.out).not.to.contain('[WEBSOCKET_UPGRADE_BLOCKED]');
        } finally {
            server.close();
        }
    });
});
