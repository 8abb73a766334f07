// *****************************************************************************
// Gives journaled work back: compares each entry with the disk, reopens unsaved text as unsaved, shows a
// diff when the disk changed since the entry's base, and writes missing files back. The disk is read and written
// by the backend's journal disk service: only regular files inside the open workspace, never through a link
// that leaves it, never over anything already there; what it refuses is kept, with the reason.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { OpenerOptions, OpenerService, open } from '@theia/core/lib/browser/opener-service';
import { Saveable } from '@theia/core/lib/browser/saveable';
import { DiffUris } from '@theia/core/lib/browser/diff-uris';
import { InMemoryResources } from '@theia/core/lib/common/resource';
import { BinaryBuffer } from '@theia/core/lib/common/buffer';
import URI from '@theia/core/lib/common/uri';
import { WorkspaceService } from '@theia/workspace/lib/browser/workspace-service';
import { sha256Hex } from '../../common/shared/sha256';
import { JournalDiskService, JournalDiskWrite } from '../../common/journal/journal-protocol';
import { DiskState, EntryState, entryState } from './journal-entry-state';
import { JournalEntry } from './journal-entry';
import { UnsavedWorkJournal } from './unsaved-work-journal';
import { nls } from '@theia/core/lib/common/nls';

/** Scheme of the read-only in-memory side of a diff: the text kept in this browser. */
export const JOURNAL_SCHEME = 'session-health-journal';

export interface EvaluatedEntry {
    entry: JournalEntry;
    state: EntryState;
    /** Why an `unreadable` entry cannot be compared with the disk (plain words, for the quick pick). */
    reason?: string;
}

export type WriteBackResult = 'written' | 'already-there' | 'exists-different' | 'refused' | 'failed';

/** A file that was not restored, and why (plain words: shown in a quick pick, never as markdown). */
export interface NotRestored {
    uri: string;
    reason: string;
}

export interface RestoreSummary {
    reopened: number;
    diffs: number;
    written: number;
    refused: number;
    failed: number;
    /** Each file counted in `refused` or `failed` by restoreOne, with its reason. */
    notRestored?: NotRestored[];
}

function notRestored(summary: RestoreSummary, uri: string, reason: string): void {
    (summary.notRestored ??= []).push({ uri, reason });
}

@injectable()
export class JournalRestorer {
    @inject(UnsavedWorkJournal) protected readonly journal: UnsavedWorkJournal;
    @inject(JournalDiskService) protected readonly disks: JournalDiskService;
    @inject(OpenerService) protected readonly openers: OpenerService;
    @inject(InMemoryResources) protected readonly memory: InMemoryResources;
    @inject(WorkspaceService) protected readonly workspaceService: WorkspaceService;

    /** Every entry of this workspace with its state against the disk; obsolete entries are deleted on the way. */
    async evaluate(): Promise<EvaluatedEntry[]> {
        const result: EvaluatedEntry[] = [];
        const entries = await this.journal.entries();
        // The disk reads go out together: one round trip for twenty entries, not twenty.
        const disks = await Promise.all(entries.map(entry => this.disk(entry)));
        for (const [i, entry] of entries.entries()) {
            const state = entryState(entry, disks[i], sha256Hex);
            if (state === 'obsolete') {
                await this.journal.forget(entry);
            } else {
                result.push(state === 'unreadable' ? { entry, state, reason: disks[i].reason } : { entry, state });
            }
        }
        return result;
    }

    /**
     * One entry's disk, as the backend sees it (hashes only). Anything it will not read (outside the workspace,
     * not a regular file, too large) is `unreadable` with the reason, never a throw and never a hang.
     */
    protected async disk(entry: JournalEntry): Promise<DiskState> {
        try {
            const read = await this.disks.read(entry.uri);
            if (read.state === 'missing') {
                return { exists: false };
            }
            if (read.state === 'refused') {
                return { exists: true, unreadable: true, reason: read.reason };
            }
            return { exists: true, sha256: read.textSha256, bytesSha256: read.sha256 };
        } catch (e) {
            return { exists: true, unreadable: true, reason: nls.localize('theia-session-health/journal/noAnswer', 'the IDE\'s backend did not answer ({0})', e instanceof Error ? e.message : String(e)) };
        }
    }

