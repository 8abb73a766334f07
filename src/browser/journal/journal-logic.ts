// *****************************************************************************
// The work journal's record format and its pure rules: what state an entry is in against the disk,
// and which entries the caps keep (newest first). No browser or Theia imports: unit-tested in Node.
// *****************************************************************************

import { sha256HexBytes } from '../../common/shared/sha256';
import { nls } from '@theia/core/lib/common/nls';

/** `unsaved`: the text of a dirty editor. `saved`: the bytes of a file saved on an ephemeral or node-local disk. */
export type JournalKind = 'unsaved' | 'saved';

/** What the editor was edited from: the disk content when it was opened or last saved. */
export interface JournalBase {
    /** SHA-256 (hex) of the disk text. */
    sha256: string;
    mtime?: number;
    etag?: string;
}

export interface JournalEntry {
    /** The workspace identity this entry belongs to ({@link identityKey}); a bare workspace URI in entries of 0.2. */
    workspace: string;
    kind: JournalKind;
    /** The file URI. */
    uri: string;
    /** `unsaved`: the editor text. */
    text?: string;
    /** `saved`: the file's bytes as saved. */
    bytes?: Uint8Array;
    /** UTF-8 bytes of the text, or the byte length. */
    size: number;
    base?: JournalBase;
    /** When this entry was last written (ms since epoch). */
    updatedAt: number;
}

export type JournalKey = [string, string, string];
export function entryKey(e: Pick<JournalEntry, 'workspace' | 'kind' | 'uri'>): JournalKey {
    return [e.workspace, e.kind, e.uri];
}
export function keyString(e: Pick<JournalEntry, 'kind' | 'uri'>): string {
    return `${e.kind} ${e.uri}`;
}

/** What the disk holds for an entry's file: absent, or its text's hash (and bytes for saved copies). */
export interface DiskState {
    exists: boolean;
    /** The path exists but could not be read as a file (a directory now, a read error). */
    unreadable?: boolean;
    /** Why it is unreadable, in plain words (the backend's refusal). */
    reason?: string;
    sha256?: string;
    bytes?: Uint8Array;
    /** SHA-256 of the disk's bytes, when the bytes themselves were not fetched. */
    bytesSha256?: string;
}

/**
 * - `unsaved-edit`: the disk still holds the base: reopen the editor with the journaled text, unsaved.
 * - `conflict`: the disk changed since the base (or since the save): show a diff, never overwrite.
 * - `missing`: the file is not on the disk (storage replaced, file deleted): offer to write it back.
 * - `kept`: a saved copy that the disk still holds: nothing to do while the storage stays ephemeral.
 * - `obsolete`: the disk already holds the journaled text: the entry can go.
 * - `unreadable`: the path exists but cannot be read as a file: nothing can be restored there; the entry stays.
 */
export type EntryState = 'unsaved-edit' | 'conflict' | 'missing' | 'kept' | 'obsolete' | 'unreadable';

export function entryState(entry: JournalEntry, disk: DiskState, textSha256: (text: string) => string): EntryState {
    if (!disk.exists) {
        return 'missing';
    }
    if (disk.unreadable) {
        return 'unreadable';
    }
    if (entry.kind === 'saved') {
        const same = entry.bytes && (disk.bytes ? sameBytes(entry.bytes, disk.bytes)
            : disk.bytesSha256 !== undefined && disk.bytesSha256 === sha256HexBytes(entry.bytes));
        return same ? 'kept' : 'conflict';
    }
    const text = entry.text ?? '';
    if (disk.sha256 !== undefined && disk.sha256 === textSha256(text)) {
        return 'obsolete';
    }
    if (entry.base && disk.sha256 === entry.base.sha256) {
        return 'unsaved-edit';
    }
    return 'conflict';
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
    if (a.length !== b.length) {
        return false;
    }
    for (let i = 0; i < a.length; i++) {
        if (a[i] !== b[i]) {
            return false;
        }
    }
    return true;
}

/** The label of an entry's state in the quick pick. */
export function stateText(state: EntryState): string {
    switch (state) {
        case 'unsaved-edit': return nls.localize('theia-session-health/journal/state.unsavedEdit', 'unsaved edit');
        case 'conflict': return nls.localize('theia-session-health/journal/state.conflict', 'conflicts with disk');
        case 'missing': return nls.localize('theia-session-health/journal/state.missing', 'not on the disk');
        case 'kept': return nls.localize('theia-session-health/journal/state.kept', 'saved only on an ephemeral disk');
        case 'obsolete': return nls.localize('theia-session-health/journal/state.obsolete', 'already on the disk');
        case 'unreadable': return nls.localize('theia-session-health/journal/state.unreadable', 'cannot be read on this disk (not comparable, not restored)');
    }
}

