// *****************************************************************************
// The work journal's record format: one entry per file and kind, keyed by workspace, kind and URI.
// *****************************************************************************

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
