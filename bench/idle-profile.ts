// Where an idle tab of our IDE spends main-thread time (issue 28), attributed to modules: one tab of ours and one of
// bench/stock-app, each left idle (view closed, as the demo opens), a DevTools CPU profile of PROFILE_SECONDS each, the
// self time of every sample mapped to the bundle's module (esbuild's development bundle marks each module with a
// `// path` comment) and summed by group (our lib/, Theia, other) and by function of our modules. Attribution by
// self time holds on a loaded machine where TaskDuration does not: the load slows both tabs but does not move time
// from one module to another. PROFILE_VIEW=1 opens the Session Health view before profiling ours.
// Not a benchmark (run.ts runs only run...Bench functions); a tool:
//   TS_NODE_TRANSPILE_ONLY=true TS_NODE_PROJECT=tsconfig.test.json node -r ts-node/register bench/idle-profile.ts
import * as fs from 'fs';
import * as path from 'path';
import { Page } from 'playwright-core';
import { CONNECTION_ITEM, openIde } from '../test/helpers/ide-page';
import { attribute, Attribution, CpuProfile, mainThreadSelfTimes, TRACE_CATEGORIES } from './profile-attribution';
import { TEST_TMP } from '../test/helpers/paths';
import { openStockTab } from './idle-tabs';
import { withBothApps } from './both-apps';

const SECONDS = Number(process.env.PROFILE_SECONDS || 60);
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function print(title: string, a: Attribution): string {
    const rows = (m: Map<string, number>, n: number) => [...m].sort((x, y) => y[1] - x[1]).slice(0, n)
        .map(([k, ms]) => `${(ms / a.seconds).toFixed(3).padStart(8)} ms/s  ${k}`).join('\n');
    return `${title}\nself time by group (idle, ${a.seconds} s):\n${rows(a.byGroup, 12)}\n\ntop self time in our modules:\n${rows(a.byFunction, 25)}\n`;
}

async function profileTab(page: Page): Promise<CpuProfile> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Profiler.start');
    await sleep(SECONDS * 1000);
    const { profile } = await cdp.send('Profiler.stop') as unknown as { profile: CpuProfile };
    await cdp.detach();
    return profile;
}

/** Self time (ms) per trace event name on the renderer's main thread over a window (DevTools timeline categories). */
async function traceTab(page: Page): Promise<Map<string, number>> {
    const browser = page.context().browser()!;
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await sleep(SECONDS * 1000);
    return mainThreadSelfTimes(await browser.stopTracing());
}

function printTrace(title: string, self: Map<string, number>): string {
    return `${title}: trace self time by event (ms/s)\n` + [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)
        .map(([k, ms]) => `${(ms / SECONDS).toFixed(3).padStart(8)}  ${k}`).join('\n') + '\n';
}

/** PROFILE_VIEW=1: the Session Health view open (Connection section, live chart) while ours is measured. */
async function openViewIfAsked(page: Page): Promise<void> {
    if (process.env.PROFILE_VIEW) {
        await page.locator(CONNECTION_ITEM).click();
        await page.locator('#session-health-view .session-health-chart canvas').waitFor({ timeout: 20_000 });
    }
}

async function traceMain(): Promise<void> {
    await withBothApps(async ({ ours, stock }) => {
        const ide = await openIde(ours.url);
        await ide.waitForState('connected', 60_000);
        await openViewIfAsked(ide.page);
        await sleep(8000);
        const oursTrace = await traceTab(ide.page);
        await ide.close();
        const stockTab = await openStockTab(stock.url);
        await sleep(8000);
        const stockTrace = await traceTab(stockTab.page);
        await stockTab.close();
        console.log(printTrace(`OURS${process.env.PROFILE_VIEW ? ' (view open)' : ' (view closed)'}`, oursTrace));
        console.log(printTrace('STOCK', stockTrace));
    });
}

async function main(): Promise<void> {
    await withBothApps(async ({ ours, stock, ourStarts, stockStarts }) => {
        const ide = await openIde(ours.url);
        await ide.waitForState('connected', 60_000);
        await openViewIfAsked(ide.page);
        await sleep(8000);
        const oursProfile = await profileTab(ide.page);
        await ide.close();
        const stockTab = await openStockTab(stock.url);
        await sleep(8000);
        const stockProfile = await profileTab(stockTab.page);
        await stockTab.close();
        const out = path.join(TEST_TMP, 'idle-profile'); // open in DevTools' Performance panel; not committed
        fs.mkdirSync(out, { recursive: true });
        fs.writeFileSync(path.join(out, 'ours.cpuprofile'), JSON.stringify(oursProfile));
        fs.writeFileSync(path.join(out, 'stock.cpuprofile'), JSON.stringify(stockProfile));
        console.log(print(`OURS${process.env.PROFILE_VIEW ? ' (view open)' : ' (view closed)'}`, attribute(oursProfile, ourStarts, SECONDS)));
        console.log(print('STOCK', attribute(stockProfile, stockStarts, SECONDS)));
    });
}

if (require.main === module) {
    (process.argv.includes('--trace') ? traceMain() : main()).catch(err => {
        console.error(err);
        process.exitCode = 1;
    });
}
