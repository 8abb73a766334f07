// Issue 24 §3: the real backend with SESSION_HEALTH_DISABLE. An unknown name stops the start with a clear error (exit
// code 1, the name and the known ones in the output); known names take the capability's routes away and the
// capabilities route says what is off. (The browser side, one capability at a time: test/browser/adopter/switch-off.)
import { expect } from 'chai';
import { startBackend } from '../../helpers/theia-backend';
import { CAPABILITIES_ROUTE, CAPABILITY_NAMES } from '../../../src/common/capabilities/capabilities-protocol';

describe('integration: SESSION_HEALTH_DISABLE in the backend', function (): void {
    this.timeout(120000);

    it('refuses an unknown name at start-up with a clear error and exit code 1', async () => {
        const started = Date.now();
        const error = await startBackend({ env: { SESSION_HEALTH_DISABLE: 'reports,jornal' } }).then(
            b => { void b.stop(); return undefined; },
            (e: Error) => e
        );
        expect(error, 'the backend must not start').to.be.instanceOf(Error);
        expect(error!.message).to.match(/exited with 1 before listening/);
        expect(error!.message).to.contain(`SESSION_HEALTH_DISABLE names unknown capability "jornal"; known: ${CAPABILITY_NAMES.join(', ')}`);
        expect(Date.now() - started, 'fails fast').to.be.below(60000);
    });

    it('takes the routes of switched-off capabilities away and says what is off', async () => {
        const token = 'metrics-token-for-the-test';
        const backend = await startBackend({ env: { SESSION_HEALTH_DISABLE: 'reports, Bundle', SESSION_HEALTH_METRICS_TOKEN: token } });
        try {
            const get = (route: string) => fetch(`${backend.url}${route}`, { headers: { authorization: `Bearer ${token}` } });
            const caps = await get(CAPABILITIES_ROUTE);
            expect(caps.status).to.equal(200);
            expect(caps.headers.get('cache-control')).to.equal('no-store');
            const body = await caps.json() as { enabled: string[]; disabled: { name: string; by: string }[] };
            expect(body.disabled).to.deep.equal([{ name: 'reports', by: 'SESSION_HEALTH_DISABLE' }, { name: 'bundle', by: 'SESSION_HEALTH_DISABLE' }]);
            expect(body.enabled).to.include.members(['connection', 'journal', 'health']);
            const unknown = (await get('/session-health/no-such-route')).status;
            expect((await get('/session-health/metrics')).status, 'metrics off').to.equal(unknown);
            expect((await get('/session-health/reports')).status, 'reports off').to.equal(unknown);
            expect((await get('/session-health/bundle')).status, 'bundle off').to.equal(unknown);
            expect((await get('/session-health/instance')).status, 'connection on').to.equal(200);
            expect((await get('/health')).status, 'health on').to.equal(200);
            expect(backend.output()).to.match(/switched off by SESSION_HEALTH_DISABLE: reports, bundle/);
        } finally {
            await backend.stop();
        }
    });
});
