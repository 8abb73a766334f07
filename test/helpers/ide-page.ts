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
    /**
     * Waits (up to `timeoutMs`) until the item enters `state` at or after the wall-clock time `since` (Date.now() of
     * this process; the page runs on the same machine and clock) and returns how long after `since` the page
     * recorded it. Unlike waitForState's result this is the item's own timing, free of polling and RPC overhead,
     * so a test can assert a goal (<= 3 s) while still waiting longer and reporting the real figure when it misses.
     */
    msUntilState(state: string | string[], since: number, timeoutMs: number): Promise<number>;
    /** Every state the item went through since `recordStates()`, with page timestamps. */
    recordedStates(): Promise<{ state: string; at: number }[]>;
    close(): Promise<void>;
}

export interface OpenIdeOptions {
    /**
     * Theia's display language: what its "Configure Display Language" command stores (`localStorage.localeId`, read
     * by `nls.locale` before the frontend starts), set before the first page script runs.
     */
    locale?: string;
}

export async function openIde(url: string, options: OpenIdeOptions = {}): Promise<IdePage> {
    const browser = await sharedBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    if (options.locale) {
        await page.addInitScript(locale => window.localStorage.setItem('localeId', locale), options.locale);
    }
    // Record every state change of the item, from the first render on, with the time it happened.
    await page.addInitScript(() => {
        const w = window as unknown as { __shStates: { state: string; at: number }[] };
        w.__shStates = [];
        const read = () => {
            const el = document.getElementById('status-bar-session-health-connection');
            const cls = el && Array.from(el.classList).find(c => /^session-health-(connected|polling|degraded|offline|reconnecting|stopping|signed-out)$/.test(c));
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
        async msUntilState(state: string | string[], since: number, timeoutMs: number): Promise<number> {
            // Any of the states counts (e.g. offline or reconnecting, which may follow each other between two polls).
            const wanted = Array.isArray(state) ? state : [state];
            const handle = await page.waitForFunction(([s, t]) => {
                const w = window as unknown as { __shStates: { state: string; at: number }[] };
                return w.__shStates.find(e => s.includes(e.state) && e.at >= t)?.at;
            }, [wanted, since] as [string[], number], { timeout: timeoutMs, polling: 50 }).catch(async e => {
                const states = await ide.recordedStates().catch(() => []);
                throw new Error(`the connection item did not enter "${wanted.join('" or "')}" within ${timeoutMs} ms after ${new Date(since).toISOString()}; `
                    + `states: ${JSON.stringify(states.map(x => ({ state: x.state, ms: x.at - since })))} (${e instanceof Error ? e.message.split('\n')[0] : e})`);
            });
            return (await handle.jsonValue() as number) - since;
        },
        recordedStates: () => page.evaluate(() => (window as unknown as { __shStates: { state: string; at: number }[] }).__shStates.slice()),
        close: () => context.close()
    };
    return ide;
}
