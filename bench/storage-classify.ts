// Benchmark: classification of one path against a generated 500-line mountinfo (goal: p50 <= 20 ms).
// Standalone: node -r ts-node/register bench/storage-classify.ts
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { classifyPath } from '../src/node/storage/classify-path';
import { classifyMount } from '../src/node/storage/storage-classifier';
import { parseMountInfo } from '../src/node/storage/mountinfo-parser';
import { matchesMountPattern } from '../src/node/storage/mount-pattern';
import { table } from './bench-types';

export interface BenchResult {
    name: string;
    p50: number;
    p95: number;
    unit: string;
    goal?: string;
}

/** A pod-like mount table: overlay root, kubelet binds, tmpfs secrets, CSI volumes, nested mounts; `lines` long. */
export function generateMountInfo(lines: number, target: string): string {
    const out: string[] = ['1 0 0:100 / / rw,relatime master:1 - overlay overlay rw,lowerdir=/l1:/l2,upperdir=/u,workdir=/w'];
    const uid = '7f3c0a4e-2b1d-4c55-9a8e-1f2e3d4c5b6a';
    for (let i = 2; out.length < lines - 1; i++) {
        switch (i % 5) {
            case 0: out.push(`${i} 1 0:${200 + i} / /var/run/secrets/sa-${i} ro,relatime - tmpfs tmpfs rw,size=1024k`); break;
            case 1: out.push(`${i} 1 259:1 /var/lib/kubelet/pods/${uid}/volumes/kubernetes.io~empty-dir/v${i} /scratch/v${i} rw - ext4 /dev/nvme0n1p1 rw`); break;
            case 2: out.push(`${i} 1 259:${i} / /mnt/pv-${i} rw,relatime - ext4 /dev/nvme${i}n1 rw`); break;
            case 3: out.push(`${i} 1 259:1 /var/lib/kubelet/pods/${uid}/volumes/kubernetes.io~csi/pvc-${i}/mount /data/d\\040${i} rw - xfs /dev/nvme0n1p1 rw`); break;
            default: out.push(`${i} ${i - 1} 0:${300 + i} / /mnt/pv-${i - 2}/nested-${i} rw - nfs4 10.0.0.${i % 250}:/exports/${i} rw,vers=4.1`);
        }
    }
    out.push(`${lines} 1 0:999 / ${target} rw,relatime - tmpfs tmpfs rw,size=1024k`);
    return out.join('\n') + '\n';
}

function percentile(sorted: number[], p: number): number {
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function measure(iterations: number, run: () => unknown): Promise<{ p50: number; p95: number }> {
    for (let i = 0; i < 20; i++) {
        await run();
    }
    const samples: number[] = [];
    for (let i = 0; i < iterations; i++) {
        const start = performance.now();
        await run();
        samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    return { p50: percentile(samples, 0.5), p95: percentile(samples, 0.95) };
}

export async function runStorageBench(): Promise<BenchResult[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-storage-bench-'));
    try {
        const target = fs.realpathSync(dir);
        const text = generateMountInfo(500, target);
        if (text.trim().split('\n').length !== 500) {
            throw new Error('the generated mountinfo does not have 500 lines');
        }
        const file = path.join(dir, 'mountinfo');
        fs.writeFileSync(file, text);
        const full = await measure(300, async () => {
            const r = await classifyPath(target, { mountInfoPath: file, kubernetes: false, env: {} });
            if (r.evidence.mountPoint !== target) {
                throw new Error(`the classifier did not find the generated mount: ${r.evidence.reason}`);
            }
        });
        const pure = await measure(1000, () => classifyMount({ path: target + '/x', platform: 'linux', mountInfo: parseMountInfo(text) }));
        // Admin patterns built to be slow (up to 0.1.0, 16 `**` blocked the event loop ~10 s), one 4096-character mount point.
        const worst = ['/' + '**a'.repeat(85), '/' + '*a'.repeat(127), '/' + '**/a'.repeat(63) + 'c', '/' + '**a*'.repeat(63), '?'.repeat(255) + 'c'];
        const longMount = '/' + 'a/'.repeat(2047) + 'b';
        const patterns = await measure(200, () => {
            if (matchesMountPattern(longMount, worst)) {
                throw new Error('a worst-case pattern matched');
            }
        });
        return [
            { name: 'storage: 5 worst-case mount patterns (<= 256 chars) vs a 4096-char mount point', p50: patterns.p50, p95: patterns.p95, unit: 'ms', goal: 'p50 <= 5 ms' },
            { name: 'storage: classifyPath, 500-line mountinfo (read + parse + realpath + statfs)', p50: full.p50, p95: full.p95, unit: 'ms', goal: 'p50 <= 20 ms' },
            { name: 'storage: parse + classify only, 500-line mountinfo', p50: pure.p50, p95: pure.p95, unit: 'ms' }
        ];
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    runStorageBench().then(results => {
        console.log(table(results));
    }, e => {
        console.error(e instanceof Error ? e.message : String(e));
        process.exitCode = 1;
    });
}
