// Issue 23: journal entries expire. Entries older than the user setting sessionHealth.journal.maxAgeDays (unsaved text
// and kept copies of saved files alike) are deleted at start and never offered, younger ones are restored; kept
// copies go when the storage is persistent again, and "Forget This Workspace's Journal" clears them too.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { BrowserContext, Page } from 'playwright-core';
import { RunningBackend } from '../../helpers/theia-backend';
import { DIRTY_TAB, NOTIFICATION, openPage, readJournal, runCommand, StoredEntry, typeUnsaved, waitFor, waitForEntry } from './journal-page';
import { useTempWorkspace } from '../../helpers/temp-workspace';

const EPHEMERAL = { SESSION_HEALTH_WORKSPACE_STORAGE: 'ephemeral', KUBERNETES_SERVICE_HOST: '' };
const PERSISTENT = { SESSION_HEALTH_WORKSPACE_STORAGE: 'persistent', KUBERNETES_SERVICE_HOST: '' };
const DAY = 24 * 60 * 60 * 1000;

const name = (e: StoredEntry) => `${e.kind} ${e.uri.replace(/^.*\//, '')}`;

async function waitForJournal(page: Page, expected: string[], what: string): Promise<void> {
    const deadline = Date.now() + 30000;
    let now: string[] = [];
    while (Date.now() < deadline) {
        now = (await readJournal(page)).map(name).sort();
        if (JSON.stringify(now) === JSON.stringify([...expected].sort())) {
            return;
        }
        await page.waitForTimeout(100);
    }
    throw new Error(`${what}: the journal holds ${JSON.stringify(now)}, expected ${JSON.stringify(expected)}`);
}

