// Shared shape of benchmark results and the table printer.
import * as v8 from 'v8';
import * as vm from 'vm';
import { percentile } from '../src/browser/connection/state/round-trip-window';

export interface BenchRow {
    name: string;
    p50: number | string;
    p95: number | string;
    unit: string;
    goal?: string;
    note?: string;
}

export function p50p95(samples: number[]): { p50: number; p95: number } {
    const sorted = samples.slice().sort((a, b) => a - b);
    return { p50: percentile(sorted, 50) ?? NaN, p95: percentile(sorted, 95) ?? NaN };
}

let gc: (() => void) | undefined;

/**
 * A full garbage collection of the bench process, between benches: the process is also the load generator, and the
 * garbage one bench leaves (the log export bench: about 70 MB of latency buffers) made the next one's load generator
 * slower: the ingest bench measured 4,150 batches/s right after it against 6,250-6,500 from a clean heap.
 */
export function collectGarbage(): void {
    if (!gc) {
        try {
            v8.setFlagsFromString('--expose-gc');
            gc = vm.runInNewContext('gc') as () => void;
        } catch (error) {
            console.warn(`bench: cannot collect garbage between benches (${error}); the results may depend on the order they ran in`);
            gc = () => undefined;
        }
    }
    gc();
}

function fmt(v: number | string): string {
    if (typeof v === 'string') {
        return v;
    }
    return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
}

export function table(rows: BenchRow[]): string {
    const header = ['benchmark', 'p50', 'p95', 'unit', 'goal', 'note'];
    const body = rows.map(r => [r.name, fmt(r.p50), fmt(r.p95), r.unit, r.goal ?? '', r.note ?? '']);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map(b => b[i].length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
    return [line(header), `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

/** For `node -r ts-node/register bench/<one>.ts`: runs one benchmark, prints its table, always closes the browser. */
export function runStandalone(bench: () => Promise<BenchRow[]>, cleanup: () => Promise<void> = async () => undefined): void {
    bench().then(async rows => {
        console.log(table(rows));
        await cleanup();
    }, async e => {
        console.error(e);
        await cleanup();
        process.exit(1);
    });
}
