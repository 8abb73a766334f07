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
    'browser/capabilities', 'browser/view', 'browser/style'
];

/** An allowed import from one capability folder into another; `reason` says why (an exception without one is refused). */
export interface FolderException {
    from: string;
    to: string;
    reason: string;
}

const MOVING = 'issue 26: being moved';
const CLI_HOST = 'the CLI is a host: each subcommand runs its capability\'s code, as the IDE\'s modules do';

/** Today's imports between capabilities; the restructure of issue 26 removes them, then the lead removes the entry. */
export const FOLDER_EXCEPTIONS: readonly FolderException[] = [
    { from: 'browser/bundle', to: 'browser/connection', reason: MOVING },
    { from: 'browser/bundle', to: 'browser/persistence', reason: MOVING },
    { from: 'browser/bundle', to: 'browser/probe', reason: MOVING },
    { from: 'browser/bundle', to: 'browser/reports', reason: MOVING },
    { from: 'browser/bundle', to: 'browser/storage', reason: MOVING },
    { from: 'browser/connection', to: 'browser/journal', reason: MOVING },
    { from: 'browser/idle', to: 'browser/journal', reason: MOVING },
    { from: 'browser/journal', to: 'browser/connection', reason: MOVING },
    { from: 'browser/journal', to: 'browser/storage', reason: MOVING },
    { from: 'browser/lifecycle', to: 'browser/connection', reason: MOVING },
    { from: 'browser/lifecycle', to: 'browser/journal', reason: MOVING },
    { from: 'browser/probe', to: 'browser/connection', reason: MOVING },
    { from: 'browser/reports', to: 'browser/connection', reason: MOVING },
    { from: 'node/bundle', to: 'node/health', reason: MOVING },
    { from: 'node/bundle', to: 'node/persistence', reason: MOVING },
    { from: 'node/bundle', to: 'node/reports', reason: MOVING },
    { from: 'node/cli', to: 'node/lint-k8s', reason: CLI_HOST },
    { from: 'node/cli', to: 'node/persistence', reason: CLI_HOST },
    { from: 'node/cli', to: 'node/probe', reason: CLI_HOST },
    { from: 'node/cli', to: 'node/reports', reason: CLI_HOST },
    { from: 'node/cli', to: 'node/storage', reason: CLI_HOST },
    { from: 'node/health', to: 'node/storage', reason: MOVING },
    { from: 'node/idle', to: 'node/lifecycle', reason: MOVING },
    { from: 'node/idle', to: 'node/reports', reason: MOVING },
    { from: 'node/journal', to: 'node/persistence', reason: MOVING },
    { from: 'node/lifecycle', to: 'node/health', reason: MOVING },
    { from: 'node/lifecycle', to: 'node/persistence', reason: MOVING },
    { from: 'node/lifecycle', to: 'node/reports', reason: MOVING },
    { from: 'node/lifecycle', to: 'node/storage', reason: MOVING },
    { from: 'node/persistence', to: 'node/storage', reason: MOVING },
    { from: 'node/reports', to: 'node/connection', reason: MOVING },
    { from: 'node/storage', to: 'node/persistence', reason: MOVING }
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
            if (!to || to === from || to.startsWith('common/') || shared.includes(to)
                || exceptions.some(e => e.from === from && e.to === to)) {
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
    if (violations.length) {
        console.error(`${violations.length} import(s) across capability folders: import src/common, a shared folder (${SHARED_FOLDERS.join(', ')}) `
            + 'or your own folder; see docs/architecture.md.');
        process.exitCode = 1;
    } else {
        console.log(`no imports across capability folders in ${srcDir}`);
    }
}
