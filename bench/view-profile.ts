// Where the open Session Health view spends main-thread time: one tab, the view open, a DevTools CPU profile of
// PROFILE_SECONDS, self time summed by function and by script; TaskDuration (ms/s) closed and open next to it.
// PROFILE_CLOSED=1 profiles the closed window too and prints its summary first: on a loaded machine TaskDuration
// is noise, while the difference of JavaScript self time (bundle.js, React, uPlot) between the two still shows the view's cost.
// Not a benchmark (run.ts skips it: it exports no run...Bench); a tool for finding the cost bench/view.ts reports.
//   TS_NODE_TRANSPILE_ONLY=true TS_NODE_PROJECT=tsconfig.test.json npx ts-node bench/view-profile.ts
import { startBackend } from '../test/helpers/theia-backend';
import { CONNECTION_ITEM } from '../test/helpers/ide-page';
import { closeSharedBrowser, sharedBrowser } from '../test/helpers/chromium';

const SECONDS = Number(process.env.PROFILE_SECONDS || 15);
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

function summarize(profile: Profile): string {
    const byId = new Map(profile.nodes.map(n => [n.id, n]));
    const self = new Map<number, number>();
    profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    const byFn = new Map<string, number>();
    const byScript = new Map<string, number>();
    for (const [id, us] of self) {
        const f = byId.get(id)!.callFrame;
        const script = f.url.split('/').pop() || f.functionName;
        const key = `${f.functionName || '(anonymous)'} ${script}:${f.lineNumber}`;
        byFn.set(key, (byFn.get(key) ?? 0) + us);
        byScript.set(script, (byScript.get(script) ?? 0) + us);
    }
    const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n)
        .map(([k, us]) => `${(us / 1000 / SECONDS).toFixed(2).padStart(7)} ms/s  ${k}`).join('\n');
    return `by function (self):\n${top(byFn, 40)}\n\nby script:\n${top(byScript, 10)}`;
}

async function main(): Promise<void> {
    const backend = await startBackend();
    try {
        const context = await (await sharedBrowser()).newContext({ viewport: { width: 1280, height: 720 } });
        const page = await context.newPage();
        await page.goto(backend.url, { timeout: 180_000 });
        await page.locator(`${CONNECTION_ITEM}.session-health-connected`).waitFor({ timeout: 180_000 });
        await sleep(8000);
        const cdp = await context.newCDPSession(page);
        await cdp.send('Performance.enable');
        const task = async () => (await cdp.send('Performance.getMetrics')).metrics.find(m => m.name === 'TaskDuration')?.value ?? 0;
        const profiled = async () => {
            await cdp.send('Profiler.enable');
            await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
            await cdp.send('Profiler.start');
            const t = await task();
            await sleep(SECONDS * 1000);
            const msPerSecond = (await task() - t) * 1000 / SECONDS;
            const { profile } = await cdp.send('Profiler.stop') as unknown as { profile: Profile };
            return { msPerSecond, profile };
        };
        let closedProfile: Profile | undefined;
        let closed: number;
        if (process.env.PROFILE_CLOSED) {
            ({ msPerSecond: closed, profile: closedProfile } = await profiled());
        } else {
            const t0 = await task();
            await sleep(SECONDS * 1000);
            closed = (await task() - t0) * 1000 / SECONDS;
        }
        await page.locator(CONNECTION_ITEM).click();
        await page.locator('#session-health-view .session-health-chart canvas').waitFor({ timeout: 20_000 });
        await sleep(4000);
        const { msPerSecond: open, profile } = await profiled();
        console.log(`TaskDuration closed ${closed.toFixed(1)} ms/s${closedProfile ? ' (profiling on)' : ''}, open (profiling on) ${open.toFixed(1)} ms/s\n`);
        if (closedProfile) {
            console.log(`view CLOSED\n${summarize(closedProfile)}\n\nview OPEN`);
        }
        console.log(summarize(profile));
        await context.close();
    } finally {
        await backend.stop();
        await closeSharedBrowser();
    }
}

// Only when run on its own: bench/run.ts requires every file in bench/ to find the benchmarks.
if (require.main === module) {
    main().catch(err => {
        console.error(err);
        process.exitCode = 1;
    });
}
