// *****************************************************************************
// The work journal's writer: follows every editor of a file, writes the text of a dirty one to IndexedDB
// shortly after the last change (at once on page hide, tab hidden, connection lost), deletes it when the
// disk holds the text again (saved or reverted), and on an ephemeral disk keeps a copy of each saved file.
// *****************************************************************************

import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { Widget } from '@theia/core/shared/@lumino/widgets';
import { ApplicationShell } from '@theia/core/lib/browser/shell/application-shell';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { NavigatableWidget } from '@theia/core/lib/browser/navigatable-types';
import { Saveable } from '@theia/core/lib/browser/saveable';
import { Disposable, DisposableCollection } from '@theia/core/lib/common/disposable';
import { ILogger } from '@theia/core/lib/common/logger';
import URI from '@theia/core/lib/common/uri';
import { FileService } from '@theia/filesystem/lib/browser/file-service';
import { WorkspaceService } from '@theia/workspace/lib/browser/workspace-service';
import { sha256Hex } from '../../common/shared/sha256';
import { ConnectionMonitor } from '../connection/monitor/connection-monitor';
import { DEBOUNCE_MS, MAX_WAIT_MS, writesThrough } from './journal-timing';
import { JournalBase, JournalEntry } from './journal-entry';
import { JournalPreferences, JOURNAL_ENABLED } from './journal-preferences';
import { JournalWriter } from './journal-writer';
import { UnsavedWorkJournal } from './unsaved-work-journal';
import { JournalStorageVerdict, keepsSavedCopies } from './journal-storage-verdict';

interface Tracked {
    uri: string;
    saveable: Saveable;
    widgets: Set<Widget>;
    /** Hash of the text the disk held when the editor was last clean. */
    base?: JournalBase;
    wasDirty: boolean;
    timer?: number;
    firstChangeAt?: number;
    kept: boolean; // the latest text is in IndexedDB
    /** Length of the text last read (decides write-through without reading a large text on every keystroke). */
    length?: number;
    toDispose: DisposableCollection;
}

@injectable()
export class DefaultUnsavedWorkJournal implements UnsavedWorkJournal, FrontendApplicationContribution {
    @inject(ApplicationShell) protected readonly shell: ApplicationShell;
    @inject(FileService) protected readonly fileService: FileService;
    @inject(WorkspaceService) protected readonly workspaceService: WorkspaceService;
    @inject(JournalPreferences) protected readonly preferences: JournalPreferences;
    @inject(JournalWriter) protected readonly writer: JournalWriter;
    @inject(JournalStorageVerdict) protected readonly storage: JournalStorageVerdict;
    @inject(ILogger) protected readonly logger: ILogger;
    @inject(ConnectionMonitor) @optional() protected readonly monitor: ConnectionMonitor | undefined;

    protected readonly tracked = new Map<string, Tracked>();
    protected readonly toDispose = new DisposableCollection();
    get onDidChange(): UnsavedWorkJournal['onDidChange'] { return this.writer.onDidChange; }
    get onDidNotKeep(): UnsavedWorkJournal['onDidNotKeep'] { return this.writer.onDidNotKeep; }

    onStart(): void {
        const flush = () => { this.flushNow(); };
        const onVisibility = () => document.visibilityState === 'hidden' && flush();
        window.addEventListener('pagehide', flush);
        document.addEventListener('visibilitychange', onVisibility);
        this.toDispose.push(Disposable.create(() => {
            window.removeEventListener('pagehide', flush);
            document.removeEventListener('visibilitychange', onVisibility);
        }));
        if (this.monitor) {
            let last = this.monitor.snapshot().state;
            this.toDispose.push(this.monitor.onDidChange(s => {
                if (last === 'connected' && s.state !== 'connected') {
                    flush();
                }
                last = s.state;
            }));
        }
        // An entry dropped by the workspace cap (or refused as too large) is not kept, whatever was written before.
        this.toDispose.push(this.writer.onDidNotKeep(e => e.uris.forEach(uri => { const t = this.tracked.get(uri); if (t) { t.kept = false; } })));
        this.writer.prepare();
        this.toDispose.push(this.shell.onDidAddWidget(w => this.track(w)));
        this.shell.widgets.forEach(w => this.track(w));
    }

