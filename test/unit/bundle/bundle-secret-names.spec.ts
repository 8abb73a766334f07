// Which names hold a secret (src/common/bundle/bundle-secret-names.ts): the one list the bundle's redaction uses.
import { expect } from 'chai';
import { isHeadersName, isSecretName, nameWords } from '../../../src/common/bundle/bundle-secret-names';

describe('bundle: secret names', () => {
    it('today\'s names and the ones issue 23 added, in any case and spelling', () => {
        for (const name of ['GITHUB_TOKEN', 'clientSecret', 'DB_PASSWORD', 'passwd', 'apiKey', 'GOOGLE_CREDENTIALS', 'cookie', 'Authorization', 'sessionId', 'sid',
            'DB_PASS', 'PGPASSFILE', 'OLDPWD', 'x-auth', 'OAUTH_CLIENT', 'AZURE_SIG', 'X-Amz-Signature', 'urlSignature', 'sig', 'SIGV4', 'SENTRY_DSN', 'sentryDsn',
            'LB_COOKIE', 'FLASK_SESSION', 'sessionHealth.session', 'SESSION_HEALTH_SESSION_SECRET']) {
            expect(isSecretName(name), name).to.equal(true);
        }
    });

    it('not our own prefix, not words that merely contain SIG or DSN, not the bundle\'s own hash keys', () => {
        for (const name of ['SESSION_HEALTH_DATA_DIR', 'sessionHealth.persistenceCheck.directory', 'THEIA_SIGNAL', 'assignment', 'design', 'holdsNothing',
            'sidSha256', 'backendSidSha256', 'sidHash', 'state', 'url', 'headers']) {
            expect(isSecretName(name), name).to.equal(false);
        }
        expect(isHeadersName('OTEL_EXPORTER_OTLP_HEADERS')).to.equal(true);
        expect(isHeadersName('headers')).to.equal(true);
        expect(isHeadersName('header')).to.equal(false);
    });

    it('splits names into words at separators and camelCase humps', () => {
        expect(nameWords('sentryDsn')).to.deep.equal(['SENTRY', 'DSN']);
        expect(nameWords('X-Amz-Sig.v2')).to.deep.equal(['X', 'AMZ', 'SIG', 'V2']);
    });
});
