// Opens the IDE in the shared Chromium and reads the session-health connection item.
import { BrowserContext, Page } from 'playwright-core';
import * as fs from 'fs';
import * as path from 'path';
import { sharedBrowser } from './chromium';
import { TEST_TMP } from './paths';

export const CONNECTION_ITEM = '#status-bar-session-health-connection';

export interface IdePage {
    context: BrowserContext;
    page: Page;
    /** The item's state class (`connected`, `offline`, ...), or undefined before it renders. */
    state(): Promise<string | undefined>;
    waitForState(state: string, timeoutMs: number): Promise<number>;
    /** Every state the item went through since `recordStates()`, with page timestamps. */
    recordedStates(): Promise<{ state: string; at: number }[]>;
    close(): Promise<void>;
}

export async function openIde(url: string): Promise<IdePage> {
    const browser = await sharedBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    // Record every state change of the item, from the first render on, with the time it happened.
    await page.addInitScript(() => {
        const w = window as unknown as { __shStates: { state: string; at: number }[] };
        w.__shStates = [];
        const read = () => {
            const el = document.getElementById('status-bar-session-health-connection');
            const cls = el && Array.from(el.classList).find(c => /^session-health-(connected|polling|degraded|offline|reconnecting)$/.test(c));
            const state = cls?.replace('session-health-', '');
            if (state && w.__shStates[w.__shStates.length - 1]?.state !== state) {
                w.__shStates.push({ state, at: Date.now() });
            }
        };
        new MutationObserver(read).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
    });
    const problems: string[] = [];
    page.on('pageerror', e => problems.push(`pageerror: ${e.message}`));
    page.on('console', m => m.type() === 'error' && problems.push(`console: ${m.text().slice(0, 300)}`));
    page.on('requestfailed', r => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    await page.goto(url);
    try {
        await page.locator(CONNECTION_ITEM).waitFor({ timeout: 60000 });
    } catch {
        const shot = path.join(TEST_TMP, `ide-load-failure-${Date.now()}.png`);
        fs.mkdirSync(TEST_TMP, { recursive: true });
        await page.screenshot({ path: shot }).catch(() => undefined);
        await context.close();
        throw new Error(`The IDE at ${url} did not show the connection item within 60 s (screenshot ${shot}).\n${problems.slice(-20).join('\n')}`);
    }
    const ide: IdePage = {
        context,
        page,
        async state() {
            return page.evaluate(() => {
                const w = window as unknown as { __shStates: { state: string }[] };
                return w.__shStates[w.__shStates.length - 1]?.state;
            });
        },
        async waitForState(state: string, timeoutMs: number): Promise<number> {
            const start = Date.now();
            await page.waitForFunction(s => {
                const w = window as unknown as { __shStates: { state: string }[] };
                return w.__shStates[w.__shStates.length - 1]?.state === s;
            }, state, { timeout: timeoutMs, polling: 50 });
            return Date.now() - start;
        },
        recordedStates: () => page.evaluate(() => (window as unknown as { __shStates: { state: string; at: number }[] }).__shStates.slice()),
        close: () => context.close()
    };
    return ide;
}
