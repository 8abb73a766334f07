// `Session Health: Run Persistence Check` in real Chromium: run from the palette, the report view shows the
// overall verdict and one line per step; "Copy as JSON" copies the report; after a backend restart the reconnect
// logic runs the check and the restart's one notification says the files survived it, or, on a new empty disk, that
// the storage was replaced.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { CONNECTION_ITEM, IdePage, openIde } from '../../helpers/ide-page';
import { TEST_TMP } from '../../helpers/paths';
import { runFromPalette } from '../../helpers/command-palette';
import { mountSkipReason, MountSet } from '../../helpers/storage-mounts';
import { skipOrFail } from '../../helpers/requirements';
import { newToasts, recordNewToasts, TOAST, waitForRestartSettled } from '../../helpers/notifications';
import { PersistenceReport } from '../../../src/common/persistence/persistence-protocol';

const ENV = { SESSION_HEALTH_WORKSPACE_STORAGE: 'persistent', KUBERNETES_SERVICE_HOST: '' };

async function instanceId(url: string): Promise<string> {
    return ((await (await fetch(`${url}/session-health/instance`)).json()) as { id: string }).id;
}

async function runCheckFromPalette(ide: IdePage): Promise<void> {
    await runFromPalette(ide.page, 'Session Health: Run Persistence Check');
}

/** The clipboard once it starts with `prefix` (the copy is asynchronous). */
async function clipboardText(ide: IdePage, prefix: string): Promise<string> {
    const deadline = Date.now() + 10000;
    let text = '';
    while (Date.now() < deadline) {
        text = await ide.page.evaluate(() => navigator.clipboard.readText().catch(() => ''));
        if (text.startsWith(prefix)) {
            return text;
        }
        await ide.page.waitForTimeout(100);
    }
    throw new Error(`The clipboard did not get text starting with ${JSON.stringify(prefix)} within 10 s; it holds ${JSON.stringify(text.slice(0, 200))}`);
}

