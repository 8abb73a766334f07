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
        expect(r.text('https://example.com/a?b=1&access_token=xyz&c=2')).to.equal(`https://example.com/a?b=${MASK}&access_token=${MASK}&c=${MASK}`);
    });

    // Issue 23: `session-health bundle` printed `OTEL_EXPORTER_OTLP_HEADERS=x-honeycomb-team=…` and `…/v1/logs?sig=…`.
    it('masks every query and fragment value of a URL or path, keeps names and engine.io protocol constants', () => {
        const r = new Redactor();
        expect(r.text('export to https://otlp.example/v1/logs?sig=Zm9vYmFy&se=2030 failed')).to.equal(`export to https://otlp.example/v1/logs?sig=${MASK}&se=${MASK} failed`);
        expect(r.text('https://idp.example/cb#access_token=abc&state=1')).to.equal(`https://idp.example/cb#${MASK}`);
        expect(r.text('GET /theia/socket.io/?EIO=4&transport=polling&t=x1y2&sid=abcdef -> 200')).to.equal(`GET /theia/socket.io/?EIO=4&transport=polling&t=${MASK}&sid=${MASK} -> 200`);
        expect(r.text('https://h/p?opaqueSecretValue')).to.equal(`https://h/p?${MASK}`);
        expect(r.text('http://user:p@ss@host:1/x')).to.equal(`http://${MASK}@host:1/x`);
        // A second pass changes nothing and counts nothing.
        const once = r.text('https://u:p@h/p?a=1#f');
        const counts = JSON.stringify(r.counts);
        expect(r.text(once)).to.equal(once);
        expect(JSON.stringify(r.counts)).to.equal(counts);
    });

    it('masks whole the values of header lists and of names with PASS, PWD, AUTH, SIG, DSN, COOKIE or SESSION', () => {
        const r = new Redactor();
        const env = r.env({
            OTEL_EXPORTER_OTLP_HEADERS: 'x-honeycomb-team=hc123', OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'a=b', DB_PASS: 'p1', OLDPWD: '/root/secret',
            X_AUTH: 'a1', AZURE_SIG: 's1', SENTRY_DSN: 'https://k@sentry.io/1', LB_COOKIE: 'c1', FLASK_SESSION: 'f1',
            SESSION_HEALTH_DATA_DIR: '/data', THEIA_SIGNAL_FILE: '/run/x'
        });
        for (const name of ['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_LOGS_HEADERS', 'DB_PASS', 'OLDPWD', 'X_AUTH', 'AZURE_SIG', 'SENTRY_DSN', 'LB_COOKIE', 'FLASK_SESSION']) {
            expect(env[name], name).to.equal(MASK);
        }
        // Our own SESSION_HEALTH_ prefix and words that merely contain "sig" stay readable.
        expect(env).to.include({ SESSION_HEALTH_DATA_DIR: '/data', THEIA_SIGNAL_FILE: '/run/x' });
        expect(r.text('OTEL_EXPORTER_OTLP_HEADERS=x-honeycomb-team=hc123,x-other=o456 next')).to.equal(`OTEL_EXPORTER_OTLP_HEADERS=${MASK} next`);
        expect(secretEnvValues({ OTEL_EXPORTER_OTLP_HEADERS: 'x-honeycomb-team=hc123,b=other456' })).to.include.members(['hc123', 'other456']);
        // The shell's working directory is masked under its name, but not everywhere: every path would go.
        expect(secretEnvValues({ PWD: '/work/project', OLDPWD: '/root', DB_PASSWORD: 'hunter22' })).to.deep.equal(['hunter22']);
    });

    it('masks "key": "value" pairs with a secret-like key inside text, keeps the others', () => {
        const r = new Redactor();
        expect(r.text('{"password": "hunter22", "user": "bob"}')).to.equal(`{"password": "${MASK}", "user": "bob"}`);
        expect(r.text('{\'apiKey\':\'k-123456\', "pin_pwd": 123456, "authRequired": true}')).to.equal(`{'apiKey':'${MASK}', "pin_pwd": "${MASK}", "authRequired": true}`);
        expect(r.text('{"headers": "x-team=t0p"}')).to.equal(`{"headers": "${MASK}"}`);
        // JSON quoted into a string (a response body in the probe's evidence), and an escaped quote inside a value.
        expect(r.text(String.raw`200 "ready {\"password\": \"hunter22\", \"ok\": \"yes\"}"`)).to.equal(String.raw`200 "ready {\"password\": \"${MASK}\", \"ok\": \"yes\"}"`);
        expect(r.text(String.raw`{"token": "ab\"cd-1234", "n": 1}`)).to.equal(String.raw`{"token": "${MASK}", "n": 1}`);
    });

    it('an object of headers is judged header by header; a header list as text is masked whole', () => {
        const r = new Redactor();
        expect(r.value({ headers: { 'content-type': 'text/plain', authorization: 'Bearer abcdefgh' }, extraHeaders: 'x-a=1' }))
            .to.deep.equal({ headers: { 'content-type': 'text/plain', authorization: MASK }, extraHeaders: MASK });
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
