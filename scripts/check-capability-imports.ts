// *****************************************************************************
// `npm run lint` step: the import direction between folders (docs/architecture.md). A file in
// src/<floor>/<capability>/ may import src/common/** (any common folder), the shared folders listed below, the
// files at a floor's root, and its own folder; importing another capability's folder fails, unless the pair is a
// named exception with a reason. The floors themselves are eslint's job (eslint.config.mjs).
// Usage: node -r ts-node/register/transpile-only scripts/check-capability-imports.ts [srcDir]
// *****************************************************************************

import * as path from 'path';
import { importGraph } from './check-import-cycles';

/** Folders every capability may import: infrastructure that depends on no capability. `<floor>/<folder>`. */
export const SHARED_FOLDERS: readonly string[] = [
    'node/metrics', 'node/http', 'node/ledger', 'node/capabilities',
    'browser/capabilities', 'browser/view', 'browser/style', 'browser/shared'
];

/**
 * An allowed import from one capability folder into another: `to` is one file (`<floor>/<folder>/…/<file>.ts`, what
 * a capability offers others: a contribution point, an interface) or a whole folder; `reason` says why (an
 * exception without one is refused).
 */
export interface FolderException {
    from: string;
    to: string;
    reason: string;
}

const CLI_HOST = 'the CLI is a host: each subcommand runs its capability\'s code, as the IDE\'s modules do';
const BUNDLE_POINT = 'the bundle\'s contribution point: each capability contributes its own part (as view sections do)';
const MONITOR = 'the ConnectionMonitor interface: connection is the one source of the connection\'s state';
const SNAPSHOT = 'the snapshot type the ConnectionMonitor\'s events carry';
const JOURNAL = 'the journal\'s interface (injected optionally): what a stop or a restart would cost';

function each(froms: string[], to: string, reason: string): FolderException[] {
    return froms.map(from => ({ from, to, reason }));
}

/** The imports between capabilities that stay, each with its reason (the folder graph they form has no cycle). */
export const FOLDER_EXCEPTIONS: readonly FolderException[] = [
    ...each(['browser/connection', 'browser/persistence', 'browser/probe', 'browser/reports', 'browser/storage'], 'browser/bundle/support-bundle-contribution.ts', BUNDLE_POINT),
    ...each(['node/health', 'node/reports', 'node/storage'], 'node/bundle/server-bundle-contribution.ts', BUNDLE_POINT),
    { from: 'browser/journal', to: 'browser/connection/unsaved-work-contribution.ts', reason: 'connection\'s contribution point: the journal adds the tooltip\'s unsaved-work line and the write-out before a reload' },
    ...each(['browser/journal', 'browser/lifecycle', 'browser/probe', 'browser/reports'], 'browser/connection/monitor/connection-monitor.ts', MONITOR),
    ...each(['browser/lifecycle', 'browser/reports'], 'browser/connection/state/connection-snapshot.ts', SNAPSHOT),
    { from: 'browser/lifecycle', to: 'browser/connection/recovery/restart-summary.ts', reason: 'the recovery\'s RestartCauseSource point: lifecycle supplies the cause the restart notice names' },
    ...each(['browser/idle', 'browser/lifecycle'], 'browser/journal/unsaved-work-journal.ts', JOURNAL),
    { from: 'browser/idle', to: 'browser/journal/journal-storage-verdict.ts', reason: 'the idle warning names the storage verdict the journal acts on, from the same reader' },
    { from: 'browser/journal', to: 'browser/storage/storage-preferences.ts', reason: 'the user\'s storage patterns decide whether saved files are kept (one reader of the verdict)' },
    { from: 'browser/journal', to: 'browser/storage/storage-format.ts', reason: 'the worst of several roots\' classifications, computed once' },
    ...each(['node/cli'], 'node/lint-k8s', CLI_HOST), ...each(['node/cli'], 'node/persistence', CLI_HOST),
    ...each(['node/cli'], 'node/probe', CLI_HOST), ...each(['node/cli'], 'node/storage', CLI_HOST),
    { from: 'node/health', to: 'node/storage/storage-overrides.ts', reason: 'readiness from the storage verdict: the admin\'s workspace-storage override, read once' },
    { from: 'node/persistence', to: 'node/storage/classify-path.ts', reason: 'the check\'s storage step classifies the workspace as the storage item does' },
    { from: 'node/idle', to: 'node/lifecycle/lifecycle-service.ts', reason: 'an idle stop is recorded as the stop\'s cause in the lifecycle ledger' },
    { from: 'node/lifecycle', to: 'node/health/health-contribution.ts', reason: 'the stopping notice starts with the SIGTERM drain the health routes run' },
    { from: 'node/lifecycle', to: 'node/storage/pod-termination.ts', reason: 'the previous pod\'s termination from the Kubernetes client storage owns' },
    { from: 'node/reports', to: 'node/connection/channel-socket.ts', reason: 'a report\'s sid is the socket of the tab\'s main channel, as connection finds it' }
];

