// Issue 23 §4: the journal's DEFAULT caps, as the running IDE applies them with no setting at all (an empty user
// settings folder): a file of 2 MiB − 1 byte is kept and one of 2 MiB + 1 is not; a workspace's entries add up
// to exactly 50 MiB without a drop, and one more byte drops the oldest entry. (The mechanism with small caps is
// journal-disk.spec.ts (g); this proves the numbers.)
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { BrowserContext, Page } from 'playwright-core';
import { RunningBackend } from '../../helpers/theia-backend';
import { NOTIFICATION, openPage, readJournal, typeUnsaved, waitForEntry } from './journal-page';
import { useTempWorkspace } from '../../helpers/temp-workspace';

const MIB = 1024 * 1024;
const ENV = { SESSION_HEALTH_WORKSPACE_STORAGE: 'persistent', KUBERNETES_SERVICE_HOST: '' };
const SMALL_BYTES = 999;

/** `bytes` of ASCII text in lines of 1 KiB (no newline at the very end: a typed key makes it one byte more). */
function asciiText(bytes: number, letter: string): string {
    return (letter.repeat(1023) + '\n').repeat(Math.ceil(bytes / 1024)).slice(0, bytes - 1) + letter;
}

/**
 * Puts entries of `sizes` bytes (oldest first, all older than `like`) into the journal of `like`'s workspace,
 * copied from `like` so that they carry whatever identity the journal keys on. Their files do not exist.
 */
async function seedEntries(page: Page, likeUri: string, sizes: number[]): Promise<string[]> {
    return page.evaluate(({ likeUri, sizes }) => new Promise<string[]>((resolve, reject) => {
        const req = indexedDB.open('session-health-journal');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
            const db = req.result;
            const store = () => db.transaction('entries', 'readwrite').objectStore('entries');
            const all = store().getAll();
            all.onsuccess = () => {
                const like = (all.result as { uri: string; kind: string; updatedAt: number }[]).find(e => e.kind === 'unsaved' && e.uri === likeUri);
                if (!like) {
                    reject(new Error(`no entry for ${likeUri}`));
                    return;
                }
                const uris = sizes.map((_, i) => likeUri.replace(/[^/]*$/, `seeded-${String(i).padStart(2, '0')}.txt`));
                const tx = db.transaction('entries', 'readwrite');
                sizes.forEach((size, i) => tx.objectStore('entries').put({
                    ...like, uri: uris[i], text: 'x'.repeat(size), size, updatedAt: like.updatedAt - 60000 + i
                }));
                tx.oncomplete = () => {
                    db.close();
                    resolve(uris);
                };
                tx.onerror = () => reject(tx.error);
            };
            all.onerror = () => reject(all.error);
        };
    }), { likeUri, sizes });
}

describe('browser: the journal\'s default caps are 2 MiB a file and 50 MiB a workspace', function (): void {
    this.timeout(300000);
    const fx = useTempWorkspace('journal-caps-defaults');
    let backend: RunningBackend;
    let context: BrowserContext;
    let base: string;


    it('keeps 2 MiB − 1 byte, not 2 MiB + 1; drops nothing at 50 MiB and the oldest entry at 50 MiB + 1 byte', async () => {
        base = fx.freshDir('journal-caps-defaults-');
        const ws = path.join(base, 'ws');
        const config = path.join(base, 'config');
        fs.mkdirSync(ws);
        fs.mkdirSync(config);
        // No user setting at all: the caps in force are the code's defaults.
        fs.writeFileSync(path.join(config, 'settings.json'), '{}');
        fs.writeFileSync(path.join(ws, 'under.txt'), asciiText(2 * MIB - 2, 'u'));
        fs.writeFileSync(path.join(ws, 'over.txt'), asciiText(2 * MIB, 'o'));
        fs.writeFileSync(path.join(ws, 'small.txt'), asciiText(SMALL_BYTES, 's'));
        backend = await fx.startBackend({ workspace: ws, env: { ...ENV, THEIA_CONFIG_DIR: config } });
        context = await fx.newContext();
        const page = await openPage(context, backend.url);

        await typeUnsaved(page, 'under.txt', 'A');
        const { entry: under } = await waitForEntry(page, e => e.uri.endsWith('/under.txt') && e.size === 2 * MIB - 1, 20000);
        await typeUnsaved(page, 'over.txt', 'B');
        await page.locator(NOTIFICATION, { hasText: '1 file too large for the journal' }).first().waitFor({ timeout: 20000 });
        expect((await readJournal(page)).filter(e => e.uri.endsWith('/over.txt')), '2 MiB + 1 byte is not kept').to.deep.equal([]);

        // Up to 50 MiB: under.txt (2 MiB − 1) + seeded entries + small.txt after one key (SMALL_BYTES + 1).
        const seeded = 50 * MIB - (2 * MIB - 1) - (SMALL_BYTES + 1);
        const sizes = [...Array(23).fill(2 * MIB), seeded - 23 * 2 * MIB];
        expect(sizes.every(s => s > 0 && s <= 2 * MIB)).to.be.true;
        const uris = await seedEntries(page, under.uri, sizes);
        // The writer loads the workspace's sizes once: a new page sees the seeded ones.
        await page.reload();
        await page.locator('.theia-preload').waitFor({ state: 'detached', timeout: 90000 });
        await page.locator(NOTIFICATION, { hasText: /Restored the unsaved changes of 1 editor\b/ }).first().waitFor({ timeout: 60000 });

        await typeUnsaved(page, 'small.txt', 'C');
        await waitForEntry(page, e => e.uri.endsWith('/small.txt') && e.size === SMALL_BYTES + 1, 20000);
        const atCap = await readJournal(page);
        expect(atCap.reduce((sum, e) => sum + e.size, 0), 'exactly 50 MiB kept').to.equal(50 * MIB);
        expect(uris.filter(u => !atCap.some(e => e.uri === u)), 'nothing dropped at 50 MiB').to.deep.equal([]);

        await typeUnsaved(page, 'small.txt', 'D');
        await waitForEntry(page, e => e.uri.endsWith('/small.txt') && e.size === SMALL_BYTES + 2, 20000);
        await page.locator(NOTIFICATION, { hasText: 'dropped the oldest 1 file' }).first().waitFor({ timeout: 20000 });
        const overCap = await readJournal(page);
        expect(uris.filter(u => !overCap.some(e => e.uri === u)), 'one byte over: the oldest entry goes').to.deep.equal([uris[0]]);
        expect(overCap.some(e => e.uri === under.uri), 'the newer entries stay').to.be.true;
    });
});
