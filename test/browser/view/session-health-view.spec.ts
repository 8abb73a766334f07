// The Session Health view in real Chromium against the real backend, through a TCP proxy the test blackholes:
// it opens from the connection item, its chart fills with round trips, a silent drop shows as an offline band
// with the timeline newest first, and the chart is drawn (not empty) in the dark and the light theme.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { Page } from 'playwright-core';
import { useProxiedIde } from '../../helpers/proxied-ide';
import { CONNECTION_ITEM } from '../../helpers/ide-page';
import { runFromPalette } from '../../helpers/command-palette';
import { TEST_TMP } from '../../helpers/paths';

const VIEW = '#session-health-view';
const CHART = `${VIEW} .session-health-chart`;

/** Pixels of the chart canvas: drawn at all (alpha > 0), and close to the theme colour of a state's band. */
async function chartPixels(page: Page, state: string): Promise<{ drawn: number; state: number; color: string }> {
    return page.evaluate(([sel, st]) => {
        const canvas = document.querySelector(`${sel} canvas`) as HTMLCanvasElement | null;
        const color = getComputedStyle(document.documentElement).getPropertyValue(`--theia-sessionHealth-state-${st}`).trim();
        if (!canvas || !/^#[0-9a-f]{6}$/i.test(color)) {
            return { drawn: 0, state: 0, color };
        }
        const [r, g, b] = [1, 3, 5].map(i => parseInt(color.slice(i, i + 2), 16));
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let drawn = 0;
        let matching = 0;
        for (let i = 0; i < data.length; i += 4) {
            if (data[i + 3] > 0) {
                drawn++;
                if (data[i + 3] === 255 && Math.abs(data[i] - r) < 8 && Math.abs(data[i + 1] - g) < 8 && Math.abs(data[i + 2] - b) < 8) {
                    matching++;
                }
            }
        }
        return { drawn, state: matching, color };
    }, [CHART, state] as [string, string]);
}

/**
 * A band is a strip 12 px high under the plot whose width is its share of the 15-minute window (10 s of a 1,000 px
 * chart is ~11 px wide): at least one full column of the strip must carry the state's colour. The view redraws at
 * most every 2 s, so poll for up to 5 s.
 */
const BAND_MIN_PIXELS = 12;
async function bandPixels(page: Page, state: string): Promise<{ drawn: number; state: number; color: string }> {
    const deadline = Date.now() + 5000;
    let pixels = await chartPixels(page, state);
    while (pixels.state < BAND_MIN_PIXELS && Date.now() < deadline) {
        await page.waitForTimeout(250);
        pixels = await chartPixels(page, state);
    }
    return pixels;
}

async function draws(page: Page): Promise<number> {
    return Number(await page.locator(CHART).getAttribute('data-draws') ?? 0);
}

