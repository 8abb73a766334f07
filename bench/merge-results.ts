// Folds the last partial run (bench/results/partial.json, written by `npm run bench -- <names>`) into
// bench/results/latest.*: the partial run becomes the newest section, and rows of older runs that the new run measured
// again (same name once numbers are ignored: "over 30 fault runs" = "over 100 fault runs") are left out; a run left
// without rows goes. `TS_NODE_TRANSPILE_ONLY=true node -r ts-node/register bench/merge-results.ts`
import * as fs from 'fs';
import * as path from 'path';
import { BenchRow, table } from './bench-types';

export interface BenchRun {
    date: string;
    commit: string;
    dirty?: boolean;
    loadAverage: number[];
    machine: { cpuModel: string; cores: number; memoryGiB: number; os: string; node: string };
    only?: string[];
    rows: BenchRow[];
}

export interface MergedResults {
    merged: string;
    runs: BenchRun[];
}

const MERGED_NOTE = 'latest.* holds the newest run of each benchmark: the runs below, newest first (each partial run names its benchmarks)';

/** A row's identity across runs: its name without the numbers in it. */
export function rowKey(name: string): string {
    return name.replace(/[\d,.]+/g, '#').replace(/\s+/g, ' ').trim();
}

/**
 * Rows no benchmark measures any more, left out of every older run: the two-window idle rows of bench/connection.ts,
 * replaced by bench/idle-cost.ts (both tabs in the same windows, view closed and open), and mislabelled rows.
 */
export const RETIRED_ROWS: readonly string[] = [
    'idle wire cost over stock Theia', 'idle main-thread time over stock Theia',
    // the first idle-cost run's closed-view rows, their storage verdict cut short ("node" for node-local)
    'idle main-thread time over stock Theia, view closed, storage item node (12 × 20 s, both tabs at once)',
    'idle wire bytes over stock Theia, view closed, storage item node'
];

export function mergeRun(results: MergedResults, run: BenchRun): MergedResults {
    const measured = new Set([...run.rows, ...RETIRED_ROWS.map(name => ({ name }))].map(r => rowKey(r.name)));
    const older = results.runs
        .filter(r => r.date !== run.date)
        .map(r => ({ ...r, rows: r.rows.filter(row => !measured.has(rowKey(row.name))) }))
        .filter(r => r.rows.length > 0);
    return { merged: MERGED_NOTE, runs: [run, ...older].sort((a, b) => b.date.localeCompare(a.date)) };
}

export function resultsMarkdown(results: MergedResults): string {
    const lines = [
        '# Benchmark results', '',
        'The newest run of each benchmark, newest run first. Each section is one `npm run bench -- …` run with its own date,',
        'commit and load; rows of an older run are left out where a newer run measured the same benchmark.', ''
    ];
    for (const run of results.runs) {
        const when = `${run.date.slice(0, 10)} ${run.date.slice(11, 16)} UTC`;
        const m = run.machine;
        lines.push(
            `## ${when}: \`npm run bench${run.only ? ` -- ${run.only.join(' ')}` : ''}\``, '',
            `- commit: ${run.commit}${run.dirty ? ' (with uncommitted changes)' : ''}`,
            `- machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM; ${m.os}; Node ${m.node}`,
            `- load average at the start: ${run.loadAverage.map(l => l.toFixed(2)).join(' ')}`, '',
            table(run.rows), ''
        );
    }
    return lines.join('\n');
}

function main(): void {
    const dir = path.join(__dirname, 'results');
    const partial = JSON.parse(fs.readFileSync(path.join(dir, 'partial.json'), 'utf8')) as BenchRun;
    const latestFile = path.join(dir, 'latest.json');
    const latest = fs.existsSync(latestFile) ? JSON.parse(fs.readFileSync(latestFile, 'utf8')) as MergedResults | BenchRun : undefined;
    const results: MergedResults = !latest ? { merged: MERGED_NOTE, runs: [] } : 'runs' in latest ? latest : { merged: MERGED_NOTE, runs: [latest] };
    const merged = mergeRun(results, partial);
    fs.writeFileSync(latestFile, JSON.stringify(merged, null, 2) + '\n');
    fs.writeFileSync(path.join(dir, 'latest.md'), resultsMarkdown(merged));
    process.stderr.write(`merged the run of ${partial.date} (${partial.only?.join(', ') ?? 'all'}) into bench/results/latest.*: ${merged.runs.length} runs\n`);
}

if (require.main === module) {
    main();
}
