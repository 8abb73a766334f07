// *****************************************************************************
// One file followed by the work journal: its editors, the base its text was edited from, and the debounced write
// of its dirty text (write-through for a small text). The journal keeps one per file and forwards the page's events.
// *****************************************************************************

import { Widget } from '@theia/core/shared/@lumino/widgets';
import { Saveable } from '@theia/core/lib/browser/saveable';
import { DisposableCollection } from '@theia/core/lib/common/disposable';
import { ILogger } from '@theia/core/lib/common/logger';
import URI from '@theia/core/lib/common/uri';
import { FileService } from '@theia/filesystem/lib/browser/file-service';
import { sha256Hex } from '../../common/shared/sha256';
import { DEBOUNCE_MS, MAX_WAIT_MS, writesThrough } from './journal-timing';
import { JournalBase } from './journal-entry';
import { JournalWriter } from './journal-writer';
import { JournalStorageVerdict, keepsSavedCopies } from './journal-storage-verdict';

/** What a tracked editor uses of the journal's services. */
export interface TrackedEditorContext {
    readonly fileService: FileService;
    readonly writer: JournalWriter;
    readonly storage: JournalStorageVerdict;
    readonly logger: ILogger;
    enabled(): boolean;
}

export function textOf(saveable: Saveable): string | undefined {
    return saveable.createSnapshot ? Saveable.Snapshot.read(saveable.createSnapshot()) : undefined;
}

export class TrackedEditor {
    readonly widgets = new Set<Widget>();
    /** Hash of the text the disk held when the editor was last clean. */
    base?: JournalBase;
    wasDirty: boolean;
    timer?: number;
    firstChangeAt?: number;
    kept = false; // the latest text is in IndexedDB
    /** Length of the text last read (decides write-through without reading a large text on every keystroke). */
    length?: number;
    readonly toDispose = new DisposableCollection();

    constructor(readonly uri: string, readonly saveable: Saveable, widget: Widget, protected readonly ctx: TrackedEditorContext) {
        this.widgets.add(widget);
        this.wasDirty = saveable.dirty;
    }

    /** Called once the journal holds this editor: takes the base of a clean text, or schedules a dirty one. */
    start(): void {
        if (!this.saveable.dirty) {
            this.rebase();
        } else {
            this.schedule();
        }
        this.toDispose.push(this.saveable.onContentChanged(() => this.contentChanged()));
        this.toDispose.push(this.saveable.onDirtyChanged(() => this.dirtyChanged()));
    }

    /** The page may be gone after this task: write the pending text synchronously where possible. */
    flushNow(): void {
        if (this.timer === undefined) {
            return;
        }
        const text = textOf(this.saveable);
        if (text !== undefined && this.saveable.dirty && this.ctx.enabled() && this.ctx.writer.keepUnsavedThrough(this.uri, text, this.base)) {
            this.stopTimer();
            this.kept = true;
        } else {
            this.writeNow();
        }
    }

    /** The editor is clean: its text is what the disk holds; remember it as the base of the next edit. */
    protected rebase(): void {
        const text = textOf(this.saveable);
        if (text === undefined) {
            return;
        }
        const base: JournalBase = { sha256: sha256Hex(text) };
        this.base = base;
        this.ctx.fileService.resolve(new URI(this.uri)).then(stat => {
            if (this.base === base) {
                base.mtime = stat.mtime;
                base.etag = stat.etag;
            }
        }, () => undefined);
    }

    protected contentChanged(): void {
        if (this.saveable.dirty) {
            this.schedule();
        } else if (!this.wasDirty) {
            // Reloaded from the disk while clean (a change on the disk): a new base.
            this.rebase();
        }
    }

    protected dirtyChanged(): void {
        const dirty = this.saveable.dirty;
        const was = this.wasDirty;
        this.wasDirty = dirty;
        if (dirty || !was) {
            if (dirty) {
                this.schedule();
            }
            return;
        }
        // Saved or reverted: the entry goes once the disk holds the editor's text. Until then the text typed within
        // the debounce is kept too: a backend killed right after the save cannot confirm the disk (nor give the bytes
        // of a saved copy), and the disk it saved to may be gone with it.
        const current = this.timer !== undefined && this.ctx.enabled() ? textOf(this.saveable) : undefined;
        this.stopTimer();
        if (current !== undefined) {
            this.ctx.writer.keepUnsaved(this.uri, current, this.base);
        }
        const previousBase = this.base?.sha256;
        this.rebase();
        const saved = this.base !== undefined && this.base.sha256 !== previousBase;
        this.settle(saved).catch(e => this.ctx.logger.warn(`session-health: journal: ${e instanceof Error ? e.message : String(e)}`));
    }

    protected async settle(saved: boolean): Promise<void> {
        const text = textOf(this.saveable);
        const resource = new URI(this.uri);
        const disk = await this.ctx.fileService.readFile(resource);
        const diskText = disk.value.toString();
        // The saved copy first: the unsaved text goes only once the bytes that replace it are kept.
        if (saved && this.ctx.enabled() && keepsSavedCopies(await this.ctx.storage.verdict())) {
            await this.ctx.writer.keepSaved(this.uri, disk.value.buffer, { sha256: sha256Hex(diskText), mtime: disk.mtime, etag: disk.etag });
        }
        if (text !== undefined && diskText === text && !this.saveable.dirty) {
            await this.ctx.writer.delete({ kind: 'unsaved', uri: this.uri });
            this.kept = false;
        }
    }

    protected schedule(): void {
        this.kept = false; // the text changed; with the journal off it stays so (the tooltip must not say 'kept')
        if (!this.ctx.enabled()) {
            return;
        }
        if (this.saveable.dirty && this.writeThrough()) {
            return;
        }
        const now = Date.now();
        this.firstChangeAt ??= now;
        window.clearTimeout(this.timer);
        const wait = Math.max(0, Math.min(DEBOUNCE_MS, this.firstChangeAt + MAX_WAIT_MS - now));
        this.timer = window.setTimeout(() => this.writeNow(), wait);
    }

    /**
     * A small text is written in this very task: a crashed tab or a killed browser runs nothing after it, so a
     * debounced write would lose what was typed in its last 300 ms. False (debounce instead) for a large text.
     */
    protected writeThrough(): boolean {
        if (!writesThrough(this.length)) {
            return false;
        }
        const text = textOf(this.saveable);
        this.length = text?.length;
        if (text === undefined || !writesThrough(text.length) || !this.ctx.writer.keepUnsavedThrough(this.uri, text, this.base)) {
            return false;
        }
        this.stopTimer();
        this.kept = true;
        return true;
    }

    stopTimer(): void {
        window.clearTimeout(this.timer);
        this.timer = undefined;
        this.firstChangeAt = undefined;
    }

    writeNow(): void {
        this.stopTimer();
        const text = textOf(this.saveable);
        this.length = text?.length;
        if (text === undefined || !this.saveable.dirty || !this.ctx.enabled()) {
            return;
        }
        this.ctx.writer.keepUnsaved(this.uri, text, this.base).then(kept => {
            if (this.timer === undefined && this.saveable.dirty && textOf(this.saveable) === text) {
                this.kept = kept;
            }
        });
    }
}