    onStop(): void {
        this.flushNow();
        this.toDispose.dispose();
    }

    workspaceKey(): Promise<string | undefined> {
        return this.writer.workspaceKey();
    }

    entries(): Promise<JournalEntry[]> {
        return this.writer.entries();
    }

    sweepExpired(): Promise<number> {
        return this.writer.sweepExpired();
    }

    unknownEntries(): Promise<JournalEntry[]> {
        return this.writer.unknownEntries();
    }

    adopt(entries: readonly JournalEntry[]): Promise<number> {
        return this.writer.adopt(entries);
    }

    forget(entry: Pick<JournalEntry, 'workspace' | 'kind' | 'uri'>): Promise<void> {
        return this.writer.delete(entry);
    }

    async forgetWorkspace(): Promise<number> {
        for (const t of this.tracked.values()) {
            window.clearTimeout(t.timer);
            t.timer = undefined;
            t.kept = false;
        }
        return this.writer.clear();
    }

    unsavedCounts(): { kept: number; pending: number } {
        const dirty = [...this.tracked.values()].filter(t => t.saveable.dirty);
        const kept = dirty.filter(t => t.kept).length;
        return { kept, pending: dirty.length - kept };
    }

    async flush(): Promise<void> {
        for (const t of this.tracked.values()) {
            if (t.timer !== undefined) {
                this.writeNow(t);
            }
        }
        await this.writer.idle();
    }

    /** The page may be gone after this task: write every pending text synchronously where possible. */
    protected flushNow(): void {
        for (const t of this.tracked.values()) {
            if (t.timer === undefined) {
                continue;
            }
            const text = this.textOf(t.saveable);
            if (text !== undefined && t.saveable.dirty && this.enabled() && this.writer.keepUnsavedThrough(t.uri, text, t.base)) {
                this.stopTimer(t);
                t.kept = true;
            } else {
                this.writeNow(t);
            }
        }
    }

    protected enabled(): boolean {
        return this.preferences[JOURNAL_ENABLED] !== false;
    }

    protected textOf(saveable: Saveable): string | undefined {
        return saveable.createSnapshot ? Saveable.Snapshot.read(saveable.createSnapshot()) : undefined;
    }

    protected track(widget: Widget): void {
        const saveable = Saveable.get(widget);
        const resource = NavigatableWidget.is(widget) ? widget.getResourceUri() : undefined;
        if (!saveable || !resource || resource.scheme !== 'file' || !saveable.createSnapshot) {
            return;
        }
        const uri = resource.toString();
        const existing = this.tracked.get(uri);
        if (existing) {
            existing.widgets.add(widget);
        } else {
            const t: Tracked = { uri, saveable, widgets: new Set([widget]), wasDirty: saveable.dirty, kept: false, toDispose: new DisposableCollection() };
            this.tracked.set(uri, t);
            if (!saveable.dirty) {
                this.rebase(t);
            } else {
                this.schedule(t);
            }
            t.toDispose.push(saveable.onContentChanged(() => this.contentChanged(t)));
            t.toDispose.push(saveable.onDirtyChanged(() => this.dirtyChanged(t)));
        }
        widget.disposed.connect(() => this.untrack(uri, widget));
    }

    protected untrack(uri: string, widget: Widget): void {
        const t = this.tracked.get(uri);
        if (!t || !t.widgets.delete(widget) || t.widgets.size) {
            return;
        }
        // The last editor of the file closed: a still dirty text is written once more and kept.
        if (t.timer !== undefined) {
            this.writeNow(t);
        }
        t.toDispose.dispose();
        this.tracked.delete(uri);
    }

    /** The editor is clean: its text is what the disk holds; remember it as the base of the next edit. */
    protected rebase(t: Tracked): void {
        const text = this.textOf(t.saveable);
        if (text === undefined) {
            return;
        }
        const base: JournalBase = { sha256: sha256Hex(text) };
        t.base = base;
        this.fileService.resolve(new URI(t.uri)).then(stat => {
            if (t.base === base) {
                base.mtime = stat.mtime;
                base.etag = stat.etag;
            }
        }, () => undefined);
    }

