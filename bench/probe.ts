// Benchmark: the full connection-path probe (no --hold, default 10 follow-up rounds) on loopback,
// directly against the real Theia backend and through a sticky nginx. Goal: p95 <= 3 s.
// Standalone: node -r ts-node/register bench/probe.ts
import * as fs from 'fs';
import { performance } from 'perf_hooks';
import { runProbe } from '../src/common/probe/probe-runner';
import { NodeProbeTransport } from '../src/node/probe/node-probe-transport';
import { startBackend } from '../test/helpers/theia-backend';
import { NGINX, RunningProxy, startNginx } from '../test/helpers/probe-proxies';
import { p50p95, table } from './bench-types';

const RUNS = 30;

export interface ProbeBenchRow {
    name: string;
    p50: number;
    p95: number;
    unit: string;
    goal?: string;
}

async function measure(url: string): Promise<{ p50: number; p95: number; verdicts: Set<string> }> {
    const samples: number[] = [];
    const verdicts = new Set<string>();
    await runProbe(url, new NodeProbeTransport()); // warm-up
    for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        const result = await runProbe(url, new NodeProbeTransport());
        samples.push(performance.now() - t);
        result.findings.forEach(f => verdicts.add(f.code));
    }
    return { ...p50p95(samples), verdicts };
}

export async function runProbeBench(): Promise<ProbeBenchRow[]> {
    const backend = await startBackend();
    let proxy: RunningProxy | undefined;
    try {
        const rows: ProbeBenchRow[] = [];
        const direct = await measure(backend.url);
        rows.push({ name: `probe, full, direct to backend (${[...direct.verdicts].join(',')})`, p50: direct.p50, p95: direct.p95, unit: 'ms', goal: 'p95 <= 3000 ms' });
        if (fs.existsSync(NGINX)) {
            proxy = await startNginx(`server { listen 127.0.0.1:PORT; location / { proxy_pass http://127.0.0.1:${backend.port};
                proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade; proxy_set_header Host $http_host; } }`);
            const viaNginx = await measure(proxy.url);
            rows.push({ name: `probe, full, through nginx (${[...viaNginx.verdicts].join(',')})`, p50: viaNginx.p50, p95: viaNginx.p95, unit: 'ms', goal: 'p95 <= 3000 ms' });
        }
        return rows;
    } finally {
        await proxy?.stop();
        await backend.stop();
    }
}

if (require.main === module) {
    runProbeBench().then(rows => {
        console.log(table(rows));
    }, e => {
        console.error(e);
        process.exitCode = 1;
    });
}
