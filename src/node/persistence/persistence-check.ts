// *****************************************************************************
// The persistence check: classification, write probe, space, permissions, restart survival, Kubernetes.
// Writes only inside its own directory below the workspace root, never follows a symlink there,
// removes its probe files on every path, and serializes checks of one workspace.
// *****************************************************************************

import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { performance } from 'perf_hooks';
import { StorageClassification } from '../../common/storage/storage-protocol';
import {
    checkDirectorySetting, classificationOutcome, compactLedger, errnoCode, fsRemediation, kubernetesInfo, kubernetesOutcome, LEDGER_MAX_ENTRIES,
    ledgerLine, makeStep, overallVerdict, parseLedger, plainFsReason, spaceOutcome, StepOutcome, survivalOutcome, thresholds
} from '../../common/persistence/persistence-logic';
import {
    LEDGER_FILE_NAME, LedgerEntry, LOCK_FILE_NAME, PersistenceCheckRequest, PersistenceReport, PersistenceStep, PersistenceStepId, PROBE_BYTES
} from '../../common/persistence/persistence-protocol';
import { ClassifyPathOptions, classifyPath } from '../storage/classify-path';
import { acquireLockFile, HeldLock, LockTimeoutError, withRootMutex } from './persistence-lock';

const O = fs.constants;
const MAX_LEDGER_BYTES = 4 * 1024 * 1024;

export interface CheckIdentity {
    id: string;
    hostname: string;
    startedAt: string;
    source: 'ide' | 'cli';
}

export interface PersistenceCheckOptions {
    instance: CheckIdentity;
    /** Options for classifyPath (tests pass env / kubernetes: false). */
    classifyOptions?: ClassifyPathOptions;
    /** Replaces classifyPath (embedders with their own source of truth). */
    classify?: (root: string) => Promise<StorageClassification>;
    /** How long to wait for another check of the same workspace. Default 60 s. */
    lockTimeoutMs?: number;
}

/** A refusal of the check itself (symlink, not a directory): a failed step with this reason. */
class CheckRefusal extends Error {
    constructor(message: string, readonly remediation: string, readonly code = 'ELOOP') {
        super(message);
    }
}

function toFsPath(p: string): string | undefined {
    if (p.startsWith('file:')) {
        try {
            return fileURLToPath(p);
        } catch {
            return undefined;
        }
    }
    return p.startsWith('/') ? path.resolve(p) : undefined;
}

function reasonOf(e: unknown, what: string): { reason: string; remediation: string } {
    if (e instanceof CheckRefusal) {
        return { reason: `${what} refused: ${e.message}`, remediation: e.remediation };
    }
    if (e instanceof LockTimeoutError) {
        return { reason: `${what} not run: ${e.message}`, remediation: 'Wait for the other check to finish, or remove the lock file if no check is running.' };
    }
    return { reason: plainFsReason(e, what), remediation: fsRemediation(e) };
}

const skipped = (why: string): StepOutcome => ({ verdict: 'skipped', numbers: {}, reason: why });

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
    const t = performance.now();
    const value = await fn();
    return [value, performance.now() - t];
}

/** Creates the check's directory segment by segment below the root, refusing symlinks and non-directories. */
async function prepareDirectory(root: string, segments: string[], created: string[]): Promise<string> {
    let current = root;
    for (const segment of segments) {
        current = path.join(current, segment);
        let stat: fs.Stats | undefined;
        try {
            stat = await fs.promises.lstat(current);
        } catch (e) {
            if (errnoCode(e) !== 'ENOENT') {
                throw e;
            }
        }
        if (!stat) {
            await fs.promises.mkdir(current, { mode: 0o700 });
            created.push(current);
            stat = await fs.promises.lstat(current);
        }
        if (stat.isSymbolicLink()) {
            throw new CheckRefusal(`${current} is a symbolic link; the check does not follow links out of its own directory`,
                `Remove the link ${current} (the check recreates its directory) or point sessionHealth.persistenceCheck.directory elsewhere.`);
        }
        if (!stat.isDirectory()) {
            throw new CheckRefusal(`${current} exists and is not a directory`, `Move ${current} away or set sessionHealth.persistenceCheck.directory to another place.`, 'ENOTDIR');
        }
    }
    return current;
}

async function fsyncDirectory(dir: string): Promise<void> {
    const handle = await fs.promises.open(dir, O.O_RDONLY | O.O_DIRECTORY | O.O_NOFOLLOW);
    try {
        await handle.sync();
    } finally {
        await handle.close();
    }
}

