// *****************************************************************************
// What state a journal entry is in against the disk, and its label in the quick pick. Pure: unit-tested in Node.
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';
import { sha256HexBytes } from '../../common/shared/sha256';
import { JournalEntry } from './journal-entry';

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
