// Fault injection of bench/journal.ts (issue 13): each run types a random number of characters at the end of its
// own file without saving (on a disk-replace run: then saves them), waits a random time (a third of the runs less
// than 200 ms, the others up to 1.5 s) and injects one fault; then it reads back what the journal gave back
// (the restored editor saved to the disk, or the file "Restore all" wrote on the new disk) and counts the typed
// characters missing from it. The faults are the ones of test/browser/journal/journal-*.spec.ts.
import * as fs from 'fs';
import * as path from 'path';
import { Page } from 'playwright-core';
import { DEBOUNCE_MS } from '../src/browser/journal/journal-timing';
import { NOTIFICATION } from '../test/browser/journal/journal-page';
import { JournalSite, openAtEnd, saveCurrent } from './journal-site';

export type Fault = 'reload' | 'close' | 'crash' | 'backend-kill' | 'disk-replace';
export const FAULTS: Fault[] = ['reload', 'close', 'crash', 'backend-kill', 'disk-replace'];

export interface FaultRun {
    fault: Fault;
    typed: number;
    lost: number;
    /** Last keystroke (or the save keystroke) -> fault injected. */
    gapMs: number;
    /** Fault injected -> the text back (restored editor or file written back); undefined when nothing came back. */
    backMs?: number;
}

export function randomText(n: number): string {
    const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
    return Array.from({ length: n }, () => chars[Math.floor(Math.random() * chars.length)]).join('');
}

export function faultFileName(run: number): string {
    return `f${String(run).padStart(3, '0')}.txt`;
}

/** Run i's fault: the five faults in a random order within each block of five runs, so any prefix mixes them. */
export function faultOrder(runs: number): Fault[] {
    const order: Fault[] = [];
    while (order.length < runs) {
        const block = FAULTS.slice();
        for (let i = block.length - 1; i > 0; i--) {
            const j = Math.floor(Math.random() * (i + 1));
            [block[i], block[j]] = [block[j], block[i]];
        }
        order.push(...block);
    }
    return order.slice(0, runs);
}

async function inject(site: JournalSite, fault: Fault): Promise<Page> {
    switch (fault) {
        case 'reload':
            return site.reload();
        case 'close':
            return site.newPage();
        case 'crash': {
            const crashed = site.page.waitForEvent('crash', { timeout: 20000 });
            (await site.context.newCDPSession(site.page)).send('Page.crash').catch(() => undefined);
            await crashed;
            return site.newPage(true);
        }
        case 'backend-kill':
            await site.restartBackend(false);
            return site.reload();
        case 'disk-replace':
            await site.restartBackend(true);
            return site.reload();
    }
}

/** The text the journal gave back for `name` (what follows `before` in the file), or '' when nothing came back. */
async function readBack(site: JournalSite, page: Page, fault: Fault, name: string, before: string): Promise<string | undefined> {
    const file = path.join(site.ws, name);
    if (fault === 'disk-replace') {
        const notice = page.locator(NOTIFICATION, { hasText: /not on the new disk/ }).first();
        if (!await notice.waitFor({ timeout: 30000 }).then(() => true, () => false)) {
            return undefined;
        }
        await notice.locator('button, .theia-button', { hasText: 'Restore all' }).first().click();
        // The file is complete once Restore all says what it did: Theia's disk provider creates the file, then writes
        // it (not atomic), so a file that merely exists may still be empty (one run of 100 read it so: "18 lost").
        await page.locator(NOTIFICATION, { hasText: /Session Health: (wrote back|could not restore|left|nothing to restore)/ }).first()
            .waitFor({ timeout: 20000 }).catch(() => undefined);
        return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    }
    const restored = await page.locator(NOTIFICATION, { hasText: /Restored the unsaved changes of \d+ editor/ }).first()
        .waitFor({ timeout: 30000 }).then(() => true, () => false);
    if (!restored) {
        return undefined;
    }
    await openAtEnd(page, name);
    return saveCurrent(page, file, before);
}

/** Closes every editor (a page that restores 100 tabs is slower than the one a user has). */
async function closeEditors(page: Page): Promise<void> {
    await page.keyboard.press('Alt+Shift+W');
    const tabs = page.locator('#theia-main-content-panel .lm-TabBar-tab');
    const dontSave = page.locator('.dialogOverlay button', { hasText: /Don.t Save/i }).first();
    await Promise.race([tabs.first().waitFor({ state: 'detached', timeout: 10000 }), dontSave.waitFor({ timeout: 10000 })]).catch(() => undefined);
    if (await dontSave.isVisible()) {
        await dontSave.click();
    }
}

export async function faultRun(site: JournalSite, run: number, fault: Fault): Promise<FaultRun> {
    const name = faultFileName(run);
    const before = site.fixtures.get(name)!;
    const text = randomText(5 + Math.floor(Math.random() * 76));
    await openAtEnd(site.page, name);
    await site.page.keyboard.type(text);
    if (fault === 'disk-replace') {
        await site.page.keyboard.press('Control+S');
        // Saved in this browser: the new disk gets it from the journal, not from the fixtures.
        site.saved.add(name);
    }
    const lastKeyAt = Date.now();
    const wait = run % 3 === 0 ? Math.random() * 200 : Math.random() * 1500;
    while (Date.now() < lastKeyAt + wait) {
        await new Promise(resolve => setTimeout(resolve, Math.min(10, lastKeyAt + wait - Date.now())));
    }
    const injectedAt = Date.now();
    const page = await inject(site, fault);
    const back = await readBack(site, page, fault, name, before);
    const backMs = back === undefined ? undefined : Date.now() - injectedAt;
    if (back !== undefined) {
        site.saved.add(name);
    }
    const got = back?.startsWith(before) ? back.slice(before.length) : '';
    let common = 0;
    while (common < text.length && got[common] === text[common]) {
        common++;
    }
    await closeEditors(page);
    return { fault, typed: text.length, lost: text.length - common, gapMs: injectedAt - lastKeyAt, backMs };
}

/** Lost characters typed less than the debounce before a renderer crash (nothing of the page runs after it). */
export function withinDebounceOfCrash(r: FaultRun): boolean {
    return r.fault === 'crash' && r.gapMs < DEBOUNCE_MS;
}