describe('browser: Run Persistence Check', function (): void {
    this.timeout(150000);
    const workspace = path.join(TEST_TMP, `persistence-browser-${process.pid}-${Date.now()}`);
    let backend: RunningBackend | undefined;
    let ide: IdePage | undefined;

    before(() => fs.mkdirSync(workspace, { recursive: true }));
    afterEach(async () => {
        await ide?.close();
        ide = undefined;
        await backend?.stop();
        backend = undefined;
    });
    after(() => fs.rmSync(workspace, { recursive: true, force: true }));

    /**
     * `body` with a real 64 MB tmpfs (root only) at `<workspace><suffix>`; then the IDE and the backend are ended
     * before the tmpfs is unmounted and removed. An unmount problem fails the test, outside `finally`: an assertion
     * there would replace the test's own failure with this one.
     */
    async function onTmpfs(ctx: Mocha.Context, suffix: string, body: (ws: string, mounts: MountSet) => Promise<void>): Promise<void> {
        const reason = mountSkipReason();
        if (reason) {
            skipOrFail(ctx, reason);
        }
        const mounts = new MountSet();
        const ws = mounts.tmpfs(path.join(workspace + suffix), '64m');
        let unmountProblems: string[] = [];
        try {
            await body(ws, mounts);
        } finally {
            await ide?.close();
            ide = undefined;
            await backend?.stop();
            backend = undefined;
            unmountProblems = mounts.unmountAll();
            fs.rmSync(ws, { recursive: true, force: true });
        }
        expect(unmountProblems, 'unmount').to.deep.equal([]);
    }

    it('runs from the palette; the report view shows the overall verdict, every step, and copies the JSON', async () => {
        backend = await startBackend({ workspace, env: ENV });
        ide = await openIde(backend.url);
        const page = ide.page;
        await ide.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: backend.url });
        await ide.waitForState('connected', 30000);
        await runCheckFromPalette(ide);
        const verdict = page.locator('.session-health-persistence .persistence-verdict');
        await page.waitForFunction(() => {
            const v = (document.querySelector('.session-health-persistence .persistence-verdict') as HTMLElement | null)?.dataset.verdict;
            return v === 'pass' || v === 'warn' || v === 'fail' || v === 'error';
        }, undefined, { timeout: 30000 });
        const overall = await verdict.getAttribute('data-verdict');
        const steps = await page.locator('.session-health-persistence .persistence-step').evaluateAll(els => els.map(e => `${(e as HTMLElement).dataset.step}:${(e as HTMLElement).dataset.verdict}`));
        expect(overall, (await verdict.textContent()) + '\n' + steps.join('\n')).to.equal('pass');
        expect(await verdict.textContent()).to.include(`Persistence check of ${fs.realpathSync(workspace)}: PASS`);
        expect(steps).to.deep.equal(['classification:pass', 'write-probe:pass', 'space:pass', 'permissions:pass', 'restart-survival:pass']);
        expect(await page.locator('.persistence-step[data-step="restart-survival"]').textContent()).to.include('First run: the proof starts now');
        expect(await page.locator('.persistence-step[data-step="write-probe"] .persistence-numbers').textContent()).to.match(/bytes=1048576.*writeMs=.*fsyncMs=.*readMs=/);

        await page.locator('.session-health-persistence-copy-json').click();
        const copied = await clipboardText(ide, '{');
        const report = JSON.parse(copied) as PersistenceReport;
        expect([report.verdict, report.steps.length, report.instance.source]).to.deep.equal(['pass', 5, 'ide']);
        await page.locator('.session-health-persistence-copy-text').click();
        expect(await clipboardText(ide, 'Persistence check of')).to.include('[PASS] Write probe');

        // The browser remembers the marker it saw, per workspace.
        const remembered = await page.evaluate(() => Object.keys(localStorage).filter(k => k.startsWith('session-health.persistence-marker:')).map(k => JSON.parse(localStorage.getItem(k)!)));
        expect(remembered).to.deep.equal([{ nonce: report.ledger.marker!.nonce, time: report.ledger.marker!.time, instanceId: report.ledger.marker!.instanceId }]);
        await page.locator('.session-health-persistence-dialog .theia-button.main').click();
    });

    it('after a backend restart the check runs by itself and the restart\'s one notification says the files survived it', async () => {
        backend = await startBackend({ workspace, env: ENV });
        const port = backend.port;
        ide = await openIde(backend.url);
        const page = ide.page;
        await ide.waitForState('connected', 30000);
        // A first check in this tab: it remembers the marker.
        await runCheckFromPalette(ide);
        await page.locator('.session-health-persistence .persistence-verdict[data-verdict="pass"]').waitFor({ timeout: 30000 });
        await page.locator('.session-health-persistence-dialog .theia-button.main').click();

        await recordNewToasts(page);
        await backend.stop();
        await ide.waitForState('offline', 15000).catch(() => ide!.waitForState('reconnecting', 15000));
        backend = await startBackend({ workspace, port, env: ENV });
        await ide.waitForState('connected', 60000);
        await waitForRestartSettled(page, await instanceId(backend.url), 60000);
        // the verdict is part of the restart's one notification
        const toasts = await newToasts(page);
        expect(toasts, toasts.join(' | ')).to.have.length(1);
        expect(toasts[0]).to.match(/^The IDE server restarted.*\. Reconnected; .* Your workspace files survived the restart \(survived [1-9]\d* restarts? since [^)]*\)\.$/);
        // No modal report pops up by itself after a restart.
        expect(await page.locator('.session-health-persistence-dialog').count()).to.equal(0);
        // The Persistence section's small timeline shows the restart: this check's marker, the first after it, above the
        // earlier marker that survived it (LedgerSummary.recent).
        await page.locator(CONNECTION_ITEM).click();
        const rows = page.locator('#session-health-view [data-section="persistence"] .persistence-ledger-timeline li');
        await rows.first().waitFor({ state: 'attached', timeout: 15000 });
        const kinds = await rows.evaluateAll(lis => lis.map(li => `${li.getAttribute('data-kind')}${li.getAttribute('data-restart') === 'true' ? '+restart' : ''}`));
        expect(kinds[0], kinds.join(', ')).to.equal('written+restart');
        expect(kinds[1], kinds.join(', ')).to.match(/^survived/);
    });

    it('a restart onto a new empty disk, tab open: one error notification says the storage was replaced; Details opens the Persistence section', async function () {
        await onTmpfs(this, '-disk', async (diskWs, mounts) => {
            // declared persistent (as an admin would for a PVC); the disk is then replaced under the same path
            backend = await startBackend({ workspace: diskWs, env: ENV });
            const port = backend.port;
            ide = await openIde(backend.url);
            const page = ide.page;
            await ide.waitForState('connected', 30000);
            await runCheckFromPalette(ide);
            // a tmpfs is no persistent disk whatever is declared, so the verdict may warn; the marker is written all the same
            await page.locator('.session-health-persistence .persistence-verdict[data-verdict]').waitFor({ timeout: 30000 });
            expect(await page.locator('.persistence-step[data-step="restart-survival"]').getAttribute('data-verdict')).to.equal('pass');
            await page.locator('.session-health-persistence-dialog .theia-button.main').click();
            await recordNewToasts(page);

            await backend.stop();
            expect(mounts.unmountAll()).to.deep.equal([]);
            mounts.tmpfs(diskWs, '64m');
            expect(fs.readdirSync(diskWs)).to.deep.equal([]);
            backend = await startBackend({ workspace: diskWs, port, env: ENV });
            await ide.waitForState('connected', 60000);
            await waitForRestartSettled(page, await instanceId(backend.url), 60000);
            const toasts = await newToasts(page);
            expect(toasts, toasts.join(' | ')).to.have.length(1);
            expect(toasts[0]).to.match(/^The IDE server restarted.*\. Reconnected; unsaved changes in open editors are kept\. The workspace storage was replaced at about .*: files written before then are gone/);
            const notice = page.locator(TOAST, { hasText: 'The workspace storage was replaced' });
            expect(await notice.locator('.theia-notification-icon.error').count()).to.equal(1);
            await notice.locator('button', { hasText: 'Details' }).click();
            await page.locator('#session-health-view [data-section="persistence"] .persistence-ledger-timeline li[data-kind="lost"], #session-health-view [data-section="persistence"] .persistence-ledger-timeline li[data-kind="remembered-missing"]').first()
                .waitFor({ state: 'attached', timeout: 15000 });
        });
    });

    it('the ephemeral-storage warning\'s "Run Persistence Check" runs it: fail at the classification, on a real tmpfs', async function () {
        await onTmpfs(this, '-tmpfs', async tmpfsWs => {
            backend = await startBackend({ workspace: tmpfsWs, env: { SESSION_HEALTH_WORKSPACE_STORAGE: '', KUBERNETES_SERVICE_HOST: '' } });
            ide = await openIde(backend.url);
            const page = ide.page;
            const warning = page.locator('.theia-notification-toasts .theia-notification-list-item', { hasText: 'on ephemeral storage' });
            await warning.waitFor({ timeout: 30000 });
            await warning.locator('button', { hasText: 'Run Persistence Check' }).click();
            const verdict = page.locator('.session-health-persistence .persistence-verdict[data-verdict="fail"]');
            await verdict.waitFor({ timeout: 30000 });
            expect(await verdict.textContent()).to.include('FAIL: first failing step "Storage classification"');
            expect(await page.locator('.persistence-step[data-step="classification"] .persistence-remediation').textContent()).to.include('PersistentVolumeClaim');
            expect(await page.locator('.persistence-step[data-step="write-probe"]').getAttribute('data-verdict')).to.equal('pass');
            await page.locator('.session-health-persistence-dialog .theia-button.main').click();
        });
    });
});
