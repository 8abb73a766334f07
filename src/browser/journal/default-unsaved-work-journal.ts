// *****************************************************************************
// The work journal's writer: follows every editor of a file, writes the text of a dirty one to IndexedDB
// shortly after the last change (at once on page hide, tab hidden, connection lost), deletes it when the
// disk holds the text again (saved or reverted), and on an ephemeral disk keeps a copy of each saved file.
// Each file's editors are a TrackedEditor (tracked-editor.ts); this class follows the shell and the page.
// *****************************************************************************

import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { Widget } from '@theia/core/shared/@lumino/widgets';
import { ApplicationShell } from '@theia/core/lib/browser/shell/application-shell';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { NavigatableWidget } from '@theia/core/lib/browser/navigatable-types';
import { Saveable } from '@theia/core/lib/browser/saveable';
import { Disposable, DisposableCollection } from '@theia/core/lib/common/disposable';
import { ILogger } from '@theia/core/lib/common/logger';
import { FileService } from '@theia/filesystem/lib/browser/file-service';
import { WorkspaceService } from '@theia/workspace/lib/browser/workspace-service';
import { ConnectionMonitor } from '../connection/monitor/connection-monitor';
import { JournalEntry } from './journal-entry';
import { JournalPreferences, JOURNAL_ENABLED } from './journal-preferences';
import { JournalWriter } from './journal-writer';
import { UnsavedWorkJournal } from './unsaved-work-journal';
import { JournalStorageVerdict } from './journal-storage-verdict';
import { TrackedEditor, TrackedEditorContext } from './tracked-editor';

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

    protected readonly tracked = new Map<string, TrackedEditor>();
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
                t.writeNow();
            }
        }
        await this.writer.idle();
    }

    /** The page may be gone after this task: write every pending text synchronously where possible. */
    protected flushNow(): void {
        for (const t of this.tracked.values()) {
            t.flushNow();
        }
    }

    protected enabled(): boolean {
        return this.preferences[JOURNAL_ENABLED] !== false;
    }

    /** What each tracked editor uses: the journal's services and its switch, read at each use. */
    protected editorContext(): TrackedEditorContext {
        const { fileService, writer, storage, logger } = this;
        return { fileService, writer, storage, logger, enabled: () => this.enabled() };
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
            const t = new TrackedEditor(uri, saveable, widget, this.editorContext());
            this.tracked.set(uri, t);
            t.start();
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
            t.writeNow();
        }
        t.toDispose.dispose();
        this.tracked.delete(uri);
    }
}
