// Issue 13, restore at start reports honestly: when some reopens fail, the user is told how many, that the text is
// still kept in this browser, and where to find it (Session Health: Restore Unsaved Work…); the other editors are
// restored all the same. Here one edited file's path became a directory while the tab was away (a checkout, a new
// disk): reading it fails, which used to abort the whole restore without a word.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { useTempWorkspace } from '../../helpers/temp-workspace';
import { DIRTY_TAB, NOTIFICATION, openPage, readJournal, typeUnsaved, waitForEntry } from './journal-page';

const ENV = { SESSION_HEALTH_WORKSPACE_STORAGE: 'persistent', KUBERNETES_SERVICE_HOST: '' };

describe('browser: the journal says what it could not restore at start', function (): void {
    this.timeout(240000);
    const fx = useTempWorkspace('journal-report');
    let workspace: string;

    beforeEach(() => {
        workspace = fx.freshDir('journal-report-');
        fs.writeFileSync(path.join(workspace, 'a.txt'), 'a\n');
        fs.writeFileSync(path.join(workspace, 'b.txt'), 'b\n');
    });

    it('one of two reopens fails: the other editor comes back, a warning counts the failure and opens Restore Unsaved Work…', async () => {
        const backend = await fx.startBackend({ workspace, env: ENV });
        const context = await fx.newContext();
        const page = await openPage(context, backend.url);
        const markerA = `ma_${Date.now().toString(36)}`;
        const markerB = `mb_${Date.now().toString(36)}`;
        await typeUnsaved(page, 'a.txt', markerA);
        await waitForEntry(page, e => e.kind === 'unsaved' && !!e.text?.endsWith(markerA));
        await typeUnsaved(page, 'b.txt', markerB);
        await waitForEntry(page, e => e.kind === 'unsaved' && !!e.text?.endsWith(markerB));
        // While the tab is away, b.txt's path becomes a directory: it cannot be read as a file.
        fs.rmSync(path.join(workspace, 'b.txt'));
        fs.mkdirSync(path.join(workspace, 'b.txt'));
        await page.reload();
        await page.locator('.theia-preload').waitFor({ state: 'detached', timeout: 90000 });

        await page.locator(NOTIFICATION, { hasText: /Restored the unsaved changes of 1 editor\b/ }).first().waitFor({ timeout: 60000 });
        await page.locator('.monaco-editor', { hasText: markerA }).first().waitFor({ timeout: 10000 });
        await page.locator(DIRTY_TAB, { hasText: 'a.txt' }).first().waitFor({ timeout: 10000 });
        const warning = page.locator(NOTIFICATION, { hasText: 'could not reopen 1 of 2 files with its unsaved changes' }).first();
        await warning.waitFor({ timeout: 10000 }).catch(async e => {
            const shown = await page.locator(NOTIFICATION).allTextContents();
            const kept = (await readJournal(page)).map(j => `${j.kind} ${j.uri} ${j.text?.length}`);
            throw new Error(`${e instanceof Error ? e.message.split('\n')[0] : e}; notifications: ${JSON.stringify(shown)}; journal: ${JSON.stringify(kept)}`);
        });
        expect(await warning.textContent()).to.contain('still kept in this browser: Session Health: Restore Unsaved Work… lists it.');
        // Nothing was lost: b.txt's text is still in the journal.
        expect((await readJournal(page)).some(e => e.kind === 'unsaved' && e.uri.endsWith('/b.txt') && !!e.text?.endsWith(markerB))).to.be.true;

        // The warning's button opens the command's quick pick, which lists b.txt and why it was not restored.
        await warning.locator('button, .theia-button', { hasText: 'Restore Unsaved Work…' }).first().click();
        const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'b.txt' }).first();
        await row.waitFor({ timeout: 15000 });
        expect(await row.textContent()).to.contain('cannot be read on this disk');
        expect(fs.statSync(path.join(workspace, 'b.txt')).isDirectory()).to.be.true;
    });
});