/** 1 MiB random → fsync file and directory → read back → SHA-256 → atomic rename → delete. */
async function writeProbe(dir: string): Promise<StepOutcome> {
    const base = `probe-${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
    const first = path.join(dir, `${base}.tmp`);
    const renamed = path.join(dir, `${base}.renamed`);
    const present = new Set<string>();
    const numbers: Record<string, number> = { bytes: PROBE_BYTES };
    const ms = (n: number) => Math.round(n * 100) / 100;
    try {
        const data = crypto.randomBytes(PROBE_BYTES);
        const expected = crypto.createHash('sha256').update(data).digest('hex');
        const handle = await fs.promises.open(first, O.O_WRONLY | O.O_CREAT | O.O_EXCL | O.O_NOFOLLOW, 0o600);
        present.add(first);
        try {
            const [, writeMs] = await timed(() => handle.writeFile(data));
            numbers.writeMs = ms(writeMs);
            const [, fsyncFileMs] = await timed(() => handle.sync());
            numbers.fsyncFileMs = ms(fsyncFileMs);
        } finally {
            await handle.close();
        }
        const [, fsyncDirMs] = await timed(() => fsyncDirectory(dir));
        numbers.fsyncDirMs = ms(fsyncDirMs);
        numbers.fsyncMs = ms(numbers.fsyncFileMs + fsyncDirMs);
        const [back, readMs] = await timed(async () => {
            const reader = await fs.promises.open(first, O.O_RDONLY | O.O_NOFOLLOW);
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
        if (await fs.promises.lstat(renamed).then(() => true, () => false)) {
            throw new CheckRefusal(`${renamed} exists already`, 'Remove stray probe files from the check directory.', 'EEXIST');
        }
        const [, renameMs] = await timed(async () => {
            await fs.promises.rename(first, renamed);
            present.delete(first);
            present.add(renamed);
            await fsyncDirectory(dir);
        });
        numbers.renameMs = ms(renameMs);
        const after = await fs.promises.lstat(renamed);
        if (!after.isFile() || after.size !== PROBE_BYTES) {
            throw new CheckRefusal(`${renamed} is not the probe file after the rename`, 'Another process touches the check directory; find it.', 'EIO');
        }
        await fs.promises.unlink(renamed);
        present.delete(renamed);
        await fsyncDirectory(dir);
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

async function spaceStep(target: string, request: PersistenceCheckRequest): Promise<StepOutcome> {
    const s = await fs.promises.statfs(target);
    return spaceOutcome({
        freeBytes: Number(s.bavail) * Number(s.bsize), totalBytes: Number(s.blocks) * Number(s.bsize),
        freeInodes: Number(s.ffree), totalInodes: Number(s.files)
    }, thresholds(request));
}

async function permissionsStep(root: string): Promise<StepOutcome> {
    const stat = await fs.promises.stat(root);
    const uid = typeof process.getuid === 'function' ? process.getuid() : -1;
    const numbers: Record<string, string | number | boolean> = { ownerUid: stat.uid, ownerGid: stat.gid, mode: '0' + (stat.mode & 0o7777).toString(8), processUid: uid };
    try {
        await fs.promises.access(root, fs.constants.W_OK | fs.constants.X_OK);
        numbers.writable = true;
    } catch (e) {
        numbers.writable = false;
        const r = reasonOf(e, `Writing the workspace root ${root} as uid ${uid}`);
        return { verdict: 'fail', numbers, reason: `${r.reason} Owner uid ${stat.uid}, gid ${stat.gid}, mode ${numbers.mode}.`, remediation: r.remediation };
    }
    return { verdict: 'pass', numbers, reason: `The IDE's user (uid ${uid}) can write the workspace root; owner uid ${stat.uid}, gid ${stat.gid}, mode ${numbers.mode}.` };
}

async function readLedger(file: string): Promise<{ entries: LedgerEntry[]; unreadable: number }> {
    let stat: fs.Stats;
    try {
        stat = await fs.promises.lstat(file);
    } catch (e) {
        if (errnoCode(e) === 'ENOENT') {
            return { entries: [], unreadable: 0 };
        }
        throw e;
    }
    if (stat.isSymbolicLink()) {
        throw new CheckRefusal(`the ledger ${file} is a symbolic link`, `Remove the link ${file}; the check keeps its ledger in a regular file.`);
    }
    if (!stat.isFile()) {
        throw new CheckRefusal(`the ledger ${file} is not a regular file`, `Move ${file} away.`, 'ENOTDIR');
    }
    const handle = await fs.promises.open(file, O.O_RDONLY | O.O_NOFOLLOW);
    try {
        const size = Math.min((await handle.stat()).size, MAX_LEDGER_BYTES);
        const buffer = Buffer.alloc(size);
        await handle.read(buffer, 0, size, Math.max(0, (await handle.stat()).size - size));
        return parseLedger(buffer.toString('utf8'));
    } finally {
        await handle.close();
    }
}