export interface FolderViolation {
    file: string;
    imported: string;
    from: string;
    to: string;
}

/** `<floor>/<folder>` a file belongs to (a shared folder if it is one), or undefined for a file at a floor's root. */
export function folderOf(srcDir: string, file: string, shared: readonly string[] = SHARED_FOLDERS): string | undefined {
    const parts = path.relative(srcDir, file).split(path.sep);
    if (parts.length < 3) {
        return undefined;
    }
    const rel = parts.slice(0, -1).join('/');
    return shared.find(s => rel === s || rel.startsWith(s + '/')) ?? `${parts[0]}/${parts[1]}`;
}

/** Refuses an exception without a reason (or naming no folders): each one must say why it may stay. */
export function validateExceptions(exceptions: readonly FolderException[]): void {
    const bad = exceptions.filter(e => !e.from || !e.to || typeof e.reason !== 'string' || !e.reason.trim());
    if (bad.length) {
        throw new Error(`import exceptions without a reason: ${bad.map(e => `${e.from} -> ${e.to}`).join(', ')}`);
    }
}

/** Whether `e` allows `from` (a folder) to import `target` (a file, relative to the source folder, `/`-separated). */
export function allows(e: FolderException, from: string, target: string): boolean {
    return e.from === from && (target === e.to || target.startsWith(e.to + '/'));
}

/** Loops in the graph of capability folders (every import between two of them, allowed or not): one direction only. */
export function findFolderCycles(srcDir: string, shared: readonly string[] = SHARED_FOLDERS): string[][] {
    const root = path.resolve(srcDir);
    const edges = new Map<string, Set<string>>();
    for (const [file, imports] of importGraph([root])) {
        const from = folderOf(root, file, shared);
        for (const imported of imports) {
            const to = folderOf(root, imported, shared);
            if (from && to && from !== to && !from.startsWith('common/') && !to.startsWith('common/')) {
                edges.set(from, (edges.get(from) ?? new Set()).add(to));
            }
        }
    }
    const cycles: string[][] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (folder: string, trail: string[]): void => {
        state.set(folder, 'open');
        for (const next of [...edges.get(folder) ?? []].sort()) {
            if (state.get(next) === 'open') {
                cycles.push([...trail.slice(trail.indexOf(next)), folder, next].filter((f, i, a) => i === 0 || f !== a[i - 1]));
            } else if (!state.has(next)) {
                visit(next, [...trail, folder]);
            }
        }
        state.set(folder, 'done');
    };
    for (const folder of [...edges.keys()].sort()) {
        if (!state.has(folder)) {
            visit(folder, []);
        }
    }
    return cycles;
}

/** Every import from one capability folder into another that no exception allows. */
export function findFolderViolations(srcDir: string, options: { shared?: readonly string[]; exceptions?: readonly FolderException[] } = {}): FolderViolation[] {
    const shared = options.shared ?? SHARED_FOLDERS;
    const exceptions = options.exceptions ?? FOLDER_EXCEPTIONS;
    validateExceptions(exceptions);
    const root = path.resolve(srcDir);
    const violations: FolderViolation[] = [];
    for (const [file, imports] of importGraph([root])) {
        const from = folderOf(root, file, shared);
        if (!from || from.startsWith('common/')) {
            continue; // common/ is held to its floor by eslint; a floor's root holds only the extension's modules and helpers
        }
        for (const imported of imports) {
            const to = folderOf(root, imported, shared);
            const target = path.relative(root, imported).split(path.sep).join('/');
            if (!to || to === from || to.startsWith('common/') || shared.includes(to) || exceptions.some(e => allows(e, from, target))) {
                continue;
            }
            violations.push({ file: path.relative(root, file), imported: path.relative(root, imported), from, to });
        }
    }
    return violations.sort((a, b) => a.file.localeCompare(b.file) || a.imported.localeCompare(b.imported));
}

if (require.main === module) {
    const srcDir = process.argv[2] ?? 'src';
    const violations = findFolderViolations(srcDir);
    for (const v of violations) {
        console.error(`capability import: ${v.file} imports ${v.imported} (${v.from} -> ${v.to})`);
    }
    const cycles = findFolderCycles(srcDir);
    for (const cycle of cycles) {
        console.error(`folder cycle: ${cycle.join(' -> ')}`);
    }
    if (cycles.length) {
        console.error('capability folders import each other in a loop: one direction only (a contribution point, see docs/architecture.md).');
        process.exitCode = 1;
    }
    if (violations.length) {
        console.error(`${violations.length} import(s) across capability folders: import src/common, a shared folder (${SHARED_FOLDERS.join(', ')}) `
            + 'or your own folder; see docs/architecture.md.');
        process.exitCode = 1;
    } else if (!cycles.length) {
        console.log(`no imports across capability folders in ${srcDir}`);
    }
}