/** The label of an entry in the quick pick: saved copies that are missing read "saved only on an ephemeral disk". */
export function stateLabel(entry: Pick<JournalEntry, 'kind'>, state: EntryState): string {
    if (state === 'missing') {
        return entry.kind === 'saved'
            ? nls.localize('theia-session-health/journal/state.missingSaved', 'saved only on an ephemeral disk (not on this disk)')
            : nls.localize('theia-session-health/journal/state.missingUnsaved', 'unsaved edit (file not on this disk)');
    }
    return stateText(state);
}

export interface CapMeta {
    key: string;
    uri: string;
    size: number;
    updatedAt: number;
}

export interface CapPlan {
    /** The incoming entry is larger than the per-file cap: not kept. */
    tooLarge: boolean;
    /** Existing entries to drop (oldest first) so that the incoming one fits the workspace cap. */
    drop: CapMeta[];
}

/**
 * Makes room for `incoming` (which replaces an entry with the same key): the oldest other entries go first,
 * until the total fits `maxWorkspaceBytes`. An entry larger than `maxFileBytes`, or than the whole cap, is refused.
 */
export function planCaps(existing: readonly CapMeta[], incoming: CapMeta, caps: { maxFileBytes: number; maxWorkspaceBytes: number }): CapPlan {
    if (incoming.size > caps.maxFileBytes || incoming.size > caps.maxWorkspaceBytes) {
        return { tooLarge: true, drop: [] };
    }
    const others = existing.filter(m => m.key !== incoming.key).sort((a, b) => a.updatedAt - b.updatedAt);
    let total = others.reduce((sum, m) => sum + m.size, 0) + incoming.size;
    const drop: CapMeta[] = [];
    for (const m of others) {
        if (total <= caps.maxWorkspaceBytes) {
            break;
        }
        drop.push(m);
        total -= m.size;
    }
    return { tooLarge: false, drop };
}

/** Quiet time after the last change before the text is written; never longer than MAX_WAIT_MS while typing goes on. */
export const DEBOUNCE_MS = 300;
export const MAX_WAIT_MS = 1000;
/** Texts up to this many UTF-16 units are written on every change, in the same task (nothing to lose to a crash). */
export const WRITE_THROUGH_MAX_CHARS = 64 * 1024;

/** Whether a text of `length` (undefined: not known yet) is written on every change rather than debounced. */
export function writesThrough(length: number | undefined): boolean {
    return length === undefined || length <= WRITE_THROUGH_MAX_CHARS;
}

export const MIB = 1024 * 1024;
export const DEFAULT_MAX_FILE_BYTES = 2 * MIB;
export const DEFAULT_MAX_WORKSPACE_BYTES = 50 * MIB;
export const DEFAULT_MAX_AGE_DAYS = 30;
export const MAX_AGE_DAYS_RANGE = { minimum: 1, maximum: 3650 } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The age limit in ms; a hand-edited value out of range (or not a number) is clamped or replaced by the default. */
export function maxAgeMs(days: unknown): number {
    const n = typeof days === 'number' && Number.isFinite(days) ? Math.floor(days) : DEFAULT_MAX_AGE_DAYS;
    return Math.min(MAX_AGE_DAYS_RANGE.maximum, Math.max(MAX_AGE_DAYS_RANGE.minimum, n)) * DAY_MS;
}

/** Whether an entry last written at `updatedAt` is past the age limit at `now` (a time in the future counts as now). */
export function isExpired(entry: Pick<JournalEntry, 'updatedAt'>, now: number, maxAge: number): boolean {
    const updatedAt = Number.isFinite(entry.updatedAt) ? Math.min(entry.updatedAt, now) : 0;
    return now - updatedAt > maxAge;
}

/** "1 file" / "3 files". */
export function files(n: number): string {
    return n === 1 ? nls.localize('theia-session-health/journal/filesOne', '1 file') : nls.localize('theia-session-health/journal/files', '{0} files', n);
}

/**
 * Said when some or all reopens at start failed: how many, that nothing is lost (still kept in this browser) and
 * where to find them (`command`: the title of session-health.restore-unsaved). Counts only: it is rendered as markdown.
 */
export function notReopenedMessage(failed: number, of: number, command: string): string {
    const which = failed === of ? files(failed) : nls.localize('theia-session-health/journal/filesOf', '{0} of {1}', failed, files(of));
    return failed === 1
        ? nls.localize('theia-session-health/journal/notReopenedOne', 'Session Health: could not reopen {0} with its unsaved changes. It is still kept in this browser: {1} lists it.', which, command)
        : nls.localize('theia-session-health/journal/notReopened', 'Session Health: could not reopen {0} with their unsaved changes. They are still kept in this browser: {1} lists them.', which, command);
}

