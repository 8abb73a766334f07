import { expect } from 'chai';
import { BackendInstance, decodeHeartbeatAck, encodeHeartbeatAck } from '../../../src/common/connection/heartbeat-protocol';

const INSTANCE: BackendInstance = { id: '11111111-2222-3333-4444-555555555555', startedAt: '2026-11-23T10:00:00.000Z', hostname: 'pod-a', version: '0.1.0' };

describe('heartbeat ack on the wire', () => {
    it('is three whole numbers when nothing changed: a few bytes', () => {
        const ack = encodeHeartbeatAck({ maxMs: 21.7, p99Ms: 20.2, busyMs: 3.4 }, {});
        expect(ack).to.deep.equal([22, 20, 3]);
        expect(JSON.stringify(ack).length).to.be.at.most(12);
    });

    it('adds only what changed, and reads back what was sent', () => {
        const ack = encodeHeartbeatAck({ maxMs: 4012, p99Ms: 4012, busyMs: 4003 }, { sid: 'abc', transport: 'websocket', instance: INSTANCE });
        const decoded = decodeHeartbeatAck(ack);
        expect(decoded.loopDelay).to.deep.equal({ maxMs: 4012, p99Ms: 4012, busyMs: 4003 });
        expect(decoded.news).to.deep.equal({ sid: 'abc', transport: 'websocket', instance: INSTANCE });
    });

    it('drops malformed parts field by field', () => {
        expect(decodeHeartbeatAck([]).loopDelay).to.equal(undefined);
        expect(decodeHeartbeatAck(['x', 1, 2]).loopDelay).to.equal(undefined);
        expect(decodeHeartbeatAck([-1, 1, 2]).loopDelay).to.equal(undefined);
        expect(decodeHeartbeatAck([5, 5]).loopDelay).to.deep.equal({ maxMs: 5, p99Ms: 5, busyMs: 0 });
        const news = decodeHeartbeatAck([1, 1, 1, { sid: 42, transport: 'x'.repeat(300), instance: { id: 'i' } }]).news;
        expect(news).to.deep.equal({ sid: undefined, transport: undefined });
    });
});
