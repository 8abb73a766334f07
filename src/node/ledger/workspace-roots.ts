// *****************************************************************************
// Where the IDE may run the persistence check: only inside a workspace root this backend has open (from its
// WorkspaceServer: the folder, or the folders of a workspace file). Paths are compared after resolving links.
// The command line (`session-health check-persistence`) is an admin tool and does not use this.
// *****************************************************************************

import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { isObject } from '@theia/core/lib/common/types';

const MAX_WORKSPACE_FILE_BYTES = 1024 * 1024;

async function realpathOrUndefined(p: string): Promise<string | undefined> {
    return fs.promises.realpath(p).catch(() => undefined);
}

/** A workspace file's folder entry as an absolute path (absolute, file:// URI, or relative to the file). */
function folderPath(entry: unknown, workspaceFile: string): string | undefined {
    const p = isObject(entry) ? entry.path : undefined;
    if (typeof p !== 'string' || p === '') {
        return undefined;
    }
    if (p.startsWith('file:')) {
        try {
            return fileURLToPath(p);
        } catch {
            return undefined;
        }
    }
    return /^[a-z][a-z0-9+.-]*:/i.test(p) && !p.startsWith('/') ? undefined : path.resolve(path.dirname(workspaceFile), p);
}

/** The open workspace's root folders (links resolved) from the URI the WorkspaceServer gives. */
export async function workspaceRoots(workspaceUri: string | undefined): Promise<string[]> {
    const fsPath = workspaceUri ? toFsPath(workspaceUri) : undefined;
    if (!fsPath) {
        return [];
    }
    const real = await realpathOrUndefined(fsPath);
    const stat = real ? await fs.promises.stat(real).catch(() => undefined) : undefined;
    if (!real || !stat) {
        return [];
    }
    if (stat.isDirectory()) {
        return [real];
    }
    if (!stat.isFile() || stat.size > MAX_WORKSPACE_FILE_BYTES) {
        return [];
    }
    // A workspace file: Theia writes plain JSON { "folders": [{ "path": ... }] }.
    let data: unknown;
    try {
        data = JSON.parse(await fs.promises.readFile(real, 'utf8'));
    } catch {
        return [];
    }
    const folders = isObject(data) && Array.isArray(data.folders) ? data.folders : [];
    const roots: string[] = [];
    for (const entry of folders) {
        const p = folderPath(entry, real);
        const r = p ? await realpathOrUndefined(p) : undefined;
        if (r) {
            roots.push(r);
        }
    }
    return roots;
}

/** `p` with links resolved as far as it exists; the missing rest appended as written. */
export async function resolveExisting(p: string): Promise<string> {
    const missing: string[] = [];
    let current = path.resolve(p);
    for (; ;) {
        const real = await realpathOrUndefined(current);
        if (real) {
            return path.join(real, ...missing.reverse());
        }
        const parent = path.dirname(current);
        if (parent === current) {
            return path.resolve(p);
        }
        missing.push(path.basename(current));
        current = parent;
    }
}

export function isInside(child: string, parent: string): boolean {
    const rel = path.relative(parent, child);
    // `..notes/x` is inside; only `..` itself or a path starting with `../` leaves the parent.
    return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** Undefined when `requestPath` is inside one of `roots`, else the reason it is refused. */
export async function refuseOutsideRoots(requestPath: string, roots: readonly string[]): Promise<string | undefined> {
    const fsPath = toFsPath(requestPath);
    if (!fsPath) {
        return `path: must be absolute or a file:// URI, got ${JSON.stringify(requestPath.slice(0, 200))}`;
    }
    if (roots.length === 0) {
        return 'path: no workspace is open in this IDE; the persistence check runs only inside an open workspace root';
    }
    const resolved = await resolveExisting(fsPath);
    if (roots.some(root => isInside(resolved, root))) {
        return undefined;
    }
    return `path: ${JSON.stringify(fsPath.slice(0, 500))}${resolved !== fsPath ? ` (resolved: ${JSON.stringify(resolved.slice(0, 500))})` : ''} is not inside a workspace root `
        + 'this IDE has open; the persistence check runs only there (the session-health check-persistence command line checks any path)';
}

/** An absolute path or `file://` URI as a normalized file system path; undefined for anything else. */
export function toFsPath(p: string): string | undefined {
    if (p.startsWith('file:')) {
        try {
            return fileURLToPath(p);
        } catch {
            return undefined;
        }
    }
    return p.startsWith('/') ? path.resolve(p) : undefined;
}
