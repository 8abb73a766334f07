// *****************************************************************************
// The journal's disk RPC: the backend reads and creates the files a restore needs, and only inside a workspace
// root the backend itself has open. A browser-side check (exists, then create) can be raced and does not see
// the directory links on the way; the backend resolves every link, creates with O_EXCL and checks where the
// opened file really is. See docs/journal.md, "Restore safety".
//
// What the browser's work journal asks the backend: the workspace identity an admin set, which keys the journal
// where the platform knows better than the page's address and the workspace path (Theia Cloud's workspace name).
// *****************************************************************************

export const JOURNAL_DISK_SERVICE_PATH = '/services/session-health-journal-disk';

/** Largest file the restore reads (to compare) or writes back: above it a file is "not comparable" / not written. */
export const JOURNAL_DISK_MAX_BYTES = 64 * 1024 * 1024;

/** Why the backend did not read or write a path (field values are a contract: tests and the browser rely on them). */
export type JournalDiskRefusal =
    /** The URI is not a `file:` URI of an absolute path, or the bytes are not bytes. */
    'bad-request'
    /** No workspace is open in this backend. */
    | 'no-workspace'
    /** The real path (every link resolved) is not inside a workspace root the backend has open. */
    | 'outside-workspace'
    /** Something other than a regular file is there (a FIFO, a device, a folder, a dangling link). */
    | 'not-a-file'
    /** A folder on the way is not a folder. */
    | 'not-a-directory'
    /** Larger than {@link JOURNAL_DISK_MAX_BYTES}. */
    | 'too-large'
    /** Write-back: a different file (or a link) is already at the path. */
    | 'exists'
    /** The file system said no (permissions, no space, ...). */
    | 'io-error';

export interface JournalDiskRefused {
    state: 'refused';
    code: JournalDiskRefusal;
    /** One line in plain words (shown in a quick pick, never rendered as markdown). */
    reason: string;
}

/** A regular file inside the workspace: hashes only, so that a large file costs no transfer. */
export interface JournalDiskFile {
    state: 'file';
    size: number;
    /** SHA-256 (hex) of the bytes. */
    sha256: string;
    /** SHA-256 (hex) of the bytes decoded as UTF-8 the way a browser's TextDecoder does (BOM dropped), re-encoded. */
    textSha256: string;
}

export type JournalDiskRead = JournalDiskFile | { state: 'missing' } | JournalDiskRefused;

export type JournalDiskWrite = { state: 'written' } | { state: 'already-there' } | JournalDiskRefused;

export const JournalDiskService = Symbol('JournalDiskService');
export interface JournalDiskService {
    /** What the disk holds at `uri`; never follows a link out of the workspace, never opens a non-regular file. */
    read(uri: string): Promise<JournalDiskRead>;
    /**
     * Creates the file at `uri` with `bytes` (and the missing folders on the way), never over anything already
     * there, never outside a workspace root. `already-there`: a regular file with the same bytes is there.
     */
    create(uri: string, bytes: Uint8Array): Promise<JournalDiskWrite>;
}

/** Env var on the backend: a stable name of this workspace (the same across pods, disks and session URLs). */
export const WORKSPACE_ID_ENV = 'SESSION_HEALTH_WORKSPACE_ID';
export const JOURNAL_SERVICE_PATH = '/services/session-health-journal';
export const MAX_WORKSPACE_ID_LENGTH = 256;

export const JournalIdentityService = Symbol('JournalIdentityService');
export interface JournalIdentityService {
    /** The admin-set workspace id, or undefined when none (or none valid) is set. */
    workspaceId(): Promise<string | undefined>;
}

/** A usable id: trimmed, 1 to 256 characters, no control characters; anything else is no id. */
export function parseWorkspaceId(raw: unknown): string | undefined {
    if (typeof raw !== 'string') {
        return undefined;
    }
    const id = raw.trim();
    return id.length > 0 && id.length <= MAX_WORKSPACE_ID_LENGTH && !/[\u0000-\u001f\u007f]/.test(id) ? id : undefined;
}