describe('browser: the Session Health view', function (): void {
    this.timeout(120000);
    const f = useProxiedIde({}, 30000);

    it('opens from the connection item, and within 10 s its chart has round-trip points', async () => {
        const page = f.ide.page;
        await page.locator(CONNECTION_ITEM).click();
        const openedAt = Date.now();
        await page.locator(`${VIEW} [data-section="connection"] .session-health-chart canvas`).waitFor({ timeout: 10000 });
        await page.waitForFunction(sel => Number(document.querySelector(sel)?.getAttribute('data-points') ?? 0) >= 5, CHART, { timeout: 10000 });
        const ms = Date.now() - openedAt;
        expect(ms, `chart had points ${ms} ms after opening`).to.be.at.most(10000);
        // the numbers the details dialog showed, and the actions it offered, are in the view
        expect(await page.locator(`${VIEW} .session-health-details td[data-field="transport"]`).textContent()).to.match(/^WebSocket/);
        expect(await page.locator(`${VIEW} .session-health-copy`).isVisible()).to.equal(true);
        expect(await page.locator(`${VIEW} .session-health-reconnect`).isVisible()).to.equal(true);
        // the other sections are there, each a contribution
        for (const id of ['storage', 'persistence', 'connection-path']) {
            expect(await page.locator(`${VIEW} [data-section="${id}"]`).count(), id).to.equal(1);
        }
        const pixels = await bandPixels(page, 'connected');
        expect(pixels.state, `connected band pixels (${pixels.color})`).to.be.at.least(BAND_MIN_PIXELS);
    });

    it('updates the live numbers in place: changed text nodes only, no node replaced, no write of an unchanged text', async () => {
        const page = f.ide.page;
        await page.locator(`${VIEW} .session-health-details td[data-field="heartbeat"]`).waitFor({ timeout: 10000 });
        // Watch the numbers and the chart's counts for 11 s (two live refreshes 5 s apart on a steady link; the heartbeat
        // row moves with each). The 5 s pace holds while no heartbeat is missed: a window with a miss (a loaded CI
        // machine) is watched again, up to three times.
        for (let window = 1; ; window++) {
            const seen = await page.evaluate(async sel => {
                const missed = () => Number(/(\d+) missed/.exec(document.querySelector(`${sel} td[data-field="heartbeat"]`)?.textContent ?? '')?.[1] ?? -1);
                const missedBefore = missed();
                const roots = [...document.querySelectorAll(`${sel} .session-health-details, ${sel} .session-health-legend`)];
                const mutations: MutationRecord[] = [];
                const batches: number[] = [];
                const observer = new MutationObserver(list => {
                    mutations.push(...list);
                    batches.push(performance.now());
                });
                roots.forEach(root => observer.observe(root, { subtree: true, childList: true, characterData: true, characterDataOldValue: true }));
                await new Promise(resolve => setTimeout(resolve, 11000));
                mutations.push(...observer.takeRecords());
                observer.disconnect();
                // A text write is unchanged when the value it left (the next write's old value, or the node's text now) is its old value.
                const records = mutations.map((m, i) => {
                    const next = mutations.slice(i + 1).find(n => n.target === m.target && n.type === 'characterData');
                    const after = next ? next.oldValue : (m.target as Text).data;
                    return { type: m.type, unchanged: m.type === 'characterData' && m.oldValue === after };
                });
                return { roots: roots.length, records, batches, steady: missedBefore >= 0 && missed() === missedBefore };
            }, VIEW);
            expect(seen.roots, 'details table and legend').to.equal(2);
            const count = (type: string) => seen.records.filter(r => r.type === type).length;
            expect(count('characterData'), 'text changes in place (the heartbeat row moves with each refresh)').to.be.at.least(2);
            // A replaced text node (`textContent =`) is a childList mutation: Chromium re-checks Theia's `:has()` rules on
            // the bottom panel for each, and the old node is garbage.
            expect(count('childList'), 'text nodes replaced').to.equal(0);
            expect(seen.records.filter(r => r.unchanged).length, 'writes of an unchanged text').to.equal(0);
            if (!seen.steady && window < 3) {
                continue;
            }
            expect(seen.steady, 'a heartbeat was missed in each of three 11 s windows: the link was never steady').to.equal(true);
            // Each refresh is a frame of the whole section (issue 28): one every 5 s on a steady link (was every second).
            const gaps = seen.batches.slice(1).map((at, i) => Math.round(at - seen.batches[i]));
            expect(seen.batches.length, `refreshes in 11 s (gaps ${gaps.join(', ')} ms)`).to.be.within(2, 3);
            expect(Math.min(...gaps), `gaps between refreshes (${gaps.join(', ')} ms)`).to.be.at.least(4900);
            break;
        }
    });

    it('shows a blackhole as an offline band, and lists the events newest first with their times', async () => {
        const page = f.ide.page;
        // A new state is not held back by the 2 s refresh: the view's state row says it with the status bar.
        await page.evaluate(([item, cell]) => {
            const w = window as unknown as { __offlineAt: { item?: number; view?: number } };
            w.__offlineAt = {};
            const look = () => {
                if (w.__offlineAt.item === undefined && document.querySelector(item)?.classList.contains('session-health-offline')) {
                    w.__offlineAt.item = performance.now();
                }
                if (w.__offlineAt.view === undefined && /^Offline/.test(document.querySelector(cell)?.textContent ?? '')) {
                    w.__offlineAt.view = performance.now();
                }
            };
            new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class'] });
        }, [CONNECTION_ITEM, `${VIEW} .session-health-details td[data-field="state"]`]);
        const droppedAt = Date.now();
        f.proxy.blackhole();
        await f.ide.msUntilState('offline', droppedAt, 15000);
        const shown = await page.waitForFunction(() => {
            const at = (window as unknown as { __offlineAt: { item?: number; view?: number } }).__offlineAt;
            return at.item !== undefined && at.view !== undefined ? at : undefined;
        }, undefined, { timeout: 5000 }).then(handle => handle.jsonValue() as Promise<{ item: number; view: number }>);
        expect(shown.view - shown.item, 'the view\'s state row behind the status bar (ms)').to.be.at.most(300);
        await page.waitForFunction(sel => (document.querySelector(sel)?.getAttribute('data-bands') ?? '').split(' ').includes('offline'), CHART, { timeout: 5000 });
        await page.waitForFunction(sel => Number(document.querySelector(sel)?.getAttribute('data-missed') ?? 0) >= 1, CHART, { timeout: 5000 });
        const offline = await bandPixels(page, 'offline');
        expect(offline.state, `offline band pixels (${offline.color})`).to.be.at.least(BAND_MIN_PIXELS);

        const entries = await page.locator(`${VIEW} [data-section="connection"] .session-health-timeline li`).evaluateAll(lis => lis.map(li => ({
            at: Number(li.getAttribute('data-at')), time: li.querySelector('time')?.textContent ?? '', text: li.textContent ?? ''
        })));
        expect(entries.length).to.be.greaterThan(3);
        for (let i = 1; i < entries.length; i++) {
            expect(entries[i - 1].at, `entry ${i - 1} is not older than entry ${i}`).to.be.at.least(entries[i].at);
        }
        for (const e of entries) {
            expect(e.time).to.match(/^\d\d:\d\d:\d\d\.\d{3}$/);
        }
        expect(entries.some(e => /→ Offline/.test(e.text)), 'a state entry to Offline').to.equal(true);
        // the filter by kind keeps only that kind
        await page.locator(`${VIEW} .session-health-timeline-filter`).selectOption('state');
        await page.waitForFunction(sel => [...document.querySelectorAll(`${sel} [data-section="connection"] .session-health-timeline li`)].every(li => li.getAttribute('data-kind') === 'state'), VIEW);
        await page.locator(`${VIEW} .session-health-timeline-filter`).selectOption('');

        f.proxy.restore();
        await f.ide.waitForState('connected', 15000);
    });

    it('draws a non-empty chart in the dark and in the light theme (screenshots)', async () => {
        const page = f.ide.page;
        fs.mkdirSync(TEST_TMP, { recursive: true });
        // notifications (the demo workspace's storage warning) would cover the chart in the screenshots
        await page.addStyleTag({ content: '.theia-notification-toasts { display: none !important; }' });
        const results: Record<string, { drawn: number; state: number; color: string }> = {};
        for (const theme of ['dark', 'light']) {
            if (!(await page.evaluate(t => document.body.classList.contains(`theia-${t}`), theme))) {
                await runFromPalette(page, 'Preferences: Color Theme');
                await page.keyboard.type(theme === 'light' ? 'Light (Theia)' : 'Dark (Theia)');
                await page.keyboard.press('Enter');
                await page.waitForFunction(t => document.body.classList.contains(`theia-${t}`), theme, { timeout: 10000 });
                const before = await draws(page);
                await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel)?.getAttribute('data-draws') ?? 0) > n, [CHART, before] as [string, number]);
            }
            const file = path.join(TEST_TMP, `session-health-view-${theme}.png`);
            await page.locator(CHART).screenshot({ path: file });
            expect(fs.statSync(file).size).to.be.greaterThan(2000);
            results[theme] = await bandPixels(page, 'connected');
            expect(results[theme].drawn, `${theme}: drawn pixels`).to.be.greaterThan(3000);
            expect(results[theme].state, `${theme}: connected band pixels (${results[theme].color})`).to.be.at.least(BAND_MIN_PIXELS);
        }
        expect(results.light.color, 'the band colour follows the theme').to.not.equal(results.dark.color);
    });
});
