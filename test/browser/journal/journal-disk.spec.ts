// Issue 13: the journal against the disk. (e) A file saved on a tmpfs workspace survives the loss of the disk:
// after the workspace is replaced by an empty tmpfs and the backend restarted, "Restore all" writes it back byte
// for byte. (f) A disk changed while the tab was away opens a diff and is left as it was. (g) A journal over its
// caps keeps the newest, drops the oldest and says so (file names in a quick pick).
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { BrowserContext } from 'playwright-core';
import { RunningBackend } from '../../helpers/theia-backend';
import { mountSkipReason } from '../../helpers/storage-mounts';
import { DIRTY_TAB, NOTIFICATION, openFile, openPage, readJournal, typeUnsaved, waitFor, waitForEntry } from './journal-page';
import { skipOrFail } from '../../helpers/requirements';
import { useTempWorkspace } from '../../helpers/temp-workspace';

const PERSISTENT = { SESSION_HEALTH_WORKSPACE_STORAGE: 'persistent', KUBERNETES_SERVICE_HOST: '' };

describe('browser: the work journal against the disk', function (): void {
    this.timeout(300000);
    const fx = useTempWorkspace('journal-disk');
    const { base, mounts } = fx;
    let backend: RunningBackend;
    let context: BrowserContext;


    it('(e) a file saved on a tmpfs workspace is written back byte for byte after the disk is replaced', async function () {
        const reason = mountSkipReason();
        if (reason) {
            skipOrFail(this, reason);
        }
        const ws = path.join(base, 'tmpfs-ws');
        mounts.tmpfs(ws);
        const file = path.join(ws, 'notes.txt');
        fs.writeFileSync(file, 'first line é€\r\nsecond line\r\n');
        const env = { SESSION_HEALTH_WORKSPACE_STORAGE: '', KUBERNETES_SERVICE_HOST: '' };
        backend = await fx.startBackend({ workspace: ws, env });
        const port = backend.port;
        context = await fx.newContext();
        const page = await openPage(context, backend.url);
        const marker = `saved_${Date.now().toString(36)}`;
        await typeUnsaved(page, 'notes.txt', marker);
        await page.keyboard.press('Control+S');
        await waitFor(() => fs.readFileSync(file, 'utf8').includes(marker), 15000, 'the save reaches the tmpfs');
        const saved = fs.readFileSync(file);
        const { entry } = await waitForEntry(page, e => e.kind === 'saved' && e.uri.endsWith('notes.txt'), 15000);
        expect(Buffer.from(entry.bytes!).equals(saved), 'the saved copy holds the bytes on the disk').to.be.true;
        expect((await readJournal(page)).filter(e => e.kind === 'unsaved'), 'saved and on the disk: no unsaved entry').to.deep.equal([]);

        // The pod goes: the backend dies, its tmpfs with it; a new pod mounts a fresh, empty tmpfs at the same path.
        await page.close();
        await backend.stop('SIGKILL');
        expect(mounts.unmountAll()).to.deep.equal([]);
        mounts.tmpfs(ws);
        expect(fs.readdirSync(ws)).to.deep.equal([]);
        backend = await fx.startBackend({ workspace: ws, env, port });
        const next = await openPage(context, backend.url);
        const notice = next.locator(NOTIFICATION, { hasText: '1 file you edited is not on the new disk.' }).first();
        await notice.waitFor({ timeout: 60000 });
        expect(await notice.textContent()).not.to.contain('notes.txt');
        await notice.locator('button, .theia-button', { hasText: 'Restore all' }).first().click();
        await waitFor(() => fs.existsSync(file), 20000, 'Restore all writes the file back');
        await waitFor(() => fs.readFileSync(file).length === saved.length, 5000, 'the file is written completely');
        expect(fs.readFileSync(file).equals(saved), 'written back byte for byte').to.be.true;
    });

    it('(e2) text typed and saved right before the backend and its tmpfs go is written back, none of it lost', async function () {
        const reason = mountSkipReason();
        if (reason) {
            skipOrFail(this, reason);
        }
        const ws = path.join(base, 'tmpfs-ws2');
        mounts.tmpfs(ws);
        const file = path.join(ws, 'notes.txt');
        fs.writeFileSync(file, 'line\n');
        const env = { SESSION_HEALTH_WORKSPACE_STORAGE: '', KUBERNETES_SERVICE_HOST: '' };
        backend = await fx.startBackend({ workspace: ws, env });
        const port = backend.port;
        context = await fx.newContext();
        const page = await openPage(context, backend.url);
        const marker = `quick_${Date.now().toString(36)}`;
        await typeUnsaved(page, 'notes.txt', marker);
        await page.keyboard.press('Control+S');
        // The backend dies as soon as the save is on the disk (before the page can read the file back).
        await waitFor(() => fs.readFileSync(file, 'utf8').includes(marker), 15000, 'the save reaches the tmpfs');
        await backend.stop('SIGKILL');
        expect(mounts.unmountAll()).to.deep.equal([]);
        mounts.tmpfs(ws);
        backend = await fx.startBackend({ workspace: ws, env, port });
        await page.reload();
        const notice = page.locator(NOTIFICATION, { hasText: '1 file you edited is not on the new disk.' }).first();
        await notice.waitFor({ timeout: 60000 });
        await notice.locator('button, .theia-button', { hasText: 'Restore all' }).first().click();
        await waitFor(() => fs.existsSync(file) && fs.readFileSync(file, 'utf8').length > 0, 20000, 'Restore all writes the file back');
        expect(fs.readFileSync(file, 'utf8')).to.equal(`line\n${marker}`);
    });

    it('(f) a disk changed while the tab was away opens a diff and stays as it is', async () => {
        const ws = path.join(base, 'changed-ws');
        fs.mkdirSync(ws, { recursive: true });
        const file = path.join(ws, 'notes.txt');
        fs.writeFileSync(file, 'original\n');
        backend = await fx.startBackend({ workspace: ws, env: PERSISTENT });
        context = await fx.newContext();
        const page = await openPage(context, backend.url);
        const marker = `away_${Date.now().toString(36)}`;
        await typeUnsaved(page, 'notes.txt', marker);
        await waitForEntry(page, e => e.kind === 'unsaved' && !!e.text?.includes(marker));
        await page.close();
        fs.writeFileSync(file, 'changed on the disk by someone else\n');

        const next = await openPage(context, backend.url);
        await next.locator(NOTIFICATION, { hasText: /1 file changed on the disk while it had unsaved edits here/ }).first().waitFor({ timeout: 60000 });
        const diffTab = next.locator('.lm-TabBar-tab, .p-TabBar-tab', { hasText: 'kept in this browser' }).first();
        await diffTab.waitFor({ timeout: 20000 });
        await next.locator('.monaco-diff-editor').first().waitFor({ timeout: 20000 });
        await next.locator('.monaco-diff-editor', { hasText: marker }).first().waitFor({ timeout: 20000 });
        expect(await next.locator(DIRTY_TAB).count(), 'nothing was put over the disk\'s text').to.equal(0);
        expect(fs.readFileSync(file, 'utf8')).to.equal('changed on the disk by someone else\n');
        expect((await readJournal(next)).some(e => e.text?.includes(marker)), 'the kept text stays until the user chooses').to.be.true;
    });

    it('(g) a journal over its caps keeps the newest, drops the oldest and says which; a file over the per-file cap is not kept', async () => {
        const ws = path.join(base, 'caps-ws');
        const config = path.join(base, 'caps-config');
        fs.mkdirSync(ws, { recursive: true });
        fs.mkdirSync(config, { recursive: true });
        fs.writeFileSync(path.join(config, 'settings.json'), JSON.stringify({
            'sessionHealth.journal.maxWorkspaceBytes': 1400, 'sessionHealth.journal.maxFileBytes': 1200
        }));
        fs.writeFileSync(path.join(ws, 'older.txt'), 'o'.repeat(799) + '\n');
        fs.writeFileSync(path.join(ws, 'newer.txt'), 'n'.repeat(799) + '\n');
        fs.writeFileSync(path.join(ws, 'huge.txt'), 'h'.repeat(1299) + '\n');
        backend = await fx.startBackend({ workspace: ws, env: { ...PERSISTENT, THEIA_CONFIG_DIR: config } });
        context = await fx.newContext();
        const page = await openPage(context, backend.url);
        await typeUnsaved(page, 'older.txt', 'A');
        await waitForEntry(page, e => e.uri.endsWith('older.txt'));
        await typeUnsaved(page, 'newer.txt', 'B');
        await waitForEntry(page, e => e.uri.endsWith('newer.txt'));
        const notice = page.locator(NOTIFICATION, { hasText: 'dropped the oldest 1 file' }).first();
        await notice.waitFor({ timeout: 15000 });
        const entries = await readJournal(page);
        expect(entries.map(e => e.uri.replace(/^.*\//, ''))).to.deep.equal(['newer.txt']);
        expect(entries[0].text).to.equal('n'.repeat(799) + '\nB');
        await notice.locator('button, .theia-button', { hasText: 'Show Files' }).first().click();
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'older.txt' }).first().waitFor({ timeout: 10000 });
        await page.keyboard.press('Escape');

        await openFile(page, 'huge.txt');
        await typeUnsaved(page, 'huge.txt', 'C');
        await page.locator(NOTIFICATION, { hasText: '1 file too large for the journal' }).first().waitFor({ timeout: 15000 });
        expect((await readJournal(page)).some(e => e.uri.endsWith('huge.txt'))).to.be.false;
    });
});
