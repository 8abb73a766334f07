// Tokens of the report routes: reading them from the environment and comparing bearer tokens (src/node/reports/reports-env.ts).
import { expect } from 'chai';
import { ADMIN_TOKEN_ENV, bearerMatches, METRICS_TOKEN_ENV, MIN_TOKEN_LENGTH, readToken } from '../../../src/node/http/bearer-token';
import { metricsAccessLine } from '../../../src/node/reports/reports-http-contribution';

describe('reports: bearer compare', () => {
    it('compares bearer tokens exactly', () => {
        expect(bearerMatches('Bearer s3cret', 's3cret')).to.equal(true);
        for (const h of [undefined, '', 'Bearer s3cre', 'Bearer s3cret ', 's3cret', 'Basic s3cret']) {
            expect(bearerMatches(h, 's3cret'), String(h)).to.equal(false);
        }
    });
});

describe('reports: tokens from the environment', () => {
    it('trims a token and refuses a blank, empty or short one (fail closed) with the reason', () => {
        expect(readToken(METRICS_TOKEN_ENV, {})).to.deep.equal({ state: 'unset' });
        expect(readToken(METRICS_TOKEN_ENV, { [METRICS_TOKEN_ENV]: '  0123456789abcdef \n' })).to.deep.equal({ state: 'set', token: '0123456789abcdef' });
        for (const [value, problem] of [['', /empty/], ['   \t', /blank/], ['0123456789abcde', /shorter than 16/], ['  short  ', /shorter than 16/]] as const) {
            const setting = readToken(ADMIN_TOKEN_ENV, { [ADMIN_TOKEN_ENV]: value });
            expect(setting.state, JSON.stringify(value)).to.equal('invalid');
            expect((setting as { problem: string }).problem).to.match(problem).and.to.contain(ADMIN_TOKEN_ENV);
        }
        expect(MIN_TOKEN_LENGTH).to.equal(16);
    });

    it('says at start-up whether the metrics are open, token-protected or closed', () => {
        expect(metricsAccessLine({ state: 'unset' })).to.match(/is OPEN/);
        expect(metricsAccessLine({ state: 'set', token: 'x'.repeat(16) })).to.match(/token-protected/).and.not.to.contain('x'.repeat(16));
        expect(metricsAccessLine(readToken(METRICS_TOKEN_ENV, { [METRICS_TOKEN_ENV]: ' ' }))).to.match(/refuses every request: SESSION_HEALTH_METRICS_TOKEN is set but blank/);
    });
});
