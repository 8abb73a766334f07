// Issue 26: the HTTP checks are one bound service (node/http/http-guard.ts): every route injects the same singleton
// from the shared bindings, and an adopter's rebinding is what a real route answers with.
import { expect } from 'chai';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { Container, injectable } from '@theia/core/shared/inversify';
import { ILogger } from '@theia/core/lib/common/logger';
import * as express from '@theia/core/shared/express';
import capabilitiesModule from '../../../src/node/capabilities/capabilities-backend-module';
import { DefaultHttpGuard, HttpGuard } from '../../../src/node/http/http-guard';
import { TokenSetting } from '../../../src/node/http/bearer-token';
import { BundleHttpContribution } from '../../../src/node/bundle/bundle-http-contribution';
import { ServerBundleMaker } from '../../../src/node/bundle/server-bundle';
import { IdleHttpContribution } from '../../../src/node/idle/idle-http-contribution';
import { IdleRpcConnectionHandler } from '../../../src/node/idle/idle-rpc-connection';
import { ActivityTracker } from '../../../src/node/idle/activity-tracker';
import { BUNDLE_ROUTE } from '../../../src/common/bundle/bundle-protocol';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as ILogger;

function routesContainer(): Container {
    const container = new Container();
    container.load(capabilitiesModule);
    container.bind(ILogger).toConstantValue(silent).whenTargetNamed('session-health:bundle');
    container.bind(ILogger).toConstantValue(silent).whenTargetNamed('session-health:idle');
    container.bind(ServerBundleMaker).toConstantValue({ make: async () => ({ text: '{}' }) } as unknown as ServerBundleMaker);
    container.bind(ActivityTracker).toConstantValue({ config: { problems: [] }, idleSeconds: () => 0 } as unknown as ActivityTracker);
    container.bind(BundleHttpContribution).toSelf().inSingletonScope();
    container.bind(IdleHttpContribution).toSelf().inSingletonScope();
    container.bind(IdleRpcConnectionHandler).toSelf().inSingletonScope();
    return container;
}

const guardOf = (o: object): HttpGuard => (o as unknown as { guard: HttpGuard }).guard;

describe('node/http: HttpGuard', () => {
    it('is bound by the shared bindings, whatever SESSION_HEALTH_DISABLE says, and is one singleton for every route', () => {
        const saved = process.env.SESSION_HEALTH_DISABLE;
        process.env.SESSION_HEALTH_DISABLE = 'reports,bundle,idle,persistence';
        try {
            const container = routesContainer();
            const guard = container.get<HttpGuard>(HttpGuard);
            expect(guard).to.be.instanceOf(DefaultHttpGuard);
            expect(guardOf(container.get(BundleHttpContribution))).to.equal(guard);
            expect(guardOf(container.get(IdleHttpContribution))).to.equal(guard);
            expect(guardOf(container.get(IdleRpcConnectionHandler))).to.equal(guard);
        } finally {
            if (saved === undefined) {
                delete process.env.SESSION_HEALTH_DISABLE;
            } else {
                process.env.SESSION_HEALTH_DISABLE = saved;
            }
        }
    });

    it('a rebound guard is what a real route answers with (GET /session-health/bundle)', async () => {
        @injectable()
        class AdopterGuard extends DefaultHttpGuard {
            override adminAllowed(req: express.Request, res: express.Response, adminToken: TokenSetting, routeName: string): boolean {
                res.status(404).json({ error: 'not-found', reason: `adopter: ${routeName} is off here` });
                return false;
            }
        }
        const container = routesContainer();
        container.bind(AdopterGuard).toSelf().inSingletonScope();
        container.rebind(HttpGuard).toService(AdopterGuard);
        const app = express();
        container.get(BundleHttpContribution).configure(app);
        const server = http.createServer(app);
        await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
        try {
            const { port } = server.address() as AddressInfo;
            const response = await fetch(`http://127.0.0.1:${port}${BUNDLE_ROUTE}`);
            expect(response.status).to.equal(404);
            expect(await response.json()).to.deep.equal({ error: 'not-found', reason: 'adopter: support bundle route is off here' });
        } finally {
            await new Promise(resolve => server.close(resolve));
        }
    });

    it('readJsonBody gives a good body\'s value, and answers a bad one itself (4xx JSON, the route told its status)', async () => {
        const guard = new DefaultHttpGuard();
        const reader = guard.jsonBodyReader(32);
        const values: unknown[] = [];
        const refused: number[] = [];
        const app = express();
        app.post('/x', async (req, res) => {
            const body = await guard.readJsonBody(req, res, reader, status => refused.push(status));
            if (body) {
                values.push(body.value);
                res.status(200).json({ ok: true });
            }
        });
        const server = http.createServer(app);
        await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
        try {
            const { port } = server.address() as AddressInfo;
            const post = (body: string) => fetch(`http://127.0.0.1:${port}/x`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
            expect((await post('{"a":1}')).status).to.equal(200);
            expect(values).to.deep.equal([{ a: 1 }]);
            const bad = await post('{"a":');
            expect(bad.status).to.equal(400);
            expect(await bad.json()).to.have.keys('error', 'reason');
            expect(bad.headers.get('connection'), 'the body was read: the connection stays').to.not.equal('close');
            const big = await post(JSON.stringify({ text: 'x'.repeat(100) }));
            expect(big.status).to.equal(413);
            expect((await big.json()).error).to.equal('payload-too-large');
            expect(big.headers.get('connection')).to.equal('close');
            expect(refused).to.deep.equal([400, 413]);
            expect(values).to.have.length(1);
        } finally {
            server.closeAllConnections();
            await new Promise(resolve => server.close(resolve));
        }
    });
});
