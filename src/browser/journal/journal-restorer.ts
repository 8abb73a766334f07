// *****************************************************************************
// Gives journaled work back: compares each entry with the disk, reopens unsaved text as unsaved, shows a
// diff when the disk changed since the entry's base, and writes missing files back (never over an existing
// different file).
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { OpenerOptions, OpenerService, open } from '@theia/core/lib/browser/opener-service';
import { Saveable } from '@theia/core/lib/browser/saveable';
import { DiffUris } from '@theia/core/lib/browser/diff-uris';
import { InMemoryResources } from '@theia/core/lib/common/resource';
import { BinaryBuffer } from '@theia/core/lib/common/buffer';
import URI from '@theia/core/lib/common/uri';
import { FileService } from '@theia/filesystem/lib/browser/file-service';
import { WorkspaceService } from '@theia/workspace/lib/browser/workspace-service';
import { sha256Hex } from '../../common/sha256';
import { DiskState, EntryState, entryState, JournalEntry, sameBytes } from './journal-logic';
import { UnsavedWorkJournal } from './journal-service';

/** Scheme of the read-only in-memory side of a diff: the text kept in this browser. */
export const JOURNAL_SCHEME = 'session-health-journal';

export interface EvaluatedEntry {
    entry: JournalEntry;
    state: EntryState;
}

export type WriteBackResult = 'written' | 'already-there' | 'exists-different' | 'failed';

export interface RestoreSummary {
    reopened: number;
    diffs: number;
    written: number;
    refused: number;
    failed: number;
}

@injectable()
export class JournalRestorer {
    @inject(UnsavedWorkJournal) protected readonly journal: UnsavedWorkJournal;
    @inject(FileService) protected readonly fileService: FileService;
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
                result.push({ entry, state });
            }
        }
        return result;
    }

    /** One entry's disk; a path that cannot be read (now a directory, a read error) is `unreadable`, never a throw. */
    protected async disk(entry: JournalEntry): Promise<DiskState> {
        const uri = new URI(entry.uri);
        try {
            if (!await this.fileService.exists(uri)) {
                return { exists: false };
            }
            const content = await this.fileService.readFile(uri);
            return { exists: true, bytes: content.value.buffer, sha256: sha256Hex(content.value.toString()) };
        } catch {
            return { exists: true, unreadable: true };
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
        await open(this.openers, DiffUris.encode(file, kept, `${file.path.base} (on disk ↔ kept in this browser)`));
    }

    /** Writes a missing file back; never over an existing file with other content. */
    async writeBack(entry: JournalEntry): Promise<WriteBackResult> {
        const uri = new URI(entry.uri);
        const bytes = entry.bytes ?? BinaryBuffer.fromString(entry.text ?? '').buffer;
        try {
            if (await this.fileService.exists(uri)) {
                const disk = await this.fileService.readFile(uri);
                return sameBytes(disk.value.buffer, bytes) ? 'already-there' : 'exists-different';
            }
            await this.fileService.createFile(uri, BinaryBuffer.wrap(bytes), { overwrite: false });
            if (entry.kind === 'unsaved') {
                await this.journal.forget(entry);
            }
            return 'written';
        } catch {
            return await this.fileService.exists(uri).catch(() => false) ? 'exists-different' : 'failed';
        }
    }

    /** The action "Restore all": reopen unsaved edits, show conflicts as diffs, write missing files back. */
    async restoreAll(items: readonly EvaluatedEntry[]): Promise<RestoreSummary> {
        const summary: RestoreSummary = { reopened: 0, diffs: 0, written: 0, refused: 0, failed: 0 };
        for (const item of items) {
            try {
                await this.restoreOne(item, summary);
            } catch {
                summary.failed++;
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
            }
        } else if (item.state === 'conflict') {
            await this.showDiff(item.entry);
            summary.diffs++;
        } else if (item.state === 'unreadable') {
            summary.failed++;
        } else if (item.state === 'missing') {
            const result = await this.writeBack(item.entry);
            if (result === 'written' || result === 'already-there') {
                summary.written++;
            } else if (result === 'exists-different') {
                summary.refused++;
            } else {
                summary.failed++;
            }
        }
    }
}
