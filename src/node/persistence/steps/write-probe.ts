// *****************************************************************************
// Step 2, write probe: prepares the check directory (no links followed), takes the cross-process lock, then
// 1 MiB random → fsync file and directory → read back → SHA-256 → atomic rename → delete.
// *****************************************************************************

import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { LOCK_FILE_NAME, PROBE_BYTES } from '../../../common/persistence/persistence-protocol';
import { prepareDirectory } from '../../ledger/check-directory';
import { CheckRefusal, errnoCode, LockTimeoutError } from '../../ledger/check-errors';
import { CheckStep, StepOutcome } from '../check-step';
import { acquireLockFile } from '../persistence-lock';
import { DirectoryStamp, exists, fsyncDirectory, openVerified } from '../../ledger/safe-files';

const O = fs.constants;
const DEFAULT_LOCK_TIMEOUT_MS = 60000;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
    const t = performance.now();
    const value = await fn();
    return [value, performance.now() - t];
}

const ms = (n: number) => Math.round(n * 100) / 100;

/** The probe itself; probe files are removed on every path. */
export async function writeProbe(dir: DirectoryStamp): Promise<StepOutcome> {
    const base = `probe-${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
    const first = path.join(dir.path, `${base}.tmp`);
    const renamed = path.join(dir.path, `${base}.renamed`);
    const present = new Set<string>();
    const numbers: Record<string, number> = { bytes: PROBE_BYTES };
    try {
        const data = crypto.randomBytes(PROBE_BYTES);
        const expected = crypto.createHash('sha256').update(data).digest('hex');
        const handle = await openVerified(first, O.O_WRONLY | O.O_CREAT | O.O_EXCL, dir);
        present.add(first);
        try {
            const [, writeMs] = await timed(() => handle.writeFile(data));
            numbers.writeMs = ms(writeMs);
            const [, fsyncFileMs] = await timed(() => handle.sync());
            numbers.fsyncFileMs = ms(fsyncFileMs);
        } finally {
            await handle.close();
        }
        const [, fsyncDirMs] = await timed(() => fsyncDirectory(dir.path));
        numbers.fsyncDirMs = ms(fsyncDirMs);
        numbers.fsyncMs = ms(numbers.fsyncFileMs + fsyncDirMs);
        const [back, readMs] = await timed(async () => {
            const reader = await openVerified(first, O.O_RDONLY, dir);
            try {
                return await reader.readFile();
            } finally {
                await reader.close();
            }
        });
        numbers.readMs = ms(readMs);
        const actual = crypto.createHash('sha256').update(back).digest('hex');
        if (actual !== expected || back.length !== PROBE_BYTES) {
            return {
                verdict: 'fail', numbers, reason: `The data read back differs from what was written (${back.length} bytes, SHA-256 ${actual.slice(0, 12)} ≠ ${expected.slice(0, 12)}): the storage corrupts data.`,
                remediation: 'The volume returns wrong data: check the disk or network storage (dmesg, the storage provider\'s status) before trusting it with work.'
            };
        }
        if (await exists(renamed)) {
            throw new CheckRefusal(`${renamed} exists already`, 'Remove stray probe files from the check directory.', 'EEXIST');
        }
        const [, renameMs] = await timed(async () => {
            await fs.promises.rename(first, renamed);
            present.delete(first);
            present.add(renamed);
            await fsyncDirectory(dir.path);
        });
        numbers.renameMs = ms(renameMs);
        const after = await fs.promises.lstat(renamed);
        if (!after.isFile() || after.size !== PROBE_BYTES) {
            throw new CheckRefusal(`${renamed} is not the probe file after the rename`, 'Another process touches the check directory; find it.', 'EIO');
        }
        await fs.promises.unlink(renamed);
        present.delete(renamed);
        await fsyncDirectory(dir.path);
        const mbps = (PROBE_BYTES / 1e6) / Math.max(0.001, (numbers.writeMs + numbers.fsyncFileMs) / 1000);
        return {
            verdict: 'pass', numbers: { ...numbers, writeMBps: Math.round(mbps * 10) / 10 },
            reason: `Wrote 1 MiB, synced it to disk, read it back identical (SHA-256), renamed and deleted it: write ${numbers.writeMs} ms, fsync ${numbers.fsyncMs} ms, read ${numbers.readMs} ms.`
        };
    } finally {
        for (const p of present) {
            await fs.promises.unlink(p).catch(() => undefined);
        }
    }
}

export const writeProbeStep: CheckStep = {
    id: 'write-probe',
    doing: ctx => `Writing the probe in ${ctx.dir}`,
    failureNumbers: ctx => ({ directory: ctx.dir ?? '' }),
    async run(ctx) {
        ctx.stamp = await prepareDirectory(ctx.root!, ctx.segments!, ctx.created);
        try {
            ctx.lock = await acquireLockFile(ctx.stamp.path, LOCK_FILE_NAME, ctx.options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
        } catch (e) {
            if (e instanceof LockTimeoutError || e instanceof CheckRefusal || errnoCode(e) === 'ELOOP') {
                throw e;
            }
            // EROFS / ENOSPC / EACCES: the probe below reports it; the in-process mutex still serializes.
        }
        const outcome = await writeProbe(ctx.stamp);
        if (ctx.lock) {
            outcome.numbers.lockWaitMs = ctx.lock.waitedMs;
        }
        return outcome;
    }
};

/** The write probe when the directory setting is unusable: a failed step that says why. */
export function refusedDirectoryStep(error: string): CheckStep {
    return {
        id: 'write-probe',
        doing: () => 'Checking the directory setting',
        run: async () => ({ verdict: 'fail', numbers: {}, reason: `sessionHealth.persistenceCheck.directory ${error}.`, remediation: 'Set a relative directory inside the workspace, e.g. .theia/session-health.' })
    };
}
