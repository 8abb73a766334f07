// Nothing from settings, paths or the network is rendered as markdown: Theia's notifications render markdown and
// run a clicked `command:` link. A workspace path, a persistence-check directory (user setting) and the backend's
// host name (a real UTS namespace) that carry a markdown command link show up literally, with no link, both after
// a click and in the one notification a backend restart brings without any user action. Real Chromium, real backend.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { Page } from 'playwright-core';
import { RunningBackend } from '../../helpers/theia-backend';
import { IdePage } from '../../helpers/ide-page';
import { isRoot } from '../../helpers/storage-mounts';
import { skipOrFail } from '../../helpers/requirements';
import { newToasts, recordNewToasts, waitForRestartSettled } from '../../helpers/notifications';
import { useTempWorkspace } from '../../helpers/temp-workspace';

const LINK = '[x](command:workbench.action.reloadWindow)';
const NOTE = '.theia-notification-list-item';

/** The notification whose text matches, once it shows; its message text as the user sees it. */
async function notification(page: Page, text: RegExp): Promise<string> {
    const item = page.locator(NOTE).filter({ hasText: text }).first();
    await item.waitFor({ timeout: 60000 });
    return await item.locator('.theia-notification-message').textContent() ?? '';
}

async function commandLinks(page: Page): Promise<number> {
    return page.locator(`${NOTE} a[href^="command:"], .theia-notification-message a`).count();
}

describe('browser: settings, paths and server strings in notifications are plain text', function (): void {
    this.timeout(240000);
    const fx = useTempWorkspace('plain-notifications');
    const base = fx.base;
    const workspace = path.join(base, `ws-${LINK}`);
    const config = path.join(base, 'config');
    let backend: RunningBackend;
    let ide: IdePage;

    before(function () {
        if (!isRoot()) {
            skipOrFail(this, 'a new UTS namespace (the backend\'s host name) needs root');
        }
        fs.mkdirSync(workspace, { recursive: true });
        fs.mkdirSync(config, { recursive: true });
        fs.writeFileSync(path.join(config, 'settings.json'), JSON.stringify({ 'sessionHealth.persistenceCheck.directory': `../${LINK}` }));
    });

    const env = { SESSION_HEALTH_WORKSPACE_STORAGE: 'ephemeral', KUBERNETES_SERVICE_HOST: '', THEIA_CONFIG_DIR: config };

    it('the storage warning shows the workspace path literally; the check\'s refusal shows the directory literally', async () => {
        backend = await fx.startBackend({ workspace, env });
        ide = await fx.openIde(backend.url);
        const page = ide.page;
        const warning = await notification(page, /on ephemeral storage/);
        expect(warning).to.contain(workspace);
        await page.locator(`.theia-notification-toasts ${NOTE}`, { hasText: 'on ephemeral storage' }).locator('button', { hasText: 'Run Persistence Check' }).first().click();
        const refusal = await notification(page, /could not run/);
        expect(refusal).to.contain(`"../${LINK}"`);
        expect(await commandLinks(page)).to.equal(0);
        await page.locator('.session-health-persistence .persistence-verdict[data-verdict="error"]').waitFor({ timeout: 10000 });
    });

    it('after a backend restart: its one notification shows the host name and the check\'s directory literally', async () => {
        backend = await fx.startBackend({ workspace, env });
        const port = backend.port;
        ide = await fx.openIde(backend.url);
        const page = ide.page;
        await ide.waitForState('connected', 30000);
        await notification(page, /on ephemeral storage/);
        await recordNewToasts(page);

        await backend.stop();
        await ide.waitForState('offline', 15000).catch(() => ide!.waitForState('reconnecting', 15000));
        const hostname = `h-${LINK}`;
        backend = await fx.startBackend({
            workspace, port, env: { ...env, SH_TEST_HOSTNAME: hostname, SESSION_HEALTH_INSTANCE_SHOW_HOSTNAME: 'true' },
            prefix: ['unshare', '--uts', 'sh', '-c', 'printf %s "$SH_TEST_HOSTNAME" > /proc/sys/kernel/hostname && exec "$@"', 'sh']
        });
        await ide.waitForState('connected', 60000);
        const newInstance = await (await fetch(`${backend.url}/session-health/instance`)).json() as { id: string };
        await waitForRestartSettled(page, newInstance.id, 60000);
        // one notification for the restart: the host and the check's refusal (a user setting) in it, literally
        const notice = await notification(page, /The IDE server restarted/);
        expect(notice).to.contain(`on ${hostname}: the process died`);
        expect(notice).to.contain('The persistence check could not run: ').and.to.contain(`"../${LINK}"`);
        expect(await commandLinks(page)).to.equal(0);
        const toasts = await newToasts(page);
        expect(toasts, toasts.join(' | ')).to.deep.equal([notice]);
    });
});