/** Appends one line (O_APPEND, fsync); on failure the file is cut back to its old length. Rewrites atomically when too long. */
async function appendLedger(dir: string, file: string, entries: readonly LedgerEntry[], entry: LedgerEntry): Promise<void> {
    if (entries.length + 1 > LEDGER_MAX_ENTRIES) {
        const tmp = path.join(dir, `${LEDGER_FILE_NAME}.${crypto.randomBytes(6).toString('hex')}.tmp`);
        const handle = await fs.promises.open(tmp, O.O_WRONLY | O.O_CREAT | O.O_EXCL | O.O_NOFOLLOW, 0o600);
        try {
            await handle.writeFile(compactLedger([...entries, entry]).map(ledgerLine).join(''));
            await handle.sync();
            await handle.close();
            await fs.promises.rename(tmp, file);
        } catch (e) {
            await handle.close().catch(() => undefined);
            await fs.promises.unlink(tmp).catch(() => undefined);
            throw e;
        }
        await fsyncDirectory(dir);
        return;
    }
    const existed = await fs.promises.lstat(file).then(() => true, () => false);
    const handle = await fs.promises.open(file, O.O_WRONLY | O.O_APPEND | O.O_CREAT | O.O_NOFOLLOW, 0o600);
    let size = 0;
    try {
        size = (await handle.stat()).size;
        await handle.write(ledgerLine(entry));
        await handle.sync();
    } catch (e) {
        await handle.truncate(size).catch(() => undefined);
        await handle.close().catch(() => undefined);
        if (!existed) {
            await fs.promises.unlink(file).catch(() => undefined);
        }
        throw e;
    }
    await handle.close();
    if (!existed) {
        await fsyncDirectory(dir);
    }
}

async function bornAt(p: string): Promise<string | undefined> {
    try {
        const stat = await fs.promises.stat(p);
        return stat.birthtimeMs > 0 ? stat.birthtime.toISOString() : undefined;
    } catch {
        return undefined;
    }
}

