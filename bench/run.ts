// `npm run bench`: runs every benchmark in bench/ and prints one table (p50 / p95), also saved to bench/results/.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BenchRow, table } from './bench-types';
import { closeSharedBrowser } from '../test/helpers/chromium';
import { stopAllBackends } from '../test/helpers/theia-backend';

type Bench = () => Promise<BenchRow[]>;

/** Each bench module exports one `run...Bench` function; a missing one is skipped. */
function benches(): [string, Bench][] {
    const found: [string, Bench][] = [];
    for (const file of fs.readdirSync(__dirname).filter(f => f.endsWith('.ts') && !['run.ts', 'bench-types.ts'].includes(f)).sort()) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(path.join(__dirname, file)) as Record<string, unknown>;
        for (const [name, fn] of Object.entries(mod)) {
            if (/^run\w*Bench$/.test(name) && typeof fn === 'function') {
                found.push([file, fn as Bench]);
            }
        }
    }
    return found;
}

async function main(): Promise<void> {
    const only = process.argv.slice(2);
    const rows: BenchRow[] = [];
    for (const [file, bench] of benches()) {
        if (only.length && !only.some(o => file.includes(o))) {
            continue;
        }
        process.stderr.write(`running ${file}...\n`);
        const started = Date.now();
        rows.push(...await bench());
        process.stderr.write(`  ${file} took ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    }
    const text = table(rows);
    console.log(text);
    const out = path.join(__dirname, 'results');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'latest.md'), `${new Date().toISOString()} on ${os.cpus().length} cores\n\n${text}\n`);
    fs.writeFileSync(path.join(out, 'latest.json'), JSON.stringify(rows, null, 2));
}

main().then(
    async () => { await closeSharedBrowser(); await stopAllBackends(); },
    async e => { console.error(e); await closeSharedBrowser(); await stopAllBackends(); process.exit(1); }
);
