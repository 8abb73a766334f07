// `npm run bench`: runs every benchmark in bench/ and prints one table (p50 / p95). A full run writes
// bench/results/latest.md and latest.json (committed next to the README table) with the machine, date and commit;
// a run of some benchmarks only (`npm run bench -- recovery`) writes bench/results/partial.* and leaves latest.* alone.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BenchRow, collectGarbage, table } from './bench-types';
import { closeSharedBrowser } from '../test/helpers/chromium';
import { stopAllBackends } from '../test/helpers/theia-backend';

type Bench = () => Promise<BenchRow[]>;

/** A bench module's file and one of its `run...Bench` functions (a module may export several). */
type Found = [file: string, name: string, bench: Bench];

/** Every `run...Bench` function of each bench module, in file order (a module without one adds nothing). */
function benches(): Found[] {
    const found: Found[] = [];
    for (const file of fs.readdirSync(__dirname).filter(f => f.endsWith('.ts') && !['run.ts', 'bench-types.ts'].includes(f)).sort()) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(path.join(__dirname, file)) as Record<string, unknown>;
        for (const [name, fn] of Object.entries(mod)) {
            if (/^run\w*Bench$/.test(name) && typeof fn === 'function') {
                found.push([file, name, fn as Bench]);
            }
        }
    }
    return found;
}

async function main(): Promise<void> {
    const only = process.argv.slice(2);
    const rows: BenchRow[] = [];
    for (const [file, name, bench] of benches()) {
        if (only.length && !only.some(o => file.includes(o))) {
            continue;
        }
        collectGarbage();
        process.stderr.write(`running ${file} (${name})...\n`);
        const started = Date.now();
        rows.push(...await bench());
        process.stderr.write(`  ${file} (${name}) took ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    }
    const text = table(rows);
    console.log(text);
    const env = runEnvironment();
    const out = path.join(__dirname, 'results');
    const base = only.length ? 'partial' : 'latest';
    fs.mkdirSync(out, { recursive: true });
    const machine = `${env.machine.cpuModel}, ${env.machine.cores} cores, ${env.machine.memoryGiB} GiB RAM; ${env.machine.os}; Node ${env.machine.node}`;
    fs.writeFileSync(path.join(out, `${base}.md`), [
        `# Benchmark results${only.length ? ` (only: ${only.join(', ')})` : ''}`, '',
        `- date: ${env.date}`,
        `- commit: ${env.commit}${env.dirty ? ' (with uncommitted changes)' : ''}`,
        `- machine: ${machine}`,
        `- load average at the start: ${env.loadAverage.map(l => l.toFixed(2)).join(' ')}`, '',
        text, ''
    ].join('\n'));
    fs.writeFileSync(path.join(out, `${base}.json`), JSON.stringify({ ...env, only: only.length ? only : undefined, rows }, null, 2) + '\n');
    process.stderr.write(`results written to ${path.relative(process.cwd(), path.join(out, base))}.md and .json\n`);
}

/** Date, commit and machine of this run. */
function runEnvironment(): {
    date: string; commit: string; dirty: boolean; loadAverage: number[];
    machine: { cpuModel: string; cores: number; memoryBytes: number; memoryGiB: number; os: string; node: string };
} {
    const git = (args: string[]) => {
        try {
            return execFileSync('git', args, { cwd: path.join(__dirname, '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
        } catch {
            return undefined;
        }
    };
    let osName = `${os.type()} ${os.release()}`;
    try {
        const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(fs.readFileSync('/etc/os-release', 'utf8'));
        osName = pretty ? `${pretty[1]} (kernel ${os.release()})` : osName;
    } catch {
        // not Linux
    }
    const cpus = os.cpus();
    return {
        date: new Date().toISOString(),
        commit: git(['rev-parse', 'HEAD']) ?? 'unknown (not a git checkout)',
        dirty: !!git(['status', '--porcelain', '--untracked-files=no']),
        loadAverage: startLoad,
        machine: {
            cpuModel: cpus[0]?.model.trim() ?? 'unknown', cores: cpus.length, memoryBytes: os.totalmem(),
            memoryGiB: Math.round(os.totalmem() / 2 ** 30 * 10) / 10, os: osName, node: process.versions.node
        }
    };
}

const startLoad = os.loadavg();

main().then(
    async () => { await closeSharedBrowser(); await stopAllBackends(); },
    async e => { console.error(e); await closeSharedBrowser(); await stopAllBackends(); process.exit(1); }
);
