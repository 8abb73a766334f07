// The real Theia backend (browser-app) with a real socket.io-client: heartbeat RPC, instance identity, handshake errors.
import { expect } from 'chai';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { connectTheiaClient, openSocket, TheiaClient } from '../../helpers/theia-client';
import { BackendInstance, decodeHeartbeatAck, HEARTBEAT_EVENT, INSTANCE_ROUTE, HEARTBEAT_SERVICE_PATH, HeartbeatService } from '../../../src/common/connection/heartbeat-protocol';
import { BackendInspector, freePort, inspectorEnv } from './backend-inspector';
import { classifyConnectError } from '../../../src/common/shared/engine-io-protocol';

/** The instance route's answer without `previous` (that field is the route's own: the heartbeat never carries it). */
async function routeInstance(url: string): Promise<BackendInstance> {
    const { previous: _previous, ...instance } = await (await fetch(url + INSTANCE_ROUTE)).json() as BackendInstance & { previous?: unknown };
    return instance;
}

describe('integration: heartbeat RPC and instance identity on the real Theia backend', function (): void {
    this.timeout(120000);
    let backend: RunningBackend;
    let client: TheiaClient | undefined;
    let inspectPort: number;

    before(async () => {
        inspectPort = await freePort();
        backend = await startBackend({ env: inspectorEnv(inspectPort) });
    });
    afterEach(() => client?.close());
    after(async () => backend?.stop());

    it('serves the instance identity as JSON, uncached, without secrets', async () => {
        const response = await fetch(backend.url + INSTANCE_ROUTE);
        expect(response.status).to.equal(200);
        expect(response.headers.get('cache-control')).to.equal('no-store');
        const body = await response.json() as BackendInstance & { previous?: { cause: string } };
        // `previous` (issue 14) is there when the workspace saw an earlier instance: the demo workspace of other specs.
        expect(Object.keys(body).filter(k => k !== 'previous').sort()).to.deep.equal(['hostname', 'id', 'startedAt', 'version']);
        if (body.previous) {
            expect(Object.keys(body.previous).sort()).to.deep.equal(['cause', 'detail', 'instanceId', 'stoppedAt']);
        }
        expect(body.id).to.match(/^[0-9a-f-]{36}$/);
        expect(Date.parse(body.startedAt)).to.be.within(Date.now() - 120000, Date.now());
    });

    it('answers heartbeats with server time, the same instance and the sid this client really uses', async () => {
        client = await connectTheiaClient(backend.url);
        const service = await client.createProxy<HeartbeatService>(HEARTBEAT_SERVICE_PATH);
        const before = Date.now();
        const reply = await service.heartbeat({ frontendId: client.frontendId, seq: 7 });
        const after = Date.now();
        expect(reply.seq).to.equal(7);
        expect(reply.serverTime).to.be.within(before - 5, after + 5);
        const instance = await routeInstance(backend.url);
        // The route hides the host name from unauthenticated callers (SESSION_HEALTH_INSTANCE_SHOW_HOSTNAME unset).
        expect(instance.hostname).to.equal('');
        expect(reply.instance).to.deep.equal({ ...instance, hostname: reply.instance.hostname });
        const engineId = (client.socket.io as unknown as { engine: { id: string } }).engine.id;
        expect(engineId).to.be.a('string').and.not.empty;
        expect(reply.sid).to.equal(engineId);
        expect(reply.transport).to.be.oneOf(['polling', 'websocket']);
    });

    it('reports no sid for a frontend id it does not know, and tolerates malformed requests', async () => {
        client = await connectTheiaClient(backend.url);
        const service = await client.createProxy<HeartbeatService>(HEARTBEAT_SERVICE_PATH);
        const unknown = await service.heartbeat({ frontendId: 'not-a-real-frontend', seq: 1 });
        expect(unknown.sid).to.equal(undefined);
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const malformed = await service.heartbeat({ frontendId: 42, seq: 'x' } as any);
        expect(malformed.seq).to.equal(-1);
        expect(malformed.instance.id).to.equal(unknown.instance.id);
    });

    it('answers only for the calling tab\'s own socket: another tab\'s frontend id gets no sid (issue 23)', async () => {
        client = await connectTheiaClient(backend.url);
        const other = await connectTheiaClient(backend.url);
        try {
            const service = await client.createProxy<HeartbeatService>(HEARTBEAT_SERVICE_PATH);
            const otherSid = (other.socket.io as unknown as { engine: { id: string } }).engine.id;
            const otherService = await other.createProxy<HeartbeatService>(HEARTBEAT_SERVICE_PATH);
            // The other tab's id is live (its own heartbeat names its sid) ...
            expect((await otherService.heartbeat({ frontendId: other.frontendId, seq: 1 })).sid).to.equal(otherSid);
            // ... but asked on this tab's connection it tells nothing about that socket.
            const asked = await service.heartbeat({ frontendId: other.frontendId, seq: 2 });
            expect(asked.sid).to.equal(undefined);
            expect(asked.transport).to.equal(undefined);
            expect(JSON.stringify(asked)).to.not.contain(otherSid);
            expect((await service.heartbeat({ frontendId: client.frontendId, seq: 3 })).sid).to.equal((client.socket.io as unknown as { engine: { id: string } }).engine.id);
        } finally {
            other.close();
        }
    });

    it('answers the light heartbeat on the socket: the loop delay always, sid, transport and instance only when new', async () => {
        client = await connectTheiaClient(backend.url);
        const socket = client.socket;
        const beat = () => new Promise<unknown[]>((resolve, reject) =>
            socket.timeout(10000).emit(HEARTBEAT_EVENT, (error: Error | null, ...args: unknown[]) => error ? reject(error) : resolve(args)));
        const first = await beat();
        const instance = await routeInstance(backend.url);
        const engineId = (socket.io as unknown as { engine: { id: string } }).engine.id;
        const decoded = decodeHeartbeatAck(first);
        // The authenticated socket gets the host name the public route hides.
        const news = decoded.news as { instance?: BackendInstance } | undefined;
        expect(news?.instance?.hostname).to.be.a('string').and.not.empty;
        expect(decoded.news).to.deep.equal({
            sid: engineId, transport: (socket.io as unknown as { engine: { transport: { name: string } } }).engine.transport.name,
            instance: { ...instance, hostname: news?.instance?.hostname }
        });
        expect(decoded.loopDelay!.maxMs).to.be.a('number');
        await new Promise(resolve => setTimeout(resolve, 100));
        const second = await beat();
        expect(second).to.have.length(3);
        expect(second.every(n => typeof n === 'number' && Number.isInteger(n))).to.equal(true);
        expect(JSON.stringify(second).length, 'a few bytes').to.be.at.most(16);
    });

    it('the ack after a block of the backend\'s event loop carries it (blocked from outside through the inspector)', async () => {
        client = await connectTheiaClient(backend.url);
        const socket = client.socket;
        const beat = () => new Promise<unknown[]>((resolve, reject) =>
            socket.timeout(30000).emit(HEARTBEAT_EVENT, (error: Error | null, ...args: unknown[]) => error ? reject(error) : resolve(args)));
        await beat();
        const inspector = await BackendInspector.open(backend, inspectPort);
        try {
            const blocked = inspector.block(1500);
            await new Promise(resolve => setTimeout(resolve, 200));
            const during = beat(); // waits in the blocked backend
            await blocked;
            const delay = decodeHeartbeatAck(await during).loopDelay!;
            expect(Math.max(delay.maxMs, delay.busyMs)).to.be.within(1300, 3000);
            const after = decodeHeartbeatAck(await beat()).loopDelay!;
            expect(after.busyMs).to.be.below(1300);
        } finally {
            inspector.close();
        }
    });

    it('a second backend process has another instance id', async () => {
        const other = await startBackend();
        try {
            const a = await (await fetch(backend.url + INSTANCE_ROUTE)).json() as BackendInstance;
            const b = await (await fetch(other.url + INSTANCE_ROUTE)).json() as BackendInstance;
            expect(a.id).to.not.equal(b.id);
        } finally {
            await other.stop();
        }
    });

    it('a handshake without the connection token is refused with 403 and classified as engine.io code 4', async () => {
        const socket = openSocket(backend.url, undefined, ['polling']);
        try {
            // eslint-disable-next-line @typescript-eslint/no-explicit-any
            const err = await new Promise<any>(resolve => socket.once('connect_error', resolve));
            const classified = classifyConnectError({ message: err.message, description: err.description, responseText: err.context?.responseText });
            expect(classified.status).to.equal(403);
            expect(classified.code).to.equal(4);
            expect(classified.explanation).to.match(/restarted|another replica/);
        } finally {
            socket.close();
        }
    });
});
