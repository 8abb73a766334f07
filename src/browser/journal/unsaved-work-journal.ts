// *****************************************************************************
// The work journal as other capabilities see it (the reload command of connection recovery flushes it).
// Kept free of other capabilities' imports so that anyone may depend on it without a cycle.
// *****************************************************************************

import { Event } from '@theia/core/lib/common/event';
import { JournalEntry } from './journal-entry';

/** Files the journal could not keep, and why (paths are shown in a quick pick, never in a notification). */
export interface NotKept {
    uris: string[];
    reason: 'too-large' | 'workspace-full';
}

export const UnsavedWorkJournal = Symbol('UnsavedWorkJournal');
export interface UnsavedWorkJournal {
    /** Fires when entries were written or deleted. */
    readonly onDidChange: Event<void>;
    /** Fires when the caps refused or dropped entries. */
    readonly onDidNotKeep: Event<NotKept>;
    /** Writes every pending change now; resolves when IndexedDB holds them. */
    flush(): Promise<void>;
    /** The key of the current workspace (undefined without a workspace). */
    workspaceKey(): Promise<string | undefined>;
    /** Every entry of the current workspace (none while its identity is unknown, unless accepted). */
    entries(): Promise<JournalEntry[]>;
    /** Deletes entries past their age under every workspace key (run at every start); returns how many went. */
    sweepExpired(): Promise<number>;
    /** Entries at this workspace's path whose workspace cannot be told apart: shown only when the user says so. */
    unknownEntries(): Promise<JournalEntry[]>;
    /** Takes entries of an unknown identity into this workspace's journal; returns how many. */
    adopt(entries: readonly JournalEntry[]): Promise<number>;
    forget(entry: Pick<JournalEntry, 'workspace' | 'kind' | 'uri'>): Promise<void>;
    /** Deletes every entry of the current workspace; returns how many went. */
    forgetWorkspace(): Promise<number>;
    /** Number of dirty editors whose text is kept, and of dirty editors whose latest text is not yet (or cannot be) kept. */
    unsavedCounts(): { kept: number; pending: number };
}