describe('browser: journal entries expire, and kept copies go when they are no longer needed', function (): void {
    this.timeout(300000);
    const fx = useTempWorkspace('journal-expiry');
    const base = fx.base;
    let backend: RunningBackend;
    let context: BrowserContext;


    function workspace(dir: string): string {
        const ws = path.join(base, dir);
        fs.mkdirSync(ws, { recursive: true });
        for (const f of ['a', 'b', 'c']) {
            fs.writeFileSync(path.join(ws, `${f}.txt`), `${f}\n`);
        }
        return ws;
    }

    async function typeAndSave(page: Page, ws: string, file: string, marker: string): Promise<void> {
        await typeUnsaved(page, file, marker);
        await page.keyboard.press('Control+S');
        await waitFor(() => fs.readFileSync(path.join(ws, file), 'utf8').includes(marker), 15000, `the save of ${file} reaches the disk`);
        await waitForEntry(page, e => e.kind === 'saved' && e.uri.endsWith(file), 15000);
    }

    it('entries older than sessionHealth.journal.maxAgeDays are deleted at start and not offered; younger ones are restored', async () => {
        const ws = workspace('age-ws');
        const config = path.join(base, 'age-config');
        fs.mkdirSync(config, { recursive: true });
        fs.writeFileSync(path.join(config, 'settings.json'), JSON.stringify({ 'sessionHealth.journal.maxAgeDays': 10 }));
        backend = await fx.startBackend({ workspace: ws, env: { ...EPHEMERAL, THEIA_CONFIG_DIR: config } });
        context = await fx.newContext();
        const page = await openPage(context, backend.url);
        const stamp = Date.now().toString(36);
        await typeAndSave(page, ws, 'a.txt', `saved_${stamp}`);
        await typeUnsaved(page, 'b.txt', `old_${stamp}`);
        await waitForEntry(page, e => !!e.text?.includes(`old_${stamp}`));
        await typeUnsaved(page, 'c.txt', `young_${stamp}`);
        await waitForEntry(page, e => !!e.text?.includes(`young_${stamp}`));
        await waitForJournal(page, ['saved a.txt', 'unsaved b.txt', 'unsaved c.txt'], 'before ageing');
        await page.close();

        // Age the entries from a page of the same origin that does not run the IDE (it would restore them first).
        const plain = await context.newPage();
        await plain.goto(`${backend.url}/session-health/instance`);
        const ages: Record<string, number> = { 'a.txt': 11 * DAY, 'b.txt': 11 * DAY, 'c.txt': 9 * DAY };
        await plain.evaluate(([agesMs, now]) => new Promise<void>((resolve, reject) => {
            const req = indexedDB.open('session-health-journal');
            req.onerror = () => reject(req.error);
            req.onsuccess = () => {
                const tx = req.result.transaction('entries', 'readwrite');
                const store = tx.objectStore('entries');
                const all = store.getAll();
                all.onsuccess = () => {
                    (all.result as { uri: string; updatedAt: number }[])
                        .forEach(e => store.put({ ...e, updatedAt: now - agesMs[e.uri.replace(/^.*\//, '')] }));
                    // Entries under keys this IDE never opens: another IDE of the origin, the old key format, and
                    // one dated in the future (a clock that was ahead): the old ones go at start all the same.
                    const planted = (workspace: string, file: string, updatedAt: number) => store.put({
                        workspace, kind: 'unsaved', uri: `file:///elsewhere/${file}`, text: file, size: file.length, updatedAt
                    });
                    planted('sh2|page|http://other.example/theia/bob/|file:///home/project', 'foreign-old.txt', now - agesMs['a.txt']);
                    planted('sh2|page|http://other.example/theia/bob/|file:///home/project', 'foreign-young.txt', now - agesMs['c.txt']);
                    planted('file:///home/project', 'legacy-old.txt', now - agesMs['b.txt']);
                    planted('file:///home/project', 'future.txt', now + 400 * 24 * 60 * 60 * 1000);
                };
                tx.oncomplete = () => resolve();
                tx.onerror = () => reject(tx.error);
            };
        }), [ages, Date.now()] as const);
        await plain.close();

        const next = await openPage(context, backend.url);
        await next.locator('.monaco-editor', { hasText: `young_${stamp}` }).first().waitFor({ timeout: 60000 });
        // Only the young entries are left, whatever their key; the one from the future is dated now (it ages from here).
        await waitForJournal(next, ['unsaved c.txt', 'unsaved foreign-young.txt', 'unsaved future.txt'], 'after the start');
        const future = (await readJournal(next)).find(e => e.uri.endsWith('future.txt'))!;
        expect(future.updatedAt, 'the future entry is dated now').to.be.at.most(Date.now());
        await next.locator(NOTIFICATION, { hasText: /Restored the unsaved changes of 1 editor/ }).first().waitFor({ timeout: 10000 });
        expect(await next.locator(DIRTY_TAB).count(), 'only the young entry is reopened').to.equal(1);
        expect(await next.locator('.monaco-editor', { hasText: `old_${stamp}` }).count()).to.equal(0);
    });

    it('kept copies of saved files go with "Forget This Workspace\'s Journal", and when the storage is persistent again', async () => {
        const ws = workspace('copies-ws');
        backend = await fx.startBackend({ workspace: ws, env: EPHEMERAL });
        const port = backend.port;
        context = await fx.newContext();
        const page = await openPage(context, backend.url);
        const stamp = Date.now().toString(36);
        await typeAndSave(page, ws, 'a.txt', `first_${stamp}`);
        await typeUnsaved(page, 'b.txt', `unsaved_${stamp}`);
        await waitForJournal(page, ['saved a.txt', 'unsaved b.txt'], 'before forgetting');
        await runCommand(page, 'Session Health: Forget This Workspace\'s Journal');
        await page.locator(NOTIFICATION, { hasText: 'forgot 2 journal entries' }).first().waitFor({ timeout: 15000 });
        await waitForJournal(page, [], 'after forgetting');

        await typeAndSave(page, ws, 'c.txt', `second_${stamp}`);
        await waitForJournal(page, ['saved c.txt'], 'saved on the ephemeral disk');
        await page.close({ runBeforeUnload: false });
        await backend.stop();
        // The same IDE (same origin) on storage that is persistent now: the disk holds the file for good.
        backend = await fx.startBackend({ workspace: ws, env: PERSISTENT, port });
        const next = await openPage(context, backend.url);
        await waitForJournal(next, [], 'on persistent storage');
        expect(fs.readFileSync(path.join(ws, 'c.txt'), 'utf8')).to.equal(`c\nsecond_${stamp}`);
    });
});
