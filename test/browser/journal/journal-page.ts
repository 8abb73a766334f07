// Helpers of the journal's browser tests: pages that share one browser context (so they share IndexedDB, as
// the tabs of one user do), typing without saving, reading the journal straight from IndexedDB.
import { BrowserContext, Locator, Page } from 'playwright-core';
import { sharedBrowser } from '../../helpers/chromium';
import { CONNECTION_ITEM } from '../../helpers/ide-page';

export const DIRTY_TAB = '.lm-TabBar-tab.theia-mod-dirty, .p-TabBar-tab.theia-mod-dirty';
export const NOTIFICATION = '.theia-notification-list-item';

export interface StoredEntry { workspace?: string; kind: string; uri: string; text?: string; bytes?: number[]; size: number; updatedAt: number }

export async function newContext(): Promise<BrowserContext> {
    return (await sharedBrowser()).newContext({ viewport: { width: 1280, height: 720 } });
}

/** A page of the IDE in `context`, once the connection item shows. A dirty page's "leave?" prompt is accepted. */
export async function openPage(context: BrowserContext, url: string): Promise<Page> {
    const page = await context.newPage();
    page.on('dialog', d => d.accept().catch(() => undefined));
    await page.goto(url, { timeout: 90000 });
    await page.locator(CONNECTION_ITEM).waitFor({ timeout: 90000 });
    // The loading screen covers the workbench (and the first notifications) until the IDE is ready.
    await page.locator('.theia-preload').waitFor({ state: 'detached', timeout: 90000 });
    return page;
}

export async function openFile(page: Page, name: string): Promise<void> {
    const node = page.locator('.theia-TreeNode', { hasText: name }).first();
    // The explorer's tab toggles the view: click it only while the file is not shown.
    if (!await node.isVisible()) {
        await page.locator('#shell-tab-explorer-view-container').click();
    }
    const opened = await node.dblclick({ timeout: 10000 }).then(() => true, () => false);
    if (!opened) {
        // The explorer moved under the pointer (layout still settling): quick open instead.
        await page.keyboard.press('Control+P');
        await page.locator('.quick-input-widget input').waitFor({ timeout: 10000 });
        await page.keyboard.type(name);
        await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click();
    }
    await page.locator('.lm-TabBar-tab, .p-TabBar-tab', { hasText: name }).first().waitFor();
}

/** Opens `name`, types `text` at its end without saving; returns when the tab is dirty (Date.now() of the last key). */
export async function typeUnsaved(page: Page, name: string, text: string): Promise<number> {
    await openFile(page, name);
    const editor = page.locator('.monaco-editor').first();
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(text);
    const lastKeyAt = Date.now();
    await page.locator(DIRTY_TAB).first().waitFor({ timeout: 10000 });
    return lastKeyAt;
}

/** Every journal entry in this page's IndexedDB (bytes as numbers). */
export function readJournal(page: Page): Promise<StoredEntry[]> {
    return page.evaluate(() => new Promise<StoredEntry[]>((resolve, reject) => {
        const req = indexedDB.open('session-health-journal');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
            const db = req.result;
            if (!db.objectStoreNames.contains('entries')) {
                db.close();
                resolve([]);
                return;
            }
            const all = db.transaction('entries', 'readonly').objectStore('entries').getAll();
            all.onerror = () => reject(all.error);
            all.onsuccess = () => {
                db.close();
                resolve((all.result as { kind: string; uri: string; text?: string; bytes?: Uint8Array; size: number; updatedAt: number }[])
                    .map(e => ({ ...e, bytes: e.bytes ? Array.from(e.bytes) : undefined })));
            };
        };
    }));
}

/** Polls IndexedDB until an entry matches; returns it and the time it was first seen. */
export async function waitForEntry(page: Page, match: (e: StoredEntry) => boolean, timeoutMs = 10000): Promise<{ entry: StoredEntry; seenAt: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const entry = (await readJournal(page)).find(match);
        if (entry) {
            return { entry, seenAt: Date.now() };
        }
        if (Date.now() > deadline) {
            throw new Error(`no matching journal entry within ${timeoutMs} ms; entries: ${JSON.stringify((await readJournal(page)).map(e => [e.kind, e.uri, e.size]))}`);
        }
        await page.waitForTimeout(25);
    }
}

export async function runCommand(page: Page, label: string): Promise<void> {
    const input = page.locator('.quick-input-widget input');
    for (let i = 0; i < 20 && !(await input.isVisible()); i++) {
        await page.keyboard.press('F1');
        await input.waitFor({ timeout: 1500 }).catch(() => undefined);
    }
    await page.keyboard.type(label);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: label.replace(/^.*: /, '') }).first().click();
}

export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!check()) {
        if (Date.now() > end) {
            throw new Error(`${what}: not within ${timeoutMs} ms`);
        }
        await new Promise(resolve => setTimeout(resolve, 100));
    }
}

/** Opens notes.txt from the explorer and types at its end without saving; returns the editor. */
export async function typeInNotesUnsaved(page: Page, text: string): Promise<Locator> {
    await page.locator('#shell-tab-explorer-view-container').click();
    await page.locator('.theia-TreeNode', { hasText: 'notes.txt' }).dblclick();
    const editor = page.locator('.monaco-editor').first();
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(text);
    await page.locator(DIRTY_TAB).first().waitFor({ timeout: 30000 });
    return editor;
}
