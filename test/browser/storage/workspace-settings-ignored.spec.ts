// Workspace content is untrusted: a folder's `.theia/settings.json` (it comes with a `git clone`) that sets the
// settings deciding a verdict, a path written to or a warning changes none of them; the same settings in the
// user's settings (THEIA_CONFIG_DIR) still work. Real Chromium, real backend, a workspace on a real tmpfs.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { Page } from 'playwright-core';
import { RunningBackend } from '../../helpers/theia-backend';
import { IdePage } from '../../helpers/ide-page';
import { mountSkipReason } from '../../helpers/storage-mounts';
import { runFromPalette } from '../../helpers/command-palette';
import { skipOrFail } from '../../helpers/requirements';
import { useTempWorkspace } from '../../helpers/temp-workspace';

const ITEM = '#status-bar-session-health-storage';
const ENV = { SESSION_HEALTH_WORKSPACE_STORAGE: '', KUBERNETES_SERVICE_HOST: '' };

async function decision(page: Page): Promise<string> {
    await page.waitForFunction(() => !!document.body.dataset.sessionHealthStorageWarning, undefined, { timeout: 30000 });
    return page.evaluate(() => document.body.dataset.sessionHealthStorageWarning!);
}

/** Runs the persistence check from the palette; returns the ledger line and the space step's verdict. */
async function runCheck(page: Page): Promise<{ ledger: string; space: string }> {
    await runFromPalette(page, 'Session Health: Run Persistence Check');
    await page.waitForFunction(() => {
        const v = (document.querySelector('.session-health-persistence .persistence-verdict') as HTMLElement | null)?.dataset.verdict;
        return v === 'pass' || v === 'warn' || v === 'fail' || v === 'error';
    }, undefined, { timeout: 30000 });
    const verdict = await page.locator('.session-health-persistence .persistence-verdict').textContent();
    const ledger = await page.locator('.session-health-persistence .persistence-ledger').textContent() ?? '';
    expect(ledger, `the check did not run: ${verdict}`).to.match(/^Marker ledger: /);
    const space = await page.locator('.persistence-step[data-step="space"]').getAttribute('data-verdict') ?? '';
    await page.locator('.session-health-persistence-dialog .theia-button.main').click();
    return { ledger, space };
}

describe('browser: a workspace\'s .theia/settings.json cannot change a verdict, a path written to, or a warning', function (): void {
    this.timeout(180000);
    const fx = useTempWorkspace('untrusted-settings');
    const { base, mounts } = fx;
    let workspace = '';
    let backend: RunningBackend;
    let ide: IdePage;

    before(function () {
        const reason = mountSkipReason();
        if (reason) {
            skipOrFail(this, reason);
        }
        workspace = mounts.tmpfs(path.join(base, 'cloned-repo'), '16m');
    });

    /** What a cloned repository brings: settings that would hide the warning and fake the verdicts. */
    function writeRepoSettings(settings: Record<string, unknown>): void {
        fs.rmSync(path.join(workspace, '.theia'), { recursive: true, force: true });
        fs.mkdirSync(path.join(workspace, '.theia'), { recursive: true });
        fs.writeFileSync(path.join(workspace, '.theia', 'settings.json'), JSON.stringify(settings, undefined, 2));
    }

    it('ignores them: the tmpfs stays ephemeral, the warning shows, the check writes to the default directory with the default space floor', async () => {
        writeRepoSettings({
            'sessionHealth.storage.warnEphemeral': false,
            'sessionHealth.storage.persistentMountPatterns': [workspace, '/**'],
            'sessionHealth.persistenceCheck.directory': '../outside-the-root',
            'sessionHealth.persistenceCheck.minFreePercent': 0,
            'sessionHealth.persistenceCheck.minFreeMegabytes': 0,
            'sessionHealth.showConnectionStatus': false
        });
        const config = path.join(base, 'config-empty');
        fs.mkdirSync(config, { recursive: true });
        backend = await fx.startBackend({ workspace, env: { ...ENV, THEIA_CONFIG_DIR: config } });
        // openIde waits for the connection item: `showConnectionStatus: false` from the repo did not hide it
        ide = await fx.openIde(backend.url);
        const page = ide.page;
        await page.locator(`${ITEM}.session-health-storage-ephemeral`).waitFor({ timeout: 30000 });
        expect(await page.locator(ITEM).getAttribute('aria-label')).to.equal('Workspace storage ephemeral, tmpfs');
        expect(await decision(page)).to.equal('shown');
        await page.locator('.theia-notification-toasts .theia-notification-list-item', { hasText: 'on ephemeral storage' }).waitFor({ timeout: 30000 });

        const { ledger, space } = await runCheck(page);
        expect(ledger).to.contain(path.join(fs.realpathSync(workspace), '.theia', 'session-health', 'markers.jsonl'));
        // 16 MB of tmpfs is below the default floor of 500 MB: the repo's floor of 0 would have made it pass
        expect(space).to.equal('warn');
        expect(fs.existsSync(path.join(workspace, '.theia', 'session-health'))).to.equal(true);
        expect(fs.existsSync(path.join(base, 'outside-the-root'))).to.equal(false);
        expect(await page.locator(ITEM).getAttribute('class')).to.contain('session-health-storage-ephemeral');
    });

    it('the same settings in the user settings still work, and win over the repo\'s', async () => {
        writeRepoSettings({
            'sessionHealth.storage.warnEphemeral': true,
            'sessionHealth.persistenceCheck.directory': 'repo-chosen-dir',
            'sessionHealth.persistenceCheck.minFreeMegabytes': 1000000
        });
        const config = path.join(base, 'config-user');
        fs.mkdirSync(config, { recursive: true });
        fs.writeFileSync(path.join(config, 'settings.json'), JSON.stringify({
            'sessionHealth.storage.warnEphemeral': false,
            'sessionHealth.persistenceCheck.directory': 'user-chosen-dir',
            'sessionHealth.persistenceCheck.minFreePercent': 1,
            'sessionHealth.persistenceCheck.minFreeMegabytes': 1
        }));
        backend = await fx.startBackend({ workspace, env: { ...ENV, THEIA_CONFIG_DIR: config } });
        ide = await fx.openIde(backend.url);
        const page = ide.page;
        await page.locator(`${ITEM}.session-health-storage-ephemeral`).waitFor({ timeout: 30000 });
        expect(await decision(page)).to.equal('off');

        const { ledger, space } = await runCheck(page);
        expect(ledger).to.contain(path.join(fs.realpathSync(workspace), 'user-chosen-dir', 'markers.jsonl'));
        expect(space).to.equal('pass');
        expect(fs.existsSync(path.join(workspace, 'repo-chosen-dir'))).to.equal(false);

        // The user's patterns still decide the verdict (the repo's were ignored in the test above).
        fs.writeFileSync(path.join(config, 'settings.json'), JSON.stringify({ 'sessionHealth.storage.persistentMountPatterns': [workspace] }));
        await page.locator(`${ITEM}.session-health-storage-persistent`).waitFor({ timeout: 30000 });
    });
});
