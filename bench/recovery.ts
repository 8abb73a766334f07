// Benchmark: a backend restart with an open tab. Time from "the new backend answers HTTP" to "the IDE is usable
// again" (the tab's Theia channel is re-established on the new backend and an RPC round trip succeeds), ours
// against stock Theia 1.74.1 (bench/stock-app: same packages, without this extension) in the same runs.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RunningBackend, startBackend } from '../test/helpers/theia-backend';
import { closeSharedBrowser, sharedBrowser } from '../test/helpers/chromium';
import { REPO_ROOT, STOCK_BACKEND_MAIN } from '../test/helpers/paths';
import { BenchRow, p50p95, runStandalone } from './bench-types';

const RUNS = Number(process.env.BENCH_RUNS || 5);
const LIMIT_MS = 60_000;

function ensureStockApp(): void {
    if (!fs.existsSync(STOCK_BACKEND_MAIN)) {
        process.stderr.write('  building bench/stock-app (stock Theia, once)...\n');
        execFileSync('npm', ['run', 'build', '-w', 'stock-browser-app'], { cwd: REPO_ROOT, stdio: 'ignore' });
    }
}

async function answersHttp(url: string): Promise<void> {
    for (;;) {
        try {
            const r = await fetch(url + '/');
            await r.arrayBuffer();
            if (r.ok) {
                return;
            }
        } catch {
            // not yet
        }
        await new Promise(resolve => setTimeout(resolve, 20));
    }
}

async function waitForOutput(backend: RunningBackend, pattern: RegExp, timeoutMs: number): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
        if (pattern.test(backend.output())) {
            return true;
        }
        await new Promise(resolve => setTimeout(resolve, 20));
    }
    return false;
}

/** One restart; returns ms from "new backend answers HTTP" to "channel re-established and RPC answered", or undefined. */
async function restartRun(stock: boolean): Promise<number | undefined> {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-recovery-'));
    const main = stock ? STOCK_BACKEND_MAIN : undefined;
    let backend = await startBackend({ workspace, main });
    const context = await (await sharedBrowser()).newContext();
    try {
        const page = await context.newPage();
        await page.goto(backend.url);
        await page.locator('#theia-statusBar').waitFor({ timeout: 60_000 });
        await waitForOutput(backend, /creating connection for/, 30_000);
        await new Promise(resolve => setTimeout(resolve, 2000));
        const port = backend.port;
        await backend.stop();
        await page.waitForFunction(() => document.body.classList.contains('theia-mod-offline'), null, { timeout: 30_000 });
        backend = await startBackend({ workspace, main, port });
        await answersHttp(backend.url);
        const tHttp = Date.now();
        // The channel is re-established when the new backend creates a connection for the tab; then an RPC must answer.
        if (!await waitForOutput(backend, /creating connection for/, LIMIT_MS)) {
            return undefined;
        }
        if (!stock) {
            await page.waitForFunction(() => document.querySelector('#status-bar-session-health-connection')?.classList.contains('session-health-connected'),
                null, { timeout: LIMIT_MS, polling: 20 });
        } else {
            await page.waitForFunction(() => !document.body.classList.contains('theia-mod-offline'), null, { timeout: LIMIT_MS, polling: 20 });
        }
        return Date.now() - tHttp;
    } catch {
        return undefined;
    } finally {
        await context.close();
        await backend.stop();
        fs.rmSync(workspace, { recursive: true, force: true });
    }
}

export async function runRecoveryBench(): Promise<BenchRow[]> {
    ensureStockApp();
    const ours: number[] = [];
    const stock: (number | undefined)[] = [];
    for (let i = 0; i < RUNS; i++) {
        const o = await restartRun(false);
        const s = await restartRun(true);
        process.stderr.write(`  run ${i + 1}: ours ${o ?? 'never'} ms, stock ${s ?? `never (${LIMIT_MS / 1000} s)`}\n`);
        if (o === undefined) {
            throw new Error(`run ${i + 1}: our IDE did not recover within ${LIMIT_MS / 1000} s`);
        }
        ours.push(o);
        stock.push(s);
    }
    const o = p50p95(ours);
    const recovered = stock.filter((s): s is number => s !== undefined);
    const stockRow: BenchRow = recovered.length === stock.length
        ? { name: 'restart → stock Theia usable', ...p50p95(recovered), unit: 'ms' }
        : { name: 'restart → stock Theia usable', p50: recovered.length * 2 > stock.length ? p50p95(recovered).p50 : 'never', p95: 'never', unit: 'ms',
            note: `${stock.length - recovered.length}/${stock.length} runs not recovered within ${LIMIT_MS / 1000} s without a reload` };
    return [
        { name: `restart → our IDE usable (${RUNS} runs)`, p50: o.p50, p95: o.p95, unit: 'ms', goal: 'p95 <= 3000 ms' },
        stockRow
    ];
}

if (require.main === module) {
    runStandalone(runRecoveryBench, closeSharedBrowser);
}