    protected contentChanged(t: Tracked): void {
        if (t.saveable.dirty) {
            this.schedule(t);
        } else if (!t.wasDirty) {
            // Reloaded from the disk while clean (a change on the disk): a new base.
            this.rebase(t);
        }
    }

    protected dirtyChanged(t: Tracked): void {
        const dirty = t.saveable.dirty;
        const was = t.wasDirty;
        t.wasDirty = dirty;
        if (dirty || !was) {
            if (dirty) {
                this.schedule(t);
            }
            return;
        }
        // Saved or reverted: the entry goes once the disk holds the editor's text. Until then the text typed within
        // the debounce is kept too: a backend killed right after the save cannot confirm the disk (nor give the bytes
        // of a saved copy), and the disk it saved to may be gone with it.
        const current = t.timer !== undefined && this.enabled() ? this.textOf(t.saveable) : undefined;
        this.stopTimer(t);
        if (current !== undefined) {
            this.writer.keepUnsaved(t.uri, current, t.base);
        }
        const previousBase = t.base?.sha256;
        this.rebase(t);
        const saved = t.base !== undefined && t.base.sha256 !== previousBase;
        this.settle(t, saved).catch(e => this.logger.warn(`session-health: journal: ${e instanceof Error ? e.message : String(e)}`));
    }

    protected async settle(t: Tracked, saved: boolean): Promise<void> {
        const text = this.textOf(t.saveable);
        const resource = new URI(t.uri);
        const disk = await this.fileService.readFile(resource);
        const diskText = disk.value.toString();
        // The saved copy first: the unsaved text goes only once the bytes that replace it are kept.
        if (saved && this.enabled() && keepsSavedCopies(await this.storage.verdict())) {
            await this.writer.keepSaved(t.uri, disk.value.buffer, { sha256: sha256Hex(diskText), mtime: disk.mtime, etag: disk.etag });
        }
        if (text !== undefined && diskText === text && !t.saveable.dirty) {
            await this.writer.delete({ kind: 'unsaved', uri: t.uri });
            t.kept = false;
        }
    }

    protected schedule(t: Tracked): void {
        t.kept = false; // the text changed; with the journal off it stays so (the tooltip must not say 'kept')
        if (!this.enabled()) {
            return;
        }
        if (t.saveable.dirty && this.writeThrough(t)) {
            return;
        }
        const now = Date.now();
        t.firstChangeAt ??= now;
        window.clearTimeout(t.timer);
        const wait = Math.max(0, Math.min(DEBOUNCE_MS, t.firstChangeAt + MAX_WAIT_MS - now));
        t.timer = window.setTimeout(() => this.writeNow(t), wait);
    }

    /**
     * A small text is written in this very task: a crashed tab or a killed browser runs nothing after it, so a
     * debounced write would lose what was typed in its last 300 ms. False (debounce instead) for a large text.
     */
    protected writeThrough(t: Tracked): boolean {
        if (!writesThrough(t.length)) {
            return false;
        }
        const text = this.textOf(t.saveable);
        t.length = text?.length;
        if (text === undefined || !writesThrough(text.length) || !this.writer.keepUnsavedThrough(t.uri, text, t.base)) {
            return false;
        }
        this.stopTimer(t);
        t.kept = true;
        return true;
    }

    protected stopTimer(t: Tracked): void {
        window.clearTimeout(t.timer);
        t.timer = undefined;
        t.firstChangeAt = undefined;
    }

    protected writeNow(t: Tracked): void {
        this.stopTimer(t);
        const text = this.textOf(t.saveable);
        t.length = text?.length;
        if (text === undefined || !t.saveable.dirty || !this.enabled()) {
            return;
        }
        this.writer.keepUnsaved(t.uri, text, t.base).then(kept => {
            if (t.timer === undefined && t.saveable.dirty && this.textOf(t.saveable) === text) {
                t.kept = kept;
            }
        });
    }
}
