// The one redaction of the support bundle (src/common/bundle/bundle-redaction.ts), field by field and over a
// whole bundle: no planted secret survives, ordinary text does.
import { expect } from 'chai';
import * as fc from 'fast-check';
import { MASK, Redactor, secretEnvValues } from '../../../src/common/bundle/bundle-redaction';

const secretChars = fc.stringMatching(/^[A-Za-z0-9_~.+-]{12,40}$/);

describe('bundle: redaction', () => {
    it('masks credentials in URLs, keeps the rest of the URL', () => {
        const r = new Redactor();
        expect(r.text('http://user:canarypass@127.0.0.1:1/v1')).to.equal(`http://${MASK}@127.0.0.1:1/v1`);
        expect(r.text('see https://tok3n@host/x and ftp://a:b@c')).to.equal(`see https://${MASK}@host/x and ftp://${MASK}@c`);
        expect(r.text('https://example.com/a?b=1&access_token=xyz&c=2')).to.equal(`https://example.com/a?b=1&access_token=${MASK}&c=2`);
    });

    it('masks Authorization and Cookie headers, bearer tokens and secret-named assignments', () => {
        const r = new Redactor();
        expect(r.text('Authorization: Bearer abcdef123456')).to.equal(`Authorization: ${MASK}`);
        expect(r.text('cookie: theia-connection-token=abc; other=1')).to.equal(`cookie: ${MASK}`);
        expect(r.text('sent Bearer abcdef123456 upstream')).to.equal(`sent Bearer ${MASK} upstream`);
        expect(r.text('theia-connection-token=s3cr3tvalue; Path=/')).to.equal(`theia-connection-token=${MASK}; Path=/`);
        expect(r.text('GITHUB_TOKEN=ghp_123 HOME=/root')).to.equal(`GITHUB_TOKEN=${MASK} HOME=/root`);
        expect(r.text('OTEL_EXPORTER_OTLP_HEADERS=Authorization=Basic dXNlcjpwYXNz')).to.not.contain('dXNlcjpwYXNz');
    });

    it('masks env values whose names contain TOKEN, SECRET, PASSWORD, KEY or CREDENTIAL, in any case', () => {
        const r = new Redactor();
        const env = r.env({ SESSION_HEALTH_ADMIN_TOKEN: 'a', db_password: 'b', AWS_SECRET_ACCESS_KEY: 'c', apiKey: 'd', GOOGLE_CREDENTIALS: 'e', PATH: '/usr/bin' });
        expect(env).to.deep.equal({ AWS_SECRET_ACCESS_KEY: MASK, GOOGLE_CREDENTIALS: MASK, PATH: '/usr/bin', SESSION_HEALTH_ADMIN_TOKEN: MASK, apiKey: MASK, db_password: MASK });
        expect(secretEnvValues({ X_TOKEN: 'tok', PATH: '/bin' })).to.deep.equal(['tok']);
    });

    it('leaves text without secrets unchanged (timeline messages, paths, verdicts)', () => {
        const r = new Redactor(['thesid12345678901234']);
        for (const text of ['Polling → Connected', 'Transport upgraded to WebSocket', '/workspace/project (ext4 from /dev/vda)', 'persistent', 'round trip 12 ms, p95 30 ms', 'http://127.0.0.1:3000/']) {
            expect(r.text(text)).to.equal(text);
        }
    });

    it('property: a known secret never survives, wherever it is put in a nested value (keys too)', () => {
        fc.assert(fc.property(secretChars, fc.jsonValue(), fc.string(), fc.string(), (secret, json, before, after) => {
            const r = new Redactor([secret]);
            const planted = { data: json, text: `${before}${secret}${after}`, list: [secret, { [`k${secret}`]: secret }] };
            const out = JSON.stringify(r.value(planted));
            expect(out).to.not.contain(secret);
        }), { numRuns: 300 });
    });

    it('property: a password in a URL never survives', () => {
        const scheme = fc.constantFrom('http', 'https', 'ftp', 'redis', 'postgres');
        const host = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,20}(:[0-9]{1,5})?$/);
        const rest = fc.stringMatching(/^(\/[A-Za-z0-9._~%-]{0,8}){0,4}(\?[a-z]{1,5}=[a-z0-9]{0,5})?$/);
        fc.assert(fc.property(scheme, host, rest, fc.stringMatching(/^[a-z]{1,10}$/), secretChars, (s, h, p, user, pass) => {
            const withCreds = `${s}://${user}:${pass}@${h}${p}`;
            expect(new Redactor().text(`endpoint ${withCreds} is down`)).to.not.contain(pass);
        }), { numRuns: 300 });
    });

    it('property: a value under a secret-named key never survives, whatever its type', () => {
        const names = fc.constantFrom('token', 'adminToken', 'SESSION_HEALTH_ADMIN_TOKEN', 'clientSecret', 'password', 'apiKey', 'credentials', 'cookie', 'Authorization', 'sid');
        fc.assert(fc.property(names, secretChars, (name, secret) => {
            const out = JSON.stringify(new Redactor().value({ outer: { [name]: secret, list: [{ [name]: { nested: secret } }] } }));
            expect(out).to.not.contain(secret);
        }), { numRuns: 200 });
    });

    it('counts what it masked by rule, never the values', () => {
        const r = new Redactor(['full-sid-abcdefgh']);
        r.value({ a: 'full-sid-abcdefgh', b: 'http://u:p@h/', token: 'x' });
        expect(r.counts).to.include({ 'known-value': 1, 'url-credentials': 1, 'by-name': 1 });
        expect(JSON.stringify(r.counts)).to.not.contain('full-sid');
    });
});
