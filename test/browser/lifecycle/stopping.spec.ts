// Issue 14 in Chromium: SIGTERM → the open tab shows `stopping` within 1 s and says so once; the new backend on the
// same port and workspace → the tab recovers and says why the server restarted.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { IdePage, openIde } from '../../helpers/ide-page';
import { TEST_TMP } from '../../helpers/paths';

const NOTIFICATION = '.theia-notification-toasts .theia-notification-list-item';

describe('browser: the server says it is stopping, and why it restarted', function (): void {
    this.timeout(180000);
    let backend: RunningBackend | undefined;
    let ide: IdePage | undefined;
    let workspace: string;

    before(() => {
        fs.mkdirSync(TEST_TMP, { recursive: true });
        workspace = fs.mkdtempSync(path.join(TEST_TMP, 'stopping-ws-'));
    });
    after(async () => {
        await ide?.close();
        await backend?.stop();
        fs.rmSync(workspace, { recursive: true, force: true });
    });

    it('SIGTERM: `stopping` within 1 s, one notification; new backend: connected again and the cause in plain words', async () => {
        const env = { SESSION_HEALTH_DRAIN_SECONDS: '3' };
        backend = await startBackend({ workspace, env });
        const port = backend.port;
        ide = await openIde(backend.url);
        const page = ide.page;
        await ide.waitForState('connected', 30000);

        const sigtermAt = Date.now();
        backend.process.kill('SIGTERM');
        const stoppingMs = await ide.msUntilState('stopping', sigtermAt, 10000);
        console.log(`      stopping shown ${stoppingMs} ms after SIGTERM`);
        expect(stoppingMs, `stopping shown ${stoppingMs} ms after SIGTERM`).to.be.at.most(1000);
        expect(await page.locator('#status-bar-session-health-connection').textContent()).to.contain('Server stopping');
        await page.locator(NOTIFICATION, { hasText: 'The IDE server is shutting down' }).first().waitFor({ timeout: 5000 });
        expect(await page.locator(NOTIFICATION, { hasText: 'The IDE server is shutting down' }).count()).to.equal(1);

        await backend.exited;
        await backend.stop();
        backend = await startBackend({ workspace, env, port });
        const listeningAt = Date.now();
        await ide.msUntilState('connected', listeningAt, 60000);
        const cause = page.locator(NOTIFICATION, { hasText: ': it was stopped on purpose' });
        await cause.waitFor({ timeout: 30000 });
        const shownMs = Date.now() - listeningAt;
        console.log(`      cause shown ${shownMs} ms after the new backend listened`);
        expect(shownMs, `cause shown ${shownMs} ms after the new backend listened`).to.be.at.most(3000);
        expect(await cause.textContent()).to.match(/The IDE server restarted at .*: it was stopped on purpose \(SIGTERM.*\)\. Your files survived\./);
    });
});
