// *****************************************************************************
// The journal's workspace identity as a key (pure: unit-tested in Node). Entries are stored under the key of the
// workspace they were written in; only entries of this workspace's known identity are offered without asking.
// *****************************************************************************

/**
 * What tells two workspaces apart in one browser (IndexedDB is shared by every IDE on an origin, and every pod's
 * workspace is `file:///home/project`): the admin's workspace id when set, else the page's origin and path prefix;
 * always with the workspace root. `unknown`: the id could not be asked (entries written then are shown only on request).
 */
export interface JournalIdentityParts {
    kind: 'id' | 'page' | 'unknown';
    /** The admin's workspace id (`id`), or the page's origin + path prefix (`page`, `unknown`). */
    scope: string;
    /** The workspace URI (or its first root). */
    root: string;
}

const KEY_PREFIX = 'sh2';

/** The `workspace` field of entries of this identity. Old entries hold a bare URI, which never starts like this. */
export function identityKey(parts: JournalIdentityParts): string {
    return [KEY_PREFIX, parts.kind, encodeURIComponent(parts.scope), parts.root].join('|');
}

/** The keys under which entries of `root` may lie whose workspace cannot be told: the bare URI of builds before 0.2.0, and `unknown`. */
export function unknownIdentityKeys(root: string, page: string): string[] {
    return [root, identityKey({ kind: 'unknown', scope: page, root })];
}

/** The page's origin and path prefix (`https://ide.example.com/theia/alice-1/`): no file name, query or fragment. */
export function pagePrefix(location: { origin: string; pathname: string }): string {
    return location.origin + location.pathname.replace(/[^/]*$/, '');
}
