// The site bench/journal.ts runs on: one workspace on its own tmpfs (classified ephemeral, so saved files are kept
// too), one Theia backend restarted on the same port when a fault kills it, one browser context (its IndexedDB
// survives every fault, as a user's browser profile does) and the page of the moment.
import * as fs from 'fs';
import * as path from 'path';
import { BrowserContext, Page } from 'playwright-core';
import { RunningBackend, startBackend } from '../test/helpers/theia-backend';
import { MountSet } from '../test/helpers/storage-mounts';
import { DIRTY_TAB, newContext, openPage } from '../test/browser/journal/journal-page';

/** tmpfs + no Kubernetes: the classifier says ephemeral, as on an emptyDir pod. */
const ENV = { SESSION_HEALTH_WORKSPACE_STORAGE: '', KUBERNETES_SERVICE_HOST: '' };

export class JournalSite {
    readonly mounts = new MountSet();
    /** Files saved in this browser: the journal holds their copies, a new disk gets them from "Restore all". */
    readonly saved = new Set<string>();
    backend!: RunningBackend;
    context!: BrowserContext;
    page!: Page;

    constructor(readonly ws: string, readonly config: string, readonly fixtures: ReadonlyMap<string, string>) { }

    async start(): Promise<void> {
        this.freshDisk();
        fs.mkdirSync(this.config, { recursive: true });
        this.setJournal(true);
        this.backend = await startBackend({ workspace: this.ws, env: { ...ENV, THEIA_CONFIG_DIR: this.config } });
        this.context = await newContext();
        this.page = await openPage(this.context, this.backend.url);
    }

    /** User settings (the journal settings are user scope): read by a page when it loads. */
    setJournal(enabled: boolean): void {
        fs.writeFileSync(path.join(this.config, 'settings.json'), JSON.stringify({ 'sessionHealth.journal.enabled': enabled }));
    }

    /** A new, empty tmpfs at the workspace path, with the fixtures this browser never saved (a fresh clone). */
    freshDisk(): void {
        this.mounts.tmpfs(this.ws, '128m');
        for (const [name, text] of this.fixtures) {
            if (!this.saved.has(name)) {
                fs.writeFileSync(path.join(this.ws, name), text);
            }
        }
    }

    /** SIGKILL the backend; with `replaceDisk` its tmpfs goes and a fresh one is mounted; a new backend on the same port. */
    async restartBackend(replaceDisk: boolean): Promise<void> {
        const port = this.backend.port;
        await this.backend.stop('SIGKILL');
        if (replaceDisk) {
            const problems = this.mounts.unmountAll();
            if (problems.length) {
                throw new Error(`unmount: ${problems.join('; ')}`);
            }
            this.freshDisk();
        }
        this.backend = await startBackend({ workspace: this.ws, env: { ...ENV, THEIA_CONFIG_DIR: this.config }, port });
    }

    /** Closes the page (its pagehide runs), then opens a new one; a crashed page is closed in the background. */
    async newPage(crashed = false): Promise<Page> {
        const closed = this.page.close().catch(() => undefined);
        if (!crashed) {
            await closed;
        }
        this.page = await openPage(this.context, this.backend.url);
        return this.page;
    }

    async reload(): Promise<Page> {
        await this.page.reload({ timeout: 90000 });
        await this.page.locator('.theia-preload').waitFor({ state: 'detached', timeout: 90000 });
        return this.page;
    }

    async stop(): Promise<string[]> {
        await this.context?.close().catch(() => undefined);
        await this.backend?.stop();
        return this.mounts.unmountAll();
    }
}

/** The visible editor (restored editors open in the background). */
export function visibleEditor(page: Page): ReturnType<Page['locator']> {
    return page.locator('.monaco-editor:visible').first();
}

/** Opens `name` with quick open (the explorer of a large workspace scrolls) and puts the cursor at its end. */
export async function openAtEnd(page: Page, name: string): Promise<void> {
    const input = page.locator('.quick-input-widget input');
    for (let i = 0; i < 5 && !await input.isVisible(); i++) {
        await page.keyboard.press('Control+P');
        await input.waitFor({ timeout: 3000 }).catch(() => undefined);
    }
    if (!await input.isVisible()) {
        const shot = `/tmp/journal-bench-${Date.now()}.png`;
        await page.screenshot({ path: shot }).catch(() => undefined);
        throw new Error(`quick open did not show (screenshot ${shot})`);
    }
    await input.fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click({ timeout: 15000 });
    await page.locator('.lm-TabBar-tab.lm-mod-current', { hasText: name }).first().waitFor({ timeout: 15000 });
    await visibleEditor(page).click();
    await page.keyboard.press('Control+End');
}

/** Saves the current editor if it is dirty; returns the file's text once the disk has it (undefined: not dirty). */
export async function saveCurrent(page: Page, file: string, before: string): Promise<string | undefined> {
    const dirty = page.locator(`${DIRTY_TAB.split(', ').map(s => `${s}.lm-mod-current`).join(', ')}`).first();
    if (!await dirty.isVisible()) {
        return undefined;
    }
    await visibleEditor(page).click();
    await page.keyboard.press('Control+S');
    await dirty.waitFor({ state: 'detached', timeout: 15000 }).catch(() => undefined);
    const end = Date.now() + 15000;
    while (Date.now() < end && (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') === before)) {
        await new Promise(resolve => setTimeout(resolve, 25));
    }
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}
