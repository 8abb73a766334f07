// The one bearer check of the metrics token, shared by /session-health/metrics and /session-health/activity.
import { expect } from 'chai';
import type { Request } from '@theia/core/shared/express';
import { metricsTokenRefusal, readToken } from '../../../src/node/http/bearer-token';

const request = (authorization?: string) => ({ headers: { authorization } }) as unknown as Request;

describe('http: the metrics bearer check (metricsTokenRefusal)', () => {
    it('lets everyone read while no token is set', () => {
        expect(metricsTokenRefusal(readToken('T', {}), request(), 'x')).to.equal(undefined);
    });
    it('wants the token when one is set: 401 with WWW-Authenticate otherwise', () => {
        const setting = readToken('T', { T: 'a-token-of-enough-length' });
        expect(metricsTokenRefusal(setting, request('Bearer a-token-of-enough-length'), 'x')).to.equal(undefined);
        for (const header of [undefined, 'Bearer wrong', 'a-token-of-enough-length', 'Basic a-token-of-enough-length']) {
            expect(metricsTokenRefusal(setting, request(header), 'x'), String(header)).to.deep.include({ status: 401, headers: { 'WWW-Authenticate': 'Bearer' } });
        }
    });
    it('fails closed with 503 when the token is unusable, naming the route', () => {
        const refusal = metricsTokenRefusal(readToken('T', { T: 'short' }), request('Bearer short'), 'The activity route is disabled');
        expect(refusal?.status).to.equal(503);
        expect(refusal?.reason).to.match(/^The activity route is disabled: SESSION_HEALTH_METRICS_TOKEN is not a usable token/);
    });
});
