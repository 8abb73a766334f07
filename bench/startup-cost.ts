// Issue 28, what an adopter pays when a tab starts, with and without the extension in the SAME run:
//  - start-up: navigation start → workbench ready (startup-load.ts), a fresh browser context per load, ours and
//    stock taking turns (who goes first alternates), one discarded warm-up each; p50/p95 of the per-pair difference,
//    each side's p50/p95 in the note. Twice: the production adopter app (test/helpers/adopter-app.ts, what an adopter
//    ships: minified, the extension installed from its packed tarball) with and without the extension; and our
//    browser-app against bench/stock-app (development builds: unminified, every comment of our sources kept);
//  - the attribution, which does not scatter like single pairs (several hundred ms here): DevTools CPU profiles of
//    PROFILED loads of browser-app (its development bundle names each module), the
//    main-thread time with a frame of the extension on the stack (profile-attribution.ts `underOurs`: our code, the
//    Theia and library code it calls, the modules it requires). It leaves out what Theia does for our contributions
//    outside our frames (rendering our status-bar items, resolving our bindings) and the parse of our bytes.
import * as fs from 'fs';
import * as path from 'path';
import { adopterApp } from '../test/helpers/adopter-app';
import { closeSharedBrowser } from '../test/helpers/chromium';
import { BROWSER_APP, STOCK_BACKEND_MAIN } from '../test/helpers/paths';
import { BenchRow, p50p95, runStandalone } from './bench-types';
import { loadStartup } from './startup-load';
import { withTwoBackends } from './both-apps';
import { moduleStarts, underOurs, UNDER_OURS_TOTAL } from './profile-attribution';

const PAIRS = Number(process.env.BENCH_STARTUP_RUNS || 30);
const ADOPTER_THEIA = '1.74.1';
const PROFILED = Number(process.env.BENCH_STARTUP_PROFILED || 9);
const r1 = (n: number) => Math.round(n * 10) / 10;

interface Pairs { ours: number[]; stock: number[] }

/** `count` start-ups of each, taking turns (who goes first alternates), after one discarded warm-up each. */
async function startupPairs(oursUrl: string, stockUrl: string, count: number, label: string): Promise<Pairs> {
    // the warm-up: the backends' first page load fills their caches
    await loadStartup(oursUrl);
    await loadStartup(stockUrl);
    const pairs: Pairs = { ours: [], stock: [] };
    for (let i = 0; i < count; i++) {
        if (i % 2 === 0) {
            pairs.ours.push((await loadStartup(oursUrl)).readyMs);
            pairs.stock.push((await loadStartup(stockUrl)).readyMs);
        } else {
            pairs.stock.push((await loadStartup(stockUrl)).readyMs);
            pairs.ours.push((await loadStartup(oursUrl)).readyMs);
        }
        process.stderr.write(`  start-up ${label} ${i + 1}: ours ${r1(pairs.ours[i])} ms, stock ${r1(pairs.stock[i])} ms\n`);
    }
    return pairs;
}

function pairsRow(name: string, pairs: Pairs): BenchRow {
    const so = p50p95(pairs.ours);
    const ss = p50p95(pairs.stock);
    const sd = p50p95(pairs.ours.map((x, i) => x - pairs.stock[i]));
    return {
        name, p50: r1(sd.p50), p95: r1(sd.p95), unit: 'ms (ours − stock, per pair)', goal: 'p50 <= 100',
        note: `ours p50 ${r1(so.p50)} / p95 ${r1(so.p95)} ms, stock p50 ${r1(ss.p50)} / p95 ${r1(ss.p95)} ms; difference of the p50s ${r1(so.p50 - ss.p50)} ms`
    };
}

/** The production adopter app (what an adopter ships) with and without the extension. */
async function adopterRow(): Promise<BenchRow> {
    const withUs = await adopterApp(ADOPTER_THEIA, { withExtension: true, mode: 'production' });
    const without = await adopterApp(ADOPTER_THEIA, { withExtension: false, mode: 'production' });
    return withTwoBackends(withUs.backendMain, without.backendMain, async (ours, stock) => {
        const pairs = await startupPairs(ours.url, stock.url, PAIRS, 'production');
        return pairsRow(`start-up, navigation → workbench ready, adopter app with the extension over without (Theia ${ADOPTER_THEIA}, production build, ${PAIRS} pairs)`, pairs);
    });
}

/** Our browser-app against bench/stock-app (development builds), and where our part of that start-up goes. */
async function developmentRows(): Promise<BenchRow[]> {
    return withTwoBackends(undefined, STOCK_BACKEND_MAIN, async (ours, stock) => {
        const pairs = await startupPairs(ours.url, stock.url, PAIRS, 'development');
        const starts = moduleStarts(fs.readFileSync(path.join(BROWSER_APP, 'lib', 'frontend', 'bundle.js'), 'utf8'));
        const under: number[] = [];
        const ready: number[] = [];
        for (let i = 0; i < PROFILED; i++) {
            const load = await loadStartup(ours.url, { profile: true });
            under.push(underOurs(load.profile!, starts).get(UNDER_OURS_TOTAL)!);
            ready.push(load.readyMs);
        }
        const u = p50p95(under);
        return [
            pairsRow(`start-up, navigation → workbench ready, ours over stock Theia (browser-app vs bench/stock-app, development builds, ${PAIRS} pairs)`, pairs),
            {
                name: `start-up, main-thread time under the extension's code (CPU profile, ${PROFILED} loads of browser-app)`,
                p50: r1(u.p50), p95: r1(u.p95), unit: 'ms (navigation → workbench ready)', goal: 'attribution',
                note: `our code and what it calls or requires; page loads p50 ${r1(p50p95(ready).p50)} ms while profiled`
            }
        ];
    });
}

/** BENCH_STARTUP_BUILDS=production or =development runs one of the two comparisons (default both). */
export async function runStartupCostBench(): Promise<BenchRow[]> {
    const only = process.env.BENCH_STARTUP_BUILDS;
    if (only !== undefined && only !== 'production' && only !== 'development') {
        throw new Error(`BENCH_STARTUP_BUILDS=${only}: say production or development (or leave it unset for both)`);
    }
    return [
        ...only === 'development' ? [] : [await adopterRow()],
        ...only === 'production' ? [] : await developmentRows()
    ];
}

if (require.main === module) {
    runStandalone(runStartupCostBench, closeSharedBrowser);
}
