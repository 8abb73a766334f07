// Support bundle (issue 15): size and time of the browser bundle (command to download, in Chromium) and of the
// server bundle (`session-health bundle`, request to written answer) on a backend whose store holds
// SEED_RECORDS report records of the last 24 h. Goals: <= 1 MB and <= 3 s each.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BenchRow, p50p95, runStandalone } from './bench-types';
import { closeSharedBrowser } from '../test/helpers/chromium';
import { startBackend } from '../test/helpers/theia-backend';
import { connectTheiaClient } from '../test/helpers/theia-client';
import { openIde } from '../test/helpers/ide-page';
import { runFromPalette } from '../test/helpers/command-palette';
import { REPO_ROOT, TEST_TMP } from '../test/helpers/paths';
import { validBatch } from '../test/helpers/reports-fixtures';
import { MAX_RECORDS_PER_BATCH, REPORTS_SERVICE_PATH, ReportsService } from '../src/common/reports/reports-protocol';
import { ADMIN_TOKEN_ENV } from '../src/node/reports/reports-env';

const RUNS = Number(process.env.BENCH_RUNS || 7);
const SEED_RECORDS = Number(process.env.BENCH_BUNDLE_RECORDS || 20000);
const ADMIN = 'bench-bundle-admin-token';
const CLI = path.join(REPO_ROOT, 'lib', 'node', 'cli', 'session-health.js');

function cliBundle(url: string, out: string): Promise<{ ms: number; bytes: number }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, 'bundle', '--url', url, '--out', out], { env: { ...process.env, [ADMIN_TOKEN_ENV]: ADMIN } });
        let err = '';
        child.stderr.on('data', d => { err += d; });
        child.on('error', reject);
        child.on('close', code => {
            const m = /\((\d+) bytes, made in (\d+) ms\)/.exec(err);
            return code === 0 && m ? resolve({ bytes: Number(m[1]), ms: Number(m[2]) }) : reject(new Error(`session-health bundle exited ${code}: ${err}`));
        });
    });
}

export async function runBundleBench(): Promise<BenchRow[]> {
    const dataDir = path.join(TEST_TMP, `bench-bundle-${process.pid}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true });
    const backend = await startBackend({ env: { SESSION_HEALTH_DATA_DIR: dataDir, [ADMIN_TOKEN_ENV]: ADMIN } });
    try {
        const client = await connectTheiaClient(backend.url);
        try {
            const service = await client.createProxy<ReportsService>(REPORTS_SERVICE_PATH);
            const batch = MAX_RECORDS_PER_BATCH / 2; // stays under the 64 KiB batch limit
            for (let n = 0; n < SEED_RECORDS; n += batch) {
                await service.submit({ records: validBatch(Math.min(batch, SEED_RECORDS - n), 'summary').map(r => ({ ...r, tabId: client.frontendId, fields: {} })) });
            }
        } finally {
            client.close();
        }
        const server: { ms: number; bytes: number }[] = [];
        for (let i = 0; i < RUNS; i++) {
            server.push(await cliBundle(backend.url, path.join(dataDir, `server-${i}.json`)));
        }
        const ide = await openIde(backend.url);
        const browser: { bytes: number; durationMs: number }[] = [];
        try {
            await ide.waitForState('connected', 60000);
            for (let i = 0; i < RUNS; i++) {
                await Promise.all([ide.page.waitForEvent('download', { timeout: 30000 }), runFromPalette(ide.page, 'Session Health: Export Support Bundle…')]);
                browser.push((await ide.page.evaluate(() => (window as unknown as { __sessionHealthBundle: { last: { bytes: number; durationMs: number } } }).__sessionHealthBundle.last))!);
            }
        } finally {
            await ide.close();
        }
        const kb = (xs: number[]) => p50p95(xs.map(x => x / 1024));
        return [
            { name: 'bundle: browser, size', ...kb(browser.map(b => b.bytes)), unit: 'KiB', goal: '<= 1024', note: 'ConnectionHistory samples included only where bound' },
            { name: 'bundle: browser, command to download', ...p50p95(browser.map(b => b.durationMs)), unit: 'ms', goal: '<= 3000' },
            { name: `bundle: server (CLI), size, ${SEED_RECORDS} records stored`, ...kb(server.map(s => s.bytes)), unit: 'KiB', goal: '<= 1024' },
            { name: `bundle: server (CLI), request to answer, ${SEED_RECORDS} records`, ...p50p95(server.map(s => s.ms)), unit: 'ms', goal: '<= 3000' }
        ];
    } finally {
        await backend.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    runStandalone(runBundleBench, closeSharedBrowser);
}
