import { expect } from 'chai';
import { diagnoseRefusal, diagnoseReturn, isRecoverableRefusal } from '../../../../src/browser/connection/monitor/refusal-diagnosis';
import { classifyConnectError } from '../../../../src/common/shared/engine-io-protocol';
import { BackendInstance } from '../../../../src/common/connection/heartbeat-protocol';

const A: BackendInstance = { id: 'aaaaaaaa-0000-0000-0000-000000000000', startedAt: '2026-11-23T10:00:00.000Z', hostname: 'pod-a', version: '0.1.0' };
const B: BackendInstance = { id: 'bbbbbbbb-0000-0000-0000-000000000000', startedAt: '2026-11-23T14:02:11.000Z', hostname: 'pod-b', version: '0.1.0' };
const forbidden = classifyConnectError({ message: 'xhr poll error', description: 403, responseText: '{"code":4,"message":"Forbidden"}' });
const unknownSid = classifyConnectError({ message: 'xhr poll error', description: 400, responseText: '{"code":1,"message":"Session ID unknown"}' });

describe('diagnoseRefusal', () => {
    it('a single new instance after a refused token is a restart', () => {
        const c = diagnoseRefusal({ error: forbidden, known: A, sampled: [B, B, B], at: 1 });
        expect(c.cause).to.equal('backend-restarted');
        expect(c.message).to.match(/restarted at .* \(new instance on pod-b\)/);
        expect(c.fix).to.equal(undefined);
    });

    it('different instances answering in turn is a load balancer without session affinity, with the fix', () => {
        const c = diagnoseRefusal({ error: unknownSid, known: A, sampled: [A, B, A], at: 1 });
        expect(c.cause).to.equal('no-session-affinity');
        expect(c.message).to.match(/2 instances answered, on pod-a, pod-b/);
        expect(c.message).to.match(/Session ID unknown/);
        expect(c.fix).to.match(/sessionAffinity: ClientIP/).and.match(/CLIENT_IP/).and.match(/affinity: cookie/);
    });

    it('"session unknown" while only the known instance answers also means another replica took the request', () => {
        expect(diagnoseRefusal({ error: unknownSid, known: A, sampled: [A, A, A], at: 1 }).cause).to.equal('no-session-affinity');
    });

    it('the same instance refusing the token is a stale token', () => {
        expect(diagnoseRefusal({ error: forbidden, known: A, sampled: [A, A, A], at: 1 }).cause).to.equal('token-refused');
        expect(diagnoseRefusal({ error: forbidden, sampled: [A, A, A], at: 1 }).cause).to.equal('token-refused');
    });

    it('no answer at all is unreachable', () => {
        expect(diagnoseRefusal({ error: forbidden, known: A, sampled: [undefined, undefined], at: 1 }).cause).to.equal('unreachable');
    });

    it('acts only on refusals it can recover from', () => {
        expect(isRecoverableRefusal(forbidden)).to.equal(true);
        expect(isRecoverableRefusal(unknownSid)).to.equal(true);
        expect(isRecoverableRefusal(classifyConnectError({ message: 'xhr poll error', description: 502 }))).to.equal(false);
        expect(isRecoverableRefusal(classifyConnectError({ message: 'websocket error' }))).to.equal(false);
    });
});

describe('diagnoseReturn (a backend answers again before any refused reconnect)', () => {
    const at = Date.parse('2026-12-02T10:00:00Z');
    const known: BackendInstance = { id: 'old', startedAt: '2026-12-02T09:59:00.000Z', hostname: '', version: '1' };
    const fresh: BackendInstance = { id: 'new', startedAt: '2026-12-02T09:59:59.000Z', hostname: 'pod-b', version: '1' };
    const other: BackendInstance = { id: 'other', startedAt: '2026-12-02T09:59:59.000Z', hostname: 'pod-c', version: '1' };

    it('a restart when every answer names one new instance, with its host', () => {
        const cause = diagnoseReturn(known, [fresh, undefined, fresh], at);
        expect(cause?.cause).to.equal('backend-restarted');
        expect(cause?.message).to.contain('new instance on pod-b');
    });

    it('nothing when the known instance answers (the network came back) or several do (another replica)', () => {
        expect(diagnoseReturn(known, [known, known, known], at)).to.equal(undefined);
        expect(diagnoseReturn(known, [fresh, other, fresh], at)).to.equal(undefined);
        expect(diagnoseReturn(known, [undefined, undefined, undefined], at)).to.equal(undefined);
    });
});
