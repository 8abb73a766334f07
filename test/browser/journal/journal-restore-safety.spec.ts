// Issue 23, restore safety, with real links and FIFOs on disk. (a) "Restore all" never writes through a directory
// link that leaves the workspace (it used to create the file outside): nothing is written there, and the user is
// told which file was not restored and why. (b) A journaled path that became a FIFO or a huge file, or (c) a link to
// /dev/zero, does not hang start-up: the other editors come back, the entries are reported as not comparable and
// stay kept.
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BrowserContext, Page } from 'playwright-core';
import { RunningBackend } from '../../helpers/theia-backend';
import { listTree } from '../../helpers/persistence-fixtures';
import { DIRTY_TAB, NOTIFICATION, openPage, readJournal, runCommand, typeUnsaved, waitForEntry } from './journal-page';
import { useTempWorkspace } from '../../helpers/temp-workspace';

const ENV = { SESSION_HEALTH_WORKSPACE_STORAGE: 'persistent', KUBERNETES_SERVICE_HOST: '' };
const PICK_ROW = '.quick-input-list .monaco-list-row';
/** Start-up with a handful of entries takes a few seconds; a hung disk read never ends. */
const START_BOUND_MS = 45000;

describe('browser: the journal restores only inside the workspace, and only from regular files', function (): void {
    this.timeout(300000);
    const fx = useTempWorkspace('journal-restore-safety');
    let backend: RunningBackend;
    let context: BrowserContext;
    let base: string;
    let ws: string;
    let outside: string;

    beforeEach(() => {
        base = fx.freshDir('journal-restore-safety-');
        ws = path.join(base, 'ws');
        outside = path.join(base, 'outside');
        fs.mkdirSync(path.join(ws, 'sub'), { recursive: true });
        fs.mkdirSync(outside);
    });

    /** Types `marker` unsaved into each file and waits until the journal holds it. */
    async function keepUnsaved(page: Page, names: string[], marker: string): Promise<void> {
        for (const name of names) {
            await typeUnsaved(page, name, marker);
            await waitForEntry(page, e => e.kind === 'unsaved' && e.uri.endsWith(`/${name}`) && !!e.text?.endsWith(marker));
        }
    }

    /**
     * The next page starts without the editor layout of the last one: Theia's own layout restore would reopen the
     * FIFO's editor and hang on it (measured with 1.74.1), whatever the journal does.
     */
    async function forgetLayout(): Promise<void> {
        await context!.addInitScript(() => {
            for (const key of Object.keys(localStorage)) {
                if (key.endsWith(':layout')) {
                    localStorage.removeItem(key);
                }
            }
        });
    }

    /** The rows of the quick pick for `names`, as text (label, state and reason). */
    async function pickRows(page: Page, names: string[]): Promise<string[]> {
        const rows: string[] = [];
        for (const name of names) {
            const row = page.locator(PICK_ROW, { hasText: name }).first();
            await row.waitFor({ timeout: 15000 });
            rows.push((await row.textContent()) ?? '');
        }
        return rows;
    }

    it('(a) Restore all writes nothing through a directory link that leaves the workspace and says which file and why', async () => {
        fs.writeFileSync(path.join(ws, 'sub', 'deep.txt'), 'deep\n');
        fs.writeFileSync(path.join(ws, 'top.txt'), 'top\n');
        backend = await fx.startBackend({ workspace: ws, env: ENV });
        context = await fx.newContext();
        const page = await openPage(context, backend.url);
        const marker = `m_${Date.now().toString(36)}`;
        await keepUnsaved(page, ['deep.txt', 'top.txt'], marker);
        await page.close();
        // While the tab is away, a checkout replaces sub/ by a link to a folder outside the workspace, and top.txt is
        // deleted: both are "not on the disk" as seen through the workspace.
        fs.rmSync(path.join(ws, 'sub'), { recursive: true });
        fs.symlinkSync(outside, path.join(ws, 'sub'));
        fs.rmSync(path.join(ws, 'top.txt'));

        const next = await openPage(context, backend.url);
        await runCommand(next, 'Session Health: Restore Unsaved Work…');
        await next.locator(PICK_ROW, { hasText: 'Restore all' }).first().click();
        const summary = next.locator(NOTIFICATION, { hasText: /Session Health: (wrote back|could not restore|nothing to restore)/ }).first();
        await summary.waitFor({ timeout: 30000 });
        const text = (await summary.textContent()) ?? '';
        expect(listTree(outside), 'nothing is written outside the workspace').to.deep.equal([]);
        expect(fs.readFileSync(path.join(ws, 'top.txt'), 'utf8'), 'the file inside the workspace is written back').to.equal(`top\n${marker}`);
        expect(text).to.contain('wrote back 1 file');
        expect(text).to.contain('did not restore 1 file');
        // Notifications render markdown: counts only, no path.
        expect(text).not.to.contain('deep.txt');
        expect((await readJournal(next)).some(e => e.uri.endsWith('/sub/deep.txt') && !!e.text?.endsWith(marker)), 'still kept').to.be.true;

        await summary.locator('button, .theia-button', { hasText: 'Show Files' }).first().click();
        const [row] = await pickRows(next, ['deep.txt']);
        expect(row).to.contain('sub/deep.txt');
        expect(row).to.match(/outside the open workspace/);
    });

    it('(b) a journaled path that became a FIFO or a huge file: start-up finishes, the entries are not comparable and stay kept', async () => {
        for (const name of ['ok.txt', 'fifo.txt', 'huge.txt']) {
            fs.writeFileSync(path.join(ws, name), `${name}\n`);
        }
        backend = await fx.startBackend({ workspace: ws, env: ENV });
        context = await fx.newContext();
        const page = await openPage(context, backend.url);
        const marker = `m_${Date.now().toString(36)}`;
        await keepUnsaved(page, ['ok.txt', 'fifo.txt', 'huge.txt'], marker);
        await page.close();
        fs.rmSync(path.join(ws, 'fifo.txt'));
        execFileSync('mkfifo', [path.join(ws, 'fifo.txt')]);
        // Sparse: 3 GiB on paper, nothing on the disk.
        fs.truncateSync(path.join(ws, 'huge.txt'), 3 * 1024 * 1024 * 1024);

        await forgetLayout();
        const next = await openPage(context, backend.url);
        await next.locator(NOTIFICATION, { hasText: /Restored the unsaved changes of 1 editor\b/ }).first().waitFor({ timeout: START_BOUND_MS });
        await next.locator(DIRTY_TAB, { hasText: 'ok.txt' }).first().waitFor({ timeout: 10000 });
        const warning = next.locator(NOTIFICATION, { hasText: 'could not reopen 2 of 3 files' }).first();
        await warning.waitFor({ timeout: 10000 });
        await warning.locator('button, .theia-button', { hasText: 'Restore Unsaved Work…' }).first().click();
        const [fifo, huge] = await pickRows(next, ['fifo.txt', 'huge.txt']);
        expect(fifo).to.match(/not comparable/);
        expect(fifo).to.match(/not a regular file/);
        expect(huge).to.match(/not comparable/);
        expect(huge).to.match(/larger than \d+ MiB/);
        const kept = await readJournal(next);
        for (const name of ['fifo.txt', 'huge.txt']) {
            expect(kept.some(e => e.uri.endsWith(`/${name}`) && !!e.text?.endsWith(marker)), `${name} still kept`).to.be.true;
        }
        expect(fs.lstatSync(path.join(ws, 'fifo.txt')).isFIFO(), 'the FIFO is left as it is').to.be.true;
    });

    it('(c) a journaled path that became a link to /dev/zero: start-up finishes, the entry is not comparable and stays kept', async () => {
        for (const name of ['ok.txt', 'zero.txt']) {
            fs.writeFileSync(path.join(ws, name), `${name}\n`);
        }
        backend = await fx.startBackend({ workspace: ws, env: ENV });
        context = await fx.newContext();
        const page = await openPage(context, backend.url);
        const marker = `m_${Date.now().toString(36)}`;
        await keepUnsaved(page, ['ok.txt', 'zero.txt'], marker);
        await page.close();
        fs.rmSync(path.join(ws, 'zero.txt'));
        fs.symlinkSync('/dev/zero', path.join(ws, 'zero.txt'));

        await forgetLayout();
        const next = await openPage(context, backend.url);
        await next.locator(NOTIFICATION, { hasText: /Restored the unsaved changes of 1 editor\b/ }).first().waitFor({ timeout: START_BOUND_MS });
        const warning = next.locator(NOTIFICATION, { hasText: 'could not reopen 1 of 2 files' }).first();
        await warning.waitFor({ timeout: 10000 });
        await warning.locator('button, .theia-button', { hasText: 'Restore Unsaved Work…' }).first().click();
        const [zero] = await pickRows(next, ['zero.txt']);
        expect(zero).to.match(/not comparable/);
        expect(zero).to.match(/outside the open workspace/);
        expect((await readJournal(next)).some(e => e.uri.endsWith('/zero.txt') && !!e.text?.endsWith(marker)), 'still kept').to.be.true;
    });
});
