// One start-up of a Theia frontend for the start-up bench and tool (issue 28): a fresh browser context, navigation to
// the workbench ready (Theia adds `theia-hidden` to the `.theia-preload` indicator when it reveals the shell; recorded
// in the page against performance.now(), i.e. since navigation start). Optionally a DevTools CPU profile or timeline
// trace from before the navigation until the bench sees the workbench ready (polled every 50 ms: up to ~50 ms and a
// DevTools round trip after it, so a little of what runs right after the reveal is counted too), and Theia's own
// milestones: the generated index.js logs `Frontend: <milestone> [x s since frontend page
// start]`, and Theia's FrontendStopwatch times the contributions' hooks with performance.measure (recorded as they run:
// the stopwatch clears its entries at once).
import * as fs from 'fs';
import { sharedBrowser } from '../test/helpers/chromium';
import { CpuProfile, mainThreadSelfTimes, TRACE_CATEGORIES } from './profile-attribution';

export interface StartupLoad {
    /** ms from navigation start to the workbench revealed */
    readyMs: number;
    /** Theia's milestones and resource timings, ms since navigation start */
    milestones: Map<string, number>;
    /** Theia-timed hooks (`<Contribution>.<hook>`, `startContributions`, …), ms each, summed per name */
    hooks: Map<string, number>;
    /** when asked for: a CPU profile of navigation → workbench ready */
    profile?: CpuProfile;
    /** when asked for: the self time (ms) per DevTools timeline event on the page's main thread, same span */
    trace?: Map<string, number>;
    /** when a backend pid is given: that backend's CPU time (user + system, with its waited-for children) over the load */
    backendCpuMs?: number;
}

/** CPU time (ms) a process and its waited-for children used so far (/proc/<pid>/stat; Linux's USER_HZ is 100). */
export function processCpuMs(pid: number): number {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    // after the command: state is field 3, utime/stime/cutime/cstime are fields 14 to 17
    return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) * 10;
}

type PageWindow = Window & { __workbenchReady?: number; __measures: [string, number][] };

export async function loadStartup(url: string, options: { profile?: boolean; trace?: boolean; backendPid?: number } = {}): Promise<StartupLoad> {
    const browser = await sharedBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    let tracing = false;
    try {
        const page = await context.newPage();
        const milestones = new Map<string, number>();
        page.on('console', msg => {
            const m = /^Frontend: (.+) \[([\d.]+) s since frontend page start\]$/.exec(msg.text());
            if (m) {
                milestones.set(m[1], Number(m[2]) * 1000);
            }
        });
        await page.addInitScript(() => {
            const w = window as unknown as PageWindow;
            w.__measures = [];
            const measure = performance.measure.bind(performance) as (...args: unknown[]) => PerformanceMeasure;
            performance.measure = ((...args: unknown[]) => {
                const entry = measure(...args);
                w.__measures.push([String(args[0]), entry?.duration ?? NaN]);
                return entry;
            }) as typeof performance.measure;
            const look = () => {
                const preload = document.querySelector('.theia-preload');
                if (w.__workbenchReady === undefined && document.getElementById('theia-app-shell') && (!preload || preload.classList.contains('theia-hidden'))) {
                    w.__workbenchReady = performance.now();
                }
            };
            new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
        });
        const cdp = options.profile ? await context.newCDPSession(page) : undefined;
        if (cdp) {
            await cdp.send('Profiler.enable');
            await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
            await cdp.send('Profiler.start');
        }
        if (options.trace) {
            await browser.startTracing(undefined, { categories: TRACE_CATEGORIES });
            tracing = true;
        }
        const cpuBefore = options.backendPid ? processCpuMs(options.backendPid) : 0;
        await page.goto(url, { timeout: 180_000 });
        await page.waitForFunction(() => (window as unknown as PageWindow).__workbenchReady !== undefined, null, { timeout: 180_000, polling: 50 });
        const backendCpuMs = options.backendPid ? processCpuMs(options.backendPid) - cpuBefore : undefined;
        const profile = cdp ? (await cdp.send('Profiler.stop') as unknown as { profile: CpuProfile }).profile : undefined;
        await cdp?.detach();
        const trace = tracing ? mainThreadSelfTimes(await browser.stopTracing()) : undefined;
        tracing = false;
        const inPage = await page.evaluate(() => {
            const w = window as unknown as PageWindow;
            const resource = (part: string) => performance.getEntriesByType('resource').find(r => r.name.includes(part)) as PerformanceResourceTiming | undefined;
            const caps = resource('/session-health/capabilities');
            return {
                ready: w.__workbenchReady!, measures: w.__measures, bundleEnd: resource('/bundle.js')?.responseEnd,
                capsStart: caps?.startTime, capsEnd: caps?.responseEnd
            };
        });
        const set = (name: string, ms: number | undefined) => ms !== undefined && milestones.set(name, ms);
        set('bundle.js received', inPage.bundleEnd);
        set('capabilities fetch start', inPage.capsStart);
        set('capabilities fetch end', inPage.capsEnd);
        set('workbench ready', inPage.ready);
        const hooks = new Map<string, number>();
        for (const [name, duration] of inPage.measures) {
            hooks.set(name, (hooks.get(name) ?? 0) + duration);
        }
        return { readyMs: inPage.ready, milestones, hooks, profile, trace, backendCpuMs };
    } finally {
        if (tracing) {
            // tracing is browser-wide: left on after a failed load, every later startTracing would fail
            await browser.stopTracing().catch(() => undefined);
        }
        await context.close();
    }
}