/** Runs the whole check. Never rejects for file system problems: they are failed steps. */
export async function runPersistenceCheck(request: PersistenceCheckRequest, options: PersistenceCheckOptions): Promise<PersistenceReport> {
    const started = performance.now();
    const checkedAt = new Date().toISOString();
    const steps: PersistenceStep[] = [];
    const add = (id: PersistenceStepId, ms: number, outcome: StepOutcome) => steps.push(makeStep(id, ms, outcome));
    const asked = typeof request?.path === 'string' ? request.path : '';
    const report = (extra: Partial<PersistenceReport>): PersistenceReport => ({
        formatVersion: 1,
        path: asked,
        checkedAt,
        durationMs: Math.round(performance.now() - started),
        ...overallVerdict(steps),
        steps,
        ledger: { file: '', entries: 0, instances: 0, restartsSurvived: 0, unreadableLines: 0 },
        instance: { ...options.instance },
        ...extra
    });
    const skipRest = (why: string) => {
        for (const id of ['write-probe', 'space', 'permissions', 'restart-survival'] as const) {
            add(id, 0, skipped(why));
        }
    };

    // 1. Classification, after making sure the root is an existing directory.
    const t1 = performance.now();
    const fsPath = toFsPath(asked);
    if (!fsPath) {
        add('classification', performance.now() - t1, { verdict: 'fail', numbers: {}, reason: `${JSON.stringify(asked)} is not an absolute path or file:// URI on this machine.`, remediation: 'Give the workspace root as an absolute path.' });
        skipRest('not run: no usable workspace path');
        return report({});
    }
    let root: string;
    try {
        root = await fs.promises.realpath(fsPath);
        if (!(await fs.promises.stat(root)).isDirectory()) {
            throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
        }
    } catch (e) {
        const r = reasonOf(e, `Opening the workspace root ${fsPath}`);
        add('classification', performance.now() - t1, { verdict: 'fail', numbers: {}, reason: r.reason, remediation: r.remediation });
        skipRest('not run: the workspace root cannot be opened');
        return report({});
    }
    let classification: StorageClassification;
    try {
        classification = options.classify ? await options.classify(root) : await classifyPath(root, { ...options.classifyOptions, isWorkspaceRoot: true });
    } catch (e) {
        classification = { path: root, verdict: 'unknown', kind: 'unknown', decidedBy: 'mountinfo', notes: [], checkedAt, evidence: { reason: String(e) } };
    }
    add('classification', performance.now() - t1, classificationOutcome(classification));
    const kubernetes = kubernetesInfo(classification);

    const dirSetting = checkDirectorySetting(request.directory);
    if ('error' in dirSetting) {
        add('write-probe', 0, { verdict: 'fail', numbers: {}, reason: `sessionHealth.persistenceCheck.directory ${dirSetting.error}.`, remediation: 'Set a relative directory inside the workspace, e.g. .theia/session-health.' });
        for (const id of ['space', 'permissions', 'restart-survival'] as const) {
            add(id, 0, skipped('not run: the check directory setting is invalid'));
        }
        return report({ resolvedPath: root, kubernetes });
    }
    const dir = path.join(root, ...dirSetting.segments);
    const ledgerFile = path.join(dir, LEDGER_FILE_NAME);

    return withRootMutex(root, async () => {
        const created: string[] = [];
        let lock: HeldLock | undefined;
        let dirReady = false;
        let markerWritten = false;
        let ledger: LedgerReturn = { file: ledgerFile, entries: 0, instances: 0, restartsSurvived: 0, unreadableLines: 0 };
        try {
            // 2. Write probe.
            const t2 = performance.now();
            let probeOk = false;
            let probeProblem: { reason: string; remediation: string } | undefined;
            try {
                await prepareDirectory(root, dirSetting.segments, created);
                dirReady = true;
                try {
                    lock = await acquireLockFile(dir, LOCK_FILE_NAME, options.lockTimeoutMs ?? 60000);
                } catch (e) {
                    if (e instanceof LockTimeoutError || errnoCode(e) === 'ELOOP') {
                        throw e;
                    }
                    // EROFS / ENOSPC / EACCES: the probe below reports it; the in-process mutex still serializes.
                }
                const outcome = await writeProbe(dir);
                if (lock) {
                    outcome.numbers.lockWaitMs = lock.waitedMs;
                }
                probeOk = outcome.verdict === 'pass';
                if (!probeOk) {
                    probeProblem = { reason: outcome.reason, remediation: outcome.remediation ?? '' };
                }
                add('write-probe', performance.now() - t2, outcome);
            } catch (e) {
                probeProblem = reasonOf(e, `Writing the probe in ${dir}`);
                add('write-probe', performance.now() - t2, { verdict: 'fail', numbers: { directory: dir }, reason: probeProblem.reason, remediation: probeProblem.remediation });
            }

            // 3. Space.
            const t3 = performance.now();
            try {
                const outcome = await spaceStep(dirReady ? dir : root, request);
                add('space', performance.now() - t3, outcome);
            } catch (e) {
                const r = reasonOf(e, 'Reading the free space (statfs)');
                add('space', performance.now() - t3, { verdict: 'fail', numbers: {}, reason: r.reason, remediation: r.remediation });
            }

            // 4. Permissions.
            const t4 = performance.now();
            try {
                const outcome = await permissionsStep(root);
                add('permissions', performance.now() - t4, outcome);
            } catch (e) {
                const r = reasonOf(e, `Reading the owner and mode of ${root}`);
                add('permissions', performance.now() - t4, { verdict: 'fail', numbers: {}, reason: r.reason, remediation: r.remediation });
            }

            // 5. Restart survival.
            const t5 = performance.now();
            let entries: LedgerEntry[] = [];
            let unreadable = 0;
            let problem: { reason: string; remediation: string } | undefined;
            if (dirReady) {
                try {
                    ({ entries, unreadable } = await readLedger(ledgerFile));
                } catch (e) {
                    problem = reasonOf(e, `Reading the marker ledger ${ledgerFile}`);
                }
            } else {
                problem = probeProblem;
            }
            let written: LedgerEntry | undefined;
            if (!problem && !probeOk) {
                problem = { reason: `the write probe failed (${probeProblem?.reason ?? 'unknown'})`, remediation: probeProblem?.remediation ?? '' };
            }
            if (!problem) {
                const entry: LedgerEntry = {
                    instanceId: options.instance.id, hostname: options.instance.hostname, instanceStartedAt: options.instance.startedAt,
                    time: new Date().toISOString(), nonce: crypto.randomUUID(), source: options.instance.source
                };
                try {
                    await appendLedger(dir, ledgerFile, entries, entry);
                    written = entry;
                    markerWritten = true;
                } catch (e) {
                    problem = reasonOf(e, `Appending the marker to ${ledgerFile}`);
                }
            }
            const survival = survivalOutcome({
                ledgerFile, entries, unreadable, remembered: request.rememberedMarker, written,
                problem: problem?.reason, problemRemediation: problem?.remediation,
                storageBornAt: await bornAt(root), now: new Date().toISOString()
            });
            ledger = survival.summary;
            add('restart-survival', performance.now() - t5, survival.outcome);

            // 6. Kubernetes, when it said something.
            if (kubernetes) {
                add('kubernetes', 0, kubernetesOutcome(kubernetes));
            }
        } finally {
            await lock?.release();
            if (!markerWritten) {
                // Nothing of ours stays behind when the check could not record anything.
                for (const d of created.reverse()) {
                    await fs.promises.rmdir(d).catch(() => undefined);
                }
            }
        }
        return report({ resolvedPath: root, directory: dir, ledger, kubernetes });
    });
}

type LedgerReturn = PersistenceReport['ledger'];
