import { expect } from 'chai';
import { classifyConnectError, explainEngineIoCode } from '../../../src/common/shared/engine-io-protocol';

describe('classifyConnectError', () => {
    it('reads the engine.io code from a polling error body', () => {
        const e = classifyConnectError({ message: 'xhr poll error', description: 400, responseText: '{"code":1,"message":"Session ID unknown"}' });
        expect(e).to.deep.include({ code: 1, status: 400, message: 'Session ID unknown' });
        expect(e.explanation).to.match(/session affinity/);
    });

    it('treats a bare 403 as a refused connection token', () => {
        const e = classifyConnectError({ message: 'xhr poll error', description: 403 });
        expect(e.code).to.equal(4);
        expect(e.message).to.equal('Forbidden');
    });

    it('explains gateway errors and unreachable backends', () => {
        expect(classifyConnectError({ message: 'xhr poll error', description: 502 }).explanation).to.match(/HTTP 502.*down or not ready/);
        const refused = classifyConnectError({ message: 'websocket error', description: { type: 'error' } });
        expect(refused.code).to.equal(undefined);
        expect(refused.status).to.equal(undefined);
        expect(refused.explanation).to.match(/could not be reached/);
    });

    it('survives a body that is not engine.io JSON', () => {
        const e = classifyConnectError({ message: 'xhr poll error', description: 400, responseText: '<html>Bad Request</html>' });
        expect(e.code).to.equal(undefined);
        expect(e.explanation).to.match(/HTTP 400/);
    });

    it('has a sentence for every engine.io code', () => {
        for (const code of [0, 1, 2, 3, 4, 5]) {
            expect(explainEngineIoCode(code)).to.be.a('string').with.length.above(20);
        }
    });
});
