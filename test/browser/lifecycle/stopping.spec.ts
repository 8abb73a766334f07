// Issue 14 in Chromium: SIGTERM → the open tab shows `stopping` within 1 s and says so once; the new backend on the
// same port and workspace → the tab recovers and says why the server restarted, in the one notification of the restart
// (the stopping notice closes; issue 15 item 3).
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { IdePage, openIde } from '../../helpers/ide-page';
import { TEST_TMP } from '../../helpers/paths';
import { newToasts, recordNewToasts, TOAST, waitForRestartSettled } from '../../helpers/notifications';

const NOTIFICATION = TOAST;

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

    it('SIGTERM: `stopping` within 1 s, one notification; new backend: it makes way for one notification with the cause in plain words', async () => {
        // declared persistent: the check after the restart passes, so the planned restart's notification is information
        const env = { SESSION_HEALTH_DRAIN_SECONDS: '3', SESSION_HEALTH_WORKSPACE_STORAGE: 'persistent', KUBERNETES_SERVICE_HOST: '' };
        backend = await startBackend({ workspace, env });
        const port = backend.port;
        ide = await openIde(backend.url);
        const page = ide.page;
        await ide.waitForState('connected', 30000);

        // the storage item has decided whether to warn (its warning, if any, is not part of the restart)
        await page.waitForFunction(() => !!document.body.dataset.sessionHealthStorageWarning, undefined, { timeout: 30000 });
        const sigtermAt = Date.now();
        backend.process.kill('SIGTERM');
        const stoppingMs = await ide.msUntilState('stopping', sigtermAt, 10000);
        console.log(`      stopping shown ${stoppingMs} ms after SIGTERM`);
        expect(stoppingMs, `stopping shown ${stoppingMs} ms after SIGTERM`).to.be.at.most(1000);
        expect(await page.locator('#status-bar-session-health-connection').textContent()).to.contain('Server stopping');
        await page.locator(NOTIFICATION, { hasText: 'The IDE server is shutting down' }).first().waitFor({ timeout: 5000 });
        expect(await page.locator(NOTIFICATION, { hasText: 'The IDE server is shutting down' }).count()).to.equal(1);

        await recordNewToasts(page);

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
        // one notification for the restart: the cause, reconnected, the files; information (it was planned), with "Details"
        expect(await cause.locator('.theia-notification-message').textContent()).to.match(
            /^The IDE server restarted at .*: it was stopped on purpose \(SIGTERM.*\)\. Reconnected; unsaved changes in open editors are kept\. /);
        expect(await cause.locator('.theia-notification-icon.info').count()).to.equal(1);
        expect(await cause.locator('.theia-notification-buttons button').allTextContents()).to.deep.equal(['Details']);
        // the stopping notice made way for it
        await page.locator(NOTIFICATION, { hasText: 'The IDE server is shutting down' }).waitFor({ state: 'detached', timeout: 5000 });
        const newInstance = await (await fetch(`${backend.url}/session-health/instance`)).json() as { id: string };
        await waitForRestartSettled(page, newInstance.id, 30000);
        // the timeline has the detail (the drain seconds) the notification leaves out
        await cause.locator('button', { hasText: 'Details' }).click();
        const timeline = page.locator('[data-section="connection"] .session-health-timeline');
        await timeline.filter({ hasText: /Persistence check after the restart/ }).waitFor({ timeout: 30000 });
        expect(await timeline.textContent()).to.match(/it was stopped on purpose \(SIGTERM[^)]*\) \(SIGTERM; drain 3 s\)\./);
        const toasts = await newToasts(page);
        expect(toasts, toasts.join(' | ')).to.have.length(1);
    });
});
