// Benchmark: silent-drop detection, ours against stock Theia's "Offline" in the same runs, and the
// steady-state cost of the heartbeat. Real backend, real Chromium, a TCP proxy that blackholes traffic.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startBackend } from '../test/helpers/theia-backend';
import { TcpProxy } from '../test/helpers/tcp-proxy';
import { closeSharedBrowser, sharedBrowser } from '../test/helpers/chromium';
import { openIde } from '../test/helpers/ide-page';
import { BenchRow, p50p95, runStandalone } from './bench-types';

const RUNS = Number(process.env.BENCH_RUNS || 7);
const STOCK_LIMIT_MS = 150_000;

interface RunResult { ours: number; stock: number | undefined }

async function blackholeRun(backendPort: number, startDelay: number): Promise<RunResult> {
    const proxy = new TcpProxy(backendPort);
    await proxy.listen();
    const ide = await openIde(proxy.url);
    try {
        await ide.page.evaluate(() => {
            const w = window as unknown as { __stockOffline?: number };
            new MutationObserver(() => {
                if (w.__stockOffline === undefined && document.body.classList.contains('theia-mod-offline')) {
                    w.__stockOffline = Date.now();
                }
            }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
        });
        await ide.waitForState('connected', 60_000);
        await new Promise(resolve => setTimeout(resolve, 5000 + startDelay)); // steady state, random heartbeat phase
        const t0 = Date.now();
        proxy.blackhole();
        await ide.waitForState('offline', 30_000);
        const ours = (await ide.recordedStates()).filter(s => s.state === 'offline' && s.at >= t0)[0].at - t0;
        process.stderr.write(`  run: ours ${ours} ms; waiting for stock Theia's Offline (up to ${STOCK_LIMIT_MS / 1000} s)\n`);
        let stock: number | undefined;
        try {
            await ide.page.waitForFunction(() => (window as unknown as { __stockOffline?: number }).__stockOffline !== undefined, null, { timeout: STOCK_LIMIT_MS, polling: 200 });
            stock = await ide.page.evaluate(() => (window as unknown as { __stockOffline: number }).__stockOffline) - t0;
        } catch {
            stock = undefined;
        }
        process.stderr.write(`  run: stock ${stock ?? 'never'} ms\n`);
        return { ours, stock };
    } finally {
        await ide.close();
        await proxy.close();
    }
}

async function idleCost(backendPort: number, seconds: number): Promise<{ bytesPerSecond: number; cpuMsPerSecond: number }> {
    const proxy = new TcpProxy(backendPort);
    await proxy.listen();
    const ide = await openIde(proxy.url);
    try {
        await ide.waitForState('connected', 60_000);
        await new Promise(resolve => setTimeout(resolve, 5000));
        const cdp = await ide.context.newCDPSession(ide.page);
        await cdp.send('Performance.enable');
        const taskDuration = async () => ((await cdp.send('Performance.getMetrics')).metrics.find(m => m.name === 'TaskDuration')?.value ?? 0);
        const bytes0 = proxy.bytesUp + proxy.bytesDown;
        const cpu0 = await taskDuration();
        await new Promise(resolve => setTimeout(resolve, seconds * 1000));
        const bytes1 = proxy.bytesUp + proxy.bytesDown;
        const cpu1 = await taskDuration();
        return { bytesPerSecond: (bytes1 - bytes0) / seconds, cpuMsPerSecond: (cpu1 - cpu0) * 1000 / seconds };
    } finally {
        await ide.close();
        await proxy.close();
    }
}

export async function runConnectionBench(): Promise<BenchRow[]> {
    const backend = await startBackend();
    // Baseline backend: same IDE, heartbeat slowed to once a minute through the user settings.
    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-bench-'));
    fs.writeFileSync(path.join(configDir, 'settings.json'), JSON.stringify({ 'sessionHealth.heartbeatInterval': 60000, 'sessionHealth.heartbeatTimeout': 120000 }));
    const quiet = await startBackend({ env: { THEIA_CONFIG_DIR: configDir } });
    try {
        await sharedBrowser();
        // Runs overlap: stock Theia needs ~80 s per run; each run has its own proxy and tab.
        // Runs are staggered 15 s apart so that the measured seconds of one run never overlap another's.
        const results = await Promise.all(Array.from({ length: RUNS }, async (_, i) => {
            await new Promise(resolve => setTimeout(resolve, i * 15_000));
            return blackholeRun(backend.port, Math.round((i * 1000) / RUNS));
        }));
        const ours = p50p95(results.map(r => r.ours));
        const stockSamples = results.map(r => r.stock ?? STOCK_LIMIT_MS);
        const stock = p50p95(stockSamples);
        const withHeartbeat = await idleCost(backend.port, 20);
        const baseline = await idleCost(quiet.port, 20).catch(e => {
            throw new Error(`${e}\nbaseline backend exit code: ${quiet.process.exitCode}, signal ${quiet.process.signalCode}\n${quiet.output().slice(-4000)}`);
        });
        const rows: BenchRow[] = [
            { name: `silent drop → our offline (${RUNS} runs)`, p50: ours.p50 / 1000, p95: ours.p95 / 1000, unit: 's', goal: 'p95 <= 3 s' },
            {
                name: 'silent drop → stock theia-mod-offline (same runs)', p50: stock.p50 / 1000, p95: stock.p95 / 1000, unit: 's',
                note: results.some(r => r.stock === undefined) ? `some runs > ${STOCK_LIMIT_MS / 1000} s` : ''
            },
            { name: 'ratio stock / ours', p50: stock.p50 / ours.p50, p95: stock.p95 / ours.p95, unit: '×' },
            {
                name: 'heartbeat wire cost (idle IDE, 1 s interval)', p50: withHeartbeat.bytesPerSecond - baseline.bytesPerSecond, p95: '–', unit: 'B/s',
                note: `idle total ${withHeartbeat.bytesPerSecond.toFixed(0)} B/s vs ${baseline.bytesPerSecond.toFixed(0)} B/s at 60 s interval`
            },
            {
                name: 'heartbeat frontend CPU (idle IDE)', p50: withHeartbeat.cpuMsPerSecond - baseline.cpuMsPerSecond, p95: '–', unit: 'ms/s',
                note: `main-thread task time ${withHeartbeat.cpuMsPerSecond.toFixed(2)} vs ${baseline.cpuMsPerSecond.toFixed(2)} ms/s`
            }
        ];
        return rows;
    } finally {
        await quiet.stop();
        await backend.stop();
        fs.rmSync(configDir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    runStandalone(runConnectionBench, closeSharedBrowser);
}
