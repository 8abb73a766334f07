// Where the start-up of our IDE spends its time over stock Theia (issue 28), attributed: PROFILE_LOADS page loads of
// ours and of bench/stock-app taking turns (startup-load.ts: a fresh context each, one discarded warm-up each), each
// with a DevTools CPU profile from navigation to the workbench ready. Printed, each figure the median over the loads of
// that app: Theia's milestones, the Theia-timed contribution hooks, self time by group and by module (Theia's and
// libraries' too), and the time under our code by our innermost function (profile-attribution.ts). The last load's
// profiles are written to .test-tmp/startup-profile/ for DevTools. `--trace`: the DevTools timeline's self time per
// event instead (style, layout, parse, compile, GC). Not a benchmark (that is startup-cost.ts); a tool:
//   TS_NODE_TRANSPILE_ONLY=true TS_NODE_PROJECT=tsconfig.test.json node -r ts-node/register bench/startup-profile.ts
import * as fs from 'fs';
import * as path from 'path';
import { TEST_TMP } from '../test/helpers/paths';
import { attribute, byModule, CpuProfile, group, underOurs } from './profile-attribution';
import { loadStartup } from './startup-load';
import { withBothApps } from './both-apps';
import { p50p95 } from './bench-types';

const LOADS = Number(process.env.PROFILE_LOADS || 7);
const MAIN_THREAD_BUSY = 'main thread busy (all but idle)';

interface Attributed {
    milestones: Map<string, number>;
    hooks: Map<string, number>;
    byGroup: Map<string, number>;
    byModule: Map<string, number>;
    underOurs: Map<string, number>;
    profile: CpuProfile;
}

async function profiledLoad(url: string, starts: { line: number; module: string }[], backendPid: number): Promise<Attributed> {
    const load = await loadStartup(url, { profile: true, backendPid });
    load.milestones.set('(backend CPU time over the load, ms)', load.backendCpuMs!);
    const profile = load.profile!;
    const all = attribute(profile, starts, 1).byGroup;
    const byGroup = new Map([...all].filter(([g]) => !g.startsWith('(') || ['((program))', '((garbage collector))', '((idle))'].includes(g)));
    byGroup.set(MAIN_THREAD_BUSY, [...all].filter(([g]) => g !== '((idle))').reduce((sum, [, ms]) => sum + ms, 0));
    return { milestones: load.milestones, hooks: load.hooks, byGroup, byModule: byModule(profile, starts), underOurs: underOurs(profile, starts), profile };
}

/** Per key, the p50 over the loads (a load without the key counts 0). */
function medians<T>(loads: T[], pick: (l: T) => Map<string, number>): Map<string, number> {
    const keys = new Set(loads.flatMap(l => [...pick(l).keys()]));
    return new Map([...keys].map(k => [k, p50p95(loads.map(l => pick(l).get(k) ?? 0)).p50]));
}

function table(title: string, ours: Map<string, number>, stock: Map<string, number>, sort: 'value' | 'diff', limit = 40): string {
    const keys = [...new Set([...ours.keys(), ...stock.keys()])];
    const diff = (k: string) => (ours.get(k) ?? 0) - (stock.get(k) ?? 0);
    const rows = keys.sort((x, y) => sort === 'value' ? (ours.get(x) ?? stock.get(x)!) - (ours.get(y) ?? stock.get(y)!) : diff(y) - diff(x)).slice(0, limit);
    const f = (n: number | undefined) => (n === undefined ? '–' : n.toFixed(1)).padStart(9);
    return `${title}\n${'ours'.padStart(9)}${'stock'.padStart(9)}${'diff'.padStart(9)}\n` +
        rows.map(k => `${f(ours.get(k))}${f(stock.get(k))}${f(diff(k))}  ${k}`).join('\n') + '\n';
}

/** `--trace`: the DevTools timeline's self time per event (style, layout, compile, GC, …) instead of a CPU profile. */
async function traceMain(): Promise<void> {
    await withBothApps(async ({ ours, stock }) => {
        await loadStartup(ours.url);
        await loadStartup(stock.url);
        const o: Map<string, number>[] = [];
        const s: Map<string, number>[] = [];
        for (let i = 0; i < LOADS; i++) {
            o.push((await loadStartup(ours.url, { trace: true })).trace!);
            s.push((await loadStartup(stock.url, { trace: true })).trace!);
            process.stderr.write(`  load ${i + 1} traced\n`);
        }
        const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
        const om = medians(o, m => m);
        const sm = medians(s, m => m);
        om.set('(sum of the medians)', total(om));
        sm.set('(sum of the medians)', total(sm));
        console.log(table(`main-thread self time by trace event, navigation → ready, ms (median of ${LOADS} loads)`, om, sm, 'diff', 40));
    });
}

async function main(): Promise<void> {
    await withBothApps(async ({ ours, stock, ourStarts, stockStarts }) => {
        await loadStartup(ours.url);
        await loadStartup(stock.url);
        const o: Attributed[] = [];
        const s: Attributed[] = [];
        for (let i = 0; i < LOADS; i++) {
            o.push(await profiledLoad(ours.url, ourStarts, ours.process.pid!));
            s.push(await profiledLoad(stock.url, stockStarts, stock.process.pid!));
            process.stderr.write(`  load ${i + 1}: ours ${o[i].milestones.get('workbench ready')!.toFixed(0)} ms, stock ${s[i].milestones.get('workbench ready')!.toFixed(0)} ms\n`);
        }
        const out = path.join(TEST_TMP, 'startup-profile'); // open in DevTools' Performance panel; not committed
        fs.mkdirSync(out, { recursive: true });
        fs.writeFileSync(path.join(out, 'ours.cpuprofile'), JSON.stringify(o[LOADS - 1].profile));
        fs.writeFileSync(path.join(out, 'stock.cpuprofile'), JSON.stringify(s[LOADS - 1].profile));
        const om = medians(o, l => l.byModule);
        console.log(table(`milestones, ms since navigation (median of ${LOADS} loads)`, medians(o, l => l.milestones), medians(s, l => l.milestones), 'value'));
        console.log(table('Theia-timed hooks, ms (median), largest difference first', medians(o, l => l.hooks), medians(s, l => l.hooks), 'diff', 30));
        console.log(table('CPU self time navigation → ready by group, ms (median)', medians(o, l => l.byGroup), medians(s, l => l.byGroup), 'diff'));
        console.log(table('CPU self time by module, ms (median), largest difference first', om, medians(s, l => l.byModule), 'diff', 30));
        console.log(table('CPU self time in our modules, ms (median)', new Map([...om].filter(([k]) => group(k) === 'ours')), new Map(), 'diff', 30));
        console.log(table('CPU time under our code (inclusive) by our innermost function, ms (median)', medians(o, l => l.underOurs), new Map(), 'diff', 30));
    });
}

if (require.main === module) {
    (process.argv.includes('--trace') ? traceMain() : main()).catch(err => {
        console.error(err);
        process.exitCode = 1;
    });
}
