// `session-health bundle`: usage errors (exit 2), no bundle (exit 1), and a fake-free check of the redaction the CLI
// runs over an answer: a local HTTP server plays a backend that leaks a token; the written bundle masks it.
import { expect } from 'chai';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { AddressInfo } from 'net';
import { main } from '../../../src/node/cli/session-health';
import { BUNDLE_ROUTE } from '../../../src/common/bundle/bundle-protocol';

const TOKEN = 'unit-admin-token-0123456789';

async function cli(args: string[], token: string | null = TOKEN): Promise<{ code: number; out: string; err: string }> {
    const saved = process.env.SESSION_HEALTH_ADMIN_TOKEN;
    if (token === null) {
        delete process.env.SESSION_HEALTH_ADMIN_TOKEN;
    } else {
        process.env.SESSION_HEALTH_ADMIN_TOKEN = token;
    }
    let out = '';
    let err = '';
    try {
        const code = await main(['bundle', ...args], { out: t => { out += t; }, err: t => { err += t; } });
        return { code, out, err };
    } finally {
        if (saved === undefined) {
            delete process.env.SESSION_HEALTH_ADMIN_TOKEN;
        } else {
            process.env.SESSION_HEALTH_ADMIN_TOKEN = saved;
        }
    }
}

describe('session-health bundle (command line)', function (): void {
    this.timeout(20000);

    it('usage errors exit 2 with the reason and the usage, never echoing the token', async () => {
        for (const [args, token] of [[['--url', 'ftp://h/']], [['--url', 'http://u:p@h/']], [['--bogus']], [['extra']], [['--out', '']], [[], null], [[], 'short']] as [string[], string | null][]) {
            const r = await cli(args, token);
            expect(r.code, `${args.join(' ')} ${token}: ${r.err}`).to.equal(2);
            expect(r.err).to.contain('Usage: session-health bundle').and.not.contain(TOKEN);
        }
    });

    it('exits 1 when the backend is unreachable or refuses; masks whatever a backend echoes back', async () => {
        expect((await cli(['--url', 'http://127.0.0.1:1/'])).code).to.equal(1);
        const server = http.createServer((req, res) => {
            if (req.url !== BUNDLE_ROUTE) {
                res.writeHead(404).end();
            } else if (req.headers.authorization !== `Bearer ${TOKEN}`) {
                res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unauthorized', reason: `got ${req.headers.authorization}` }));
            } else {
                res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ formatVersion: 1, parts: { echo: { seen: req.headers.authorization } }, cut: [] }));
            }
        });
        await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-cli-'));
        try {
            const refused = await cli(['--url', url], 'another-token-0123456789');
            expect(refused.code).to.equal(1);
            expect(refused.err).to.contain('HTTP 401').and.not.contain('another-token-0123456789');
            const ok = await cli(['--url', url, '--out', path.join(dir, 'b.json')]);
            expect(ok.code, ok.err).to.equal(0);
            const text = fs.readFileSync(path.join(dir, 'b.json'), 'utf8');
            expect(text).to.not.contain(TOKEN);
            expect(JSON.parse(text).parts.echo.seen).to.equal('Bearer [redacted]');
            expect(fs.statSync(path.join(dir, 'b.json')).mode & 0o777).to.equal(0o600);
        } finally {
            server.close();
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