    /** A path to show: relative to its workspace root when inside one. */
    displayPath(uri: string): string {
        const target = new URI(uri);
        for (const root of this.workspaceService.tryGetRoots()) {
            const relative = root.resource.relative(target);
            if (relative !== undefined) {
                return relative.toString();
            }
        }
        return target.path.fsPath();
    }

    /** Opens the file's editor with the journaled text, unsaved. */
    async reopenUnsaved(entry: JournalEntry): Promise<boolean> {
        // Opened without activating it: twenty restored editors must not each take the focus.
        const widget = await open(this.openers, new URI(entry.uri), { mode: 'open' } as OpenerOptions);
        const saveable = Saveable.get(widget);
        if (!saveable?.applySnapshot || entry.text === undefined) {
            return false;
        }
        if (saveable.createSnapshot && Saveable.Snapshot.read(saveable.createSnapshot()) !== entry.text) {
            saveable.applySnapshot({ value: entry.text });
        }
        return true;
    }

    /** Theia's diff editor: the disk on the left, the text kept in this browser on the right (read-only). */
    async showDiff(entry: JournalEntry): Promise<void> {
        const file = new URI(entry.uri);
        const kept = file.withScheme(JOURNAL_SCHEME).withQuery(entry.kind);
        const text = entry.text ?? BinaryBuffer.wrap(entry.bytes ?? new Uint8Array()).toString();
        try {
            this.memory.update(kept, text);
        } catch {
            this.memory.add(kept, text);
        }
        await open(this.openers, DiffUris.encode(file, kept, nls.localize('theia-session-health/journal/diffTitle', '{0} (on disk ↔ kept in this browser)', file.path.base)));
    }

    /** Writes a missing file back through the backend (inside the workspace, never over anything there). */
    async writeBack(entry: JournalEntry): Promise<{ result: WriteBackResult; reason?: string }> {
        const bytes = entry.bytes ?? BinaryBuffer.fromString(entry.text ?? '').buffer;
        let answer: JournalDiskWrite;
        try {
            answer = await this.disks.create(entry.uri, bytes);
        } catch (e) {
            return { result: 'failed', reason: nls.localize('theia-session-health/journal/noAnswer', 'the IDE\'s backend did not answer ({0})', e instanceof Error ? e.message : String(e)) };
        }
        if (answer.state === 'refused') {
            const result = answer.code === 'exists' ? 'exists-different' : answer.code === 'io-error' ? 'failed' : 'refused';
            return { result, reason: answer.reason };
        }
        if (answer.state === 'written' && entry.kind === 'unsaved') {
            await this.journal.forget(entry);
        }
        return { result: answer.state };
    }

    /** The action "Restore all": reopen unsaved edits, show conflicts as diffs, write missing files back. */
    async restoreAll(items: readonly EvaluatedEntry[]): Promise<RestoreSummary> {
        const summary: RestoreSummary = { reopened: 0, diffs: 0, written: 0, refused: 0, failed: 0 };
        for (const item of items) {
            try {
                await this.restoreOne(item, summary);
            } catch (e) {
                summary.failed++;
                notRestored(summary, item.entry.uri, nls.localize('theia-session-health/journal/failedReason', 'failed: {0}', e instanceof Error ? e.message : String(e)));
            }
        }
        return summary;
    }

    async restoreOne(item: EvaluatedEntry, summary: RestoreSummary): Promise<void> {
        if (item.state === 'unsaved-edit') {
            if (await this.reopenUnsaved(item.entry)) {
                summary.reopened++;
            } else {
                summary.failed++;
                notRestored(summary, item.entry.uri, 'the editor could not be reopened');
            }
        } else if (item.state === 'conflict') {
            await this.showDiff(item.entry);
            summary.diffs++;
        } else if (item.state === 'unreadable') {
            summary.failed++;
            notRestored(summary, item.entry.uri, nls.localize('theia-session-health/journal/notComparable', 'not comparable with the disk: {0}', item.reason ?? nls.localize('theia-session-health/journal/notAFile', 'it cannot be read as a file')));
        } else if (item.state === 'missing') {
            const { result, reason } = await this.writeBack(item.entry);
            if (result === 'written' || result === 'already-there') {
                summary.written++;
            } else {
                summary[result === 'failed' ? 'failed' : 'refused']++;
                notRestored(summary, item.entry.uri, nls.localize('theia-session-health/journal/notWrittenBack', 'not written back: {0}', reason ?? nls.localize('theia-session-health/journal/backendRefused', 'the backend refused')));
            }
        }
    }
}
