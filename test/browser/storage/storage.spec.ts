// The workspace-storage item and warning in real Chromium against the real backend: a workspace on a
// real tmpfs (ephemeral: item + warning) and one declared persistent by the admin env (no warning).
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { BrowserContext, Page } from 'playwright-core';
import { sharedBrowser } from '../../helpers/chromium';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { TEST_TMP } from '../../helpers/paths';
import { mountSkipReason, MountSet } from '../../helpers/storage-mounts';
import { skipOrFail } from '../../helpers/requirements';

const ITEM = '#status-bar-session-health-storage';
const TOAST = '.theia-notification-toasts .theia-notification-list-item';
const warningIn = (page: Page) => page.locator(TOAST, { hasText: 'on ephemeral storage' });

async function decision(page: Page): Promise<string> {
    await page.waitForFunction(() => !!document.body.dataset.sessionHealthStorageWarning, undefined, { timeout: 30000 });
    return page.evaluate(() => document.body.dataset.sessionHealthStorageWarning!);
}

describe('browser: workspace storage item and warning', function () {
    // four page loads in the first test: on a loaded 2-core machine one load takes up to a minute
    this.timeout(300000);
    const mounts = new MountSet();
    const base = path.join(TEST_TMP, `storage-browser-${process.pid}-${Date.now()}`);
    const tmpfsWs = path.join(base, 'tmpfs-ws');
    const plainWs = path.join(base, 'plain-ws');
    const backends: RunningBackend[] = [];
    const contexts: BrowserContext[] = [];

    before(function () {
        const reason = mountSkipReason();
        if (reason) {
            skipOrFail(this, reason);
        }
        mounts.tmpfs(tmpfsWs);
        fs.writeFileSync(path.join(tmpfsWs, 'notes.md'), '# work in memory\n');
        fs.mkdirSync(plainWs, { recursive: true });
    });

    afterEach(async function () {
        if (this.currentTest?.state === 'failed') {
            for (const b of backends) {
                console.log(`--- backend output (exit ${b.process.exitCode}):\n${b.output().slice(-3000)}`);
            }
        }
        await Promise.all(contexts.splice(0).map(c => c.close().catch(() => undefined)));
    });

    after(async () => {
        await Promise.all(backends.map(b => b.stop()));
        const problems = mounts.unmountAll();
        fs.rmSync(base, { recursive: true, force: true });
        expect(problems).to.deep.equal([]);
    });

    async function open(url: string, context?: BrowserContext): Promise<{ context: BrowserContext; page: Page }> {
        if (!context) {
            context = await (await sharedBrowser()).newContext({ viewport: { width: 1280, height: 720 } });
            contexts.push(context);
        }
        const page = await context.newPage();
        await page.goto(url);
        await page.locator(ITEM).waitFor({ timeout: 60000 });
        return { context, page };
    }

    it('a workspace on a tmpfs: "Ephemeral" item, one warning with its three actions, and the fix with the workspace path', async () => {
        const backend = await startBackend({ workspace: tmpfsWs, env: { SESSION_HEALTH_WORKSPACE_STORAGE: '', KUBERNETES_SERVICE_HOST: '' } });
        backends.push(backend);
        const { context, page } = await open(backend.url);
        await page.locator(`${ITEM}.session-health-storage-ephemeral`).waitFor({ timeout: 30000 });
        expect(await page.locator(ITEM).textContent()).to.contain('Ephemeral');
        expect(await page.locator(`${ITEM} .codicon-warning`).count()).to.equal(1);
        const label = await page.locator(ITEM).getAttribute('aria-label');
        expect(label).to.equal('Workspace storage ephemeral, tmpfs');
        const warning = warningIn(page);
        await warning.waitFor({ timeout: 30000 });
        expect(await decision(page)).to.equal('shown');
        expect(await warningIn(page).count()).to.equal(1);
        const text = await warning.locator('.theia-notification-message').textContent();
        expect(text).to.contain(tmpfsWs).and.to.contain('deleted when this pod is deleted or restarted');
        // short: one sentence, the evidence and the fix are in the Session Health view. The path's length
        // depends on where the suite runs (a CI clone lives deeper than a dev tree), so it is not counted.
        expect(text!.replace(tmpfsWs, '').length, text!).to.be.at.most(160);
        const buttons = await warning.locator('.theia-notification-buttons button').allTextContents();
        expect(buttons).to.have.members(['Details', 'Run Persistence Check', 'Don\'t warn for this workspace']);

        await warning.locator('button', { hasText: 'Details' }).click();
        const root = page.locator(`#session-health-view [data-section="storage"] .session-health-storage-root[data-path="${tmpfsWs}"]`);
        await root.waitFor({ timeout: 10000 });
        // verdict, kind, mount and evidence as separate elements, not run together
        expect(await root.locator('td[data-field="verdict"]').textContent()).to.equal('ephemeral');
        expect(await root.locator('td[data-field="kind"]').textContent()).to.equal('tmpfs');
        expect(await root.locator('td[data-field="filesystem"]').textContent()).to.equal('tmpfs');
        expect(await root.locator('td[data-field="evidence"]').textContent()).to.have.length.greaterThan(10);
        const deployment = page.locator('#session-health-view .session-health-storage-fix pre[data-variant="deployment"]');
        await deployment.waitFor({ timeout: 10000 });
        // The fix is YAML rendered from objects (yaml.stringify): the mount path is its own plain scalar.
        expect(await deployment.textContent()).to.match(new RegExp(`mountPath: ${tmpfsWs.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`)).and.to.contain('kind: PersistentVolumeClaim');
        expect(await page.locator('#session-health-view .session-health-storage-fix pre[data-variant="statefulset"]').textContent()).to.contain('volumeClaimTemplates');

        // Once per workspace per session: a reload of the same tab does not warn again.
        await page.reload();
        await page.locator(`${ITEM}.session-health-storage-ephemeral`).waitFor({ timeout: 60000 });
        expect(await decision(page)).to.equal('session');
        expect(await warningIn(page).count()).to.equal(0);

        // A new tab is a new session: it warns again; "Don't warn for this workspace" is remembered for the next tabs.
        const second = await open(backend.url, context);
        const again = warningIn(second.page);
        await again.waitFor({ timeout: 30000 });
        await again.locator('button', { hasText: 'Don\'t warn for this workspace' }).click();
        await second.page.waitForFunction(() => Object.keys(localStorage).some(k => k.includes('session-health.storage.dont-warn')), undefined, { timeout: 10000 });
        const third = await open(backend.url, context);
        await third.page.locator(`${ITEM}.session-health-storage-ephemeral`).waitFor({ timeout: 30000 });
        expect(await decision(third.page)).to.equal('dont-warn');
        expect(await warningIn(third.page).count()).to.equal(0);
    });

    it('settings: warnEphemeral false keeps the item but shows no warning; a persistent mount pattern makes the tmpfs persistent', async () => {
        const quiet = path.join(base, 'config-quiet');
        const declared = path.join(base, 'config-declared');
        fs.mkdirSync(quiet, { recursive: true });
        fs.mkdirSync(declared, { recursive: true });
        fs.writeFileSync(path.join(quiet, 'settings.json'), JSON.stringify({ 'sessionHealth.storage.warnEphemeral': false }));
        fs.writeFileSync(path.join(declared, 'settings.json'), JSON.stringify({ 'sessionHealth.storage.persistentMountPatterns': [tmpfsWs] }));
        const env = { SESSION_HEALTH_WORKSPACE_STORAGE: '', KUBERNETES_SERVICE_HOST: '' };
        const quietBackend = await startBackend({ workspace: tmpfsWs, env: { ...env, THEIA_CONFIG_DIR: quiet } });
        backends.push(quietBackend);
        const first = await open(quietBackend.url);
        await first.page.locator(`${ITEM}.session-health-storage-ephemeral`).waitFor({ timeout: 30000 });
        expect(await decision(first.page)).to.equal('off');
        expect(await warningIn(first.page).count()).to.equal(0);
        const declaredBackend = await startBackend({ workspace: tmpfsWs, env: { ...env, THEIA_CONFIG_DIR: declared } });
        backends.push(declaredBackend);
        const second = await open(declaredBackend.url);
        await second.page.locator(`${ITEM}.session-health-storage-persistent`).waitFor({ timeout: 30000 });
        expect(await decision(second.page)).to.equal('not-needed');
        expect(await second.page.locator(ITEM).getAttribute('aria-label')).to.equal('Workspace storage persistent, tmpfs');
    });

    it('a workspace declared persistent by SESSION_HEALTH_WORKSPACE_STORAGE: "Persistent" item, no warning', async () => {
        const backend = await startBackend({ workspace: plainWs, env: { SESSION_HEALTH_WORKSPACE_STORAGE: 'persistent', KUBERNETES_SERVICE_HOST: '' } });
        backends.push(backend);
        const { page } = await open(backend.url);
        await page.locator(`${ITEM}.session-health-storage-persistent`).waitFor({ timeout: 30000 });
        expect(await page.locator(ITEM).textContent()).to.contain('Persistent');
        expect(await page.locator(`${ITEM} .codicon-database`).count()).to.equal(1);
        expect(await decision(page)).to.equal('not-needed');
        expect(await page.locator('.theia-notification-list-item', { hasText: 'ephemeral storage' }).count()).to.equal(0);
        // The tooltip (Theia's hover, not a title attribute) names the admin as the one who decided.
        await page.locator(ITEM).hover();
        const hover = page.locator('.theia-hover', { hasText: `Workspace ${plainWs}: persistent` });
        await hover.waitFor({ timeout: 15000 });
        expect(await hover.innerText()).to.match(/Decided by: admin/);
    });
});
