// *****************************************************************************
// What the user sees of the journal: the restore at every start, the commands "Restore Unsaved Work…" and
// "Forget This Workspace's Journal", and the notices when the caps keep something out. Notifications carry
// counts only (Theia renders them as markdown); paths are shown in quick picks.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { Command, CommandContribution, CommandRegistry } from '@theia/core/lib/common/command';
import { MessageService } from '@theia/core/lib/common/message-service';
import { QuickInputService, QuickPickItem } from '@theia/core/lib/common/quick-pick-service';
import { ILogger } from '@theia/core/lib/common/logger';
import { files, JournalEntry, notReopenedMessage, stateLabel } from './journal-logic';
import { NotKept, UnsavedWorkJournal } from './journal-service';
import { EvaluatedEntry, JournalRestorer, RestoreSummary } from './journal-restorer';
import { JournalPreferences, JOURNAL_ENABLED } from './journal-preferences';
import { JournalStorageVerdict } from './journal-storage-verdict';
import { sessionHealthCommand } from '../command-category';

export namespace JournalCommands {
    export const RESTORE_UNSAVED: Command = sessionHealthCommand({ id: 'session-health.restore-unsaved', label: 'Restore Unsaved Work…' }, 'theia-session-health/journal/restoreUnsaved');
    export const FORGET_JOURNAL: Command = sessionHealthCommand({ id: 'session-health.forget-journal', label: 'Forget This Workspace\'s Journal' }, 'theia-session-health/journal/forgetJournal');
}

/** The command as the command palette shows it. */
const RESTORE_TITLE = `${JournalCommands.RESTORE_UNSAVED.category}: ${JournalCommands.RESTORE_UNSAVED.label}`;

export const ACTION_RESTORE_ALL = 'Restore all';
export const ACTION_REVIEW = 'Review…';
export const ACTION_SHOW_FILES = 'Show Files';
export const ACTION_RESTORE_UNSAVED = 'Restore Unsaved Work…';
export const ACTION_ADOPT = 'They Belong Here…';
export const ACTION_FORGET_UNKNOWN = 'Forget Them';

/** Counts only (rendered as markdown): entries at this path whose workspace cannot be told apart from this one. */
export function unknownMessage(n: number): string {
    return `Session Health: this browser keeps unsaved work of ${files(n)} for a workspace at this same path that it cannot tell `
        + 'apart from this one (kept by an earlier version, or while the IDE could not tell which workspace it was). '
        + 'Nothing of it is shown or written here unless you say it belongs to this workspace.';
}


/** "1 file you edited is not on the new disk" / "3 files you edited are not on the new disk". */
export function missingMessage(n: number): string {
    return `${files(n)} you edited ${n === 1 ? 'is' : 'are'} not on the new disk.`;
}

type PickItem = QuickPickItem & { run: () => Promise<void> };

@injectable()
export class JournalContribution implements FrontendApplicationContribution, CommandContribution {
    @inject(UnsavedWorkJournal) protected readonly journal: UnsavedWorkJournal;
    @inject(JournalRestorer) protected readonly restorer: JournalRestorer;
    @inject(MessageService) protected readonly messages: MessageService;
    @inject(QuickInputService) protected readonly quickInput: QuickInputService;
    @inject(JournalPreferences) protected readonly preferences: JournalPreferences;
    @inject(ILogger) protected readonly logger: ILogger;
    @inject(JournalStorageVerdict) protected readonly storage: JournalStorageVerdict;

    registerCommands(commands: CommandRegistry): void {
        commands.registerCommand(JournalCommands.RESTORE_UNSAVED, { execute: () => this.showRestorePick() });
        commands.registerCommand(JournalCommands.FORGET_JOURNAL, { execute: () => this.forgetAll() });
    }

    onStart(): void {
        this.journal.onDidNotKeep(e => this.tellNotKept(e));
    }

    /** Not awaited: Theia keeps its loading screen up until this returns, and the restore may wait for the user. */
    onDidInitializeLayout(): void {
        this.preferences.ready
            // Entries past their age go first, under every key (other IDEs of this origin, old session URLs), journal
            // on or off; then, when on, this workspace's entries are restored.
            .then(() => this.journal.sweepExpired())
            .then(() => this.preferences[JOURNAL_ENABLED] === false ? undefined : this.startUp())
            .catch(e => {
                this.logger.warn(`session-health: journal restore failed: ${e instanceof Error ? e.message : String(e)}`);
                // Counts and fixed text only (notifications render markdown): the reason is in the log.
                this.offerRestorePick('Session Health: the unsaved work kept in this browser could not be restored at start. '
                    + `It is still kept: ${RESTORE_TITLE} lists it.`);
            });
    }

    protected offerRestorePick(text: string): void {
        this.messages.warn(text, ACTION_RESTORE_UNSAVED)
            .then(action => action === ACTION_RESTORE_UNSAVED ? this.showRestorePick() : undefined)
            .catch(() => undefined);
    }

    /** Entries of another or an unknown workspace are never offered without asking; this workspace's are restored. */
    protected async startUp(): Promise<void> {
        const unknown = await this.journal.unknownEntries();
        if (unknown.length) {
            this.askAboutUnknown(unknown).catch(e => this.logger.warn(`session-health: journal: ${e instanceof Error ? e.message : String(e)}`));
        }
        await this.restoreAtStart();
    }

    protected async askAboutUnknown(entries: JournalEntry[]): Promise<void> {
        const action = await this.messages.warn(unknownMessage(entries.length), ACTION_ADOPT, ACTION_FORGET_UNKNOWN);
        if (action === ACTION_ADOPT) {
            await this.journal.adopt(entries);
            await this.showRestorePick();
        } else if (action === ACTION_FORGET_UNKNOWN) {
            for (const entry of entries) {
                await this.journal.forget(entry);
            }
        }
    }

    /** Unsaved edits whose base is on the disk come back at once; conflicts open a diff; missing files are offered. */
    protected async restoreAtStart(): Promise<void> {
        const items = await this.restorer.evaluate();
        const summary: RestoreSummary = { reopened: 0, diffs: 0, written: 0, refused: 0, failed: 0 };
        const reopen = items.filter(i => i.entry.kind === 'unsaved' && (i.state === 'unsaved-edit' || i.state === 'conflict' || i.state === 'unreadable'));
        for (const item of reopen) {
            await this.restorer.restoreOne(item, summary).catch(() => summary.failed++);
        }
        if (summary.reopened) {
            this.messages.info(`Restored the unsaved changes of ${summary.reopened} editor${summary.reopened === 1 ? '' : 's'} `
                + '(kept in this browser). They are still unsaved.');
        }
        if (summary.failed) {
            this.offerRestorePick(notReopenedMessage(summary.failed, reopen.length, RESTORE_TITLE));
        }
        if (summary.diffs) {
            this.messages.warn(`${files(summary.diffs)} changed on the disk while ${summary.diffs === 1 ? 'it' : 'they'} had unsaved edits here. `
                + 'A diff shows the disk and the text kept in this browser; nothing was overwritten.', ACTION_REVIEW)
                .then(action => { if (action === ACTION_REVIEW) { this.showRestorePick(); } });
        }
        // Saved copies are kept until the storage is persistent again; then the disk holds them for good.
        const kept = items.filter(i => i.state === 'kept');
        if (kept.length && await this.storage.verdict() === 'persistent') {
            for (const item of kept) {
                await this.journal.forget(item.entry);
            }
        }
        const missing = items.filter(i => i.state === 'missing');
        if (missing.length) {
            const action = await this.messages.warn(missingMessage(missing.length), ACTION_RESTORE_ALL, ACTION_REVIEW);
            if (action === ACTION_RESTORE_ALL) {
                await this.restoreAll(await this.restorer.evaluate());
            } else if (action === ACTION_REVIEW) {
                await this.showRestorePick();
            }
        }
    }

    protected async restoreAll(items: EvaluatedEntry[]): Promise<void> {
        const summary = await this.restorer.restoreAll(items.filter(i => i.state !== 'kept'));
        const parts: string[] = [];
        if (summary.written) {
            parts.push(`wrote back ${files(summary.written)}`);
        }
        if (summary.reopened) {
            parts.push(`reopened ${files(summary.reopened)} with unsaved changes`);
        }
        if (summary.diffs) {
            parts.push(`opened ${summary.diffs} diff${summary.diffs === 1 ? '' : 's'} (the disk changed)`);
        }
        if (summary.refused || summary.failed) {
            // Counts only (notifications render markdown); Show Files lists each file and why, as plain text.
            parts.push(`did not restore ${files(summary.refused + summary.failed)} (still kept in this browser; ${ACTION_SHOW_FILES} says why)`);
        }
        const text = parts.length ? `Session Health: ${parts.join('; ')}.` : 'Session Health: nothing to restore.';
        if (summary.refused || summary.failed) {
            this.messages.warn(text, ACTION_SHOW_FILES).then(action => action === ACTION_SHOW_FILES
                ? this.quickInput.showQuickPick((summary.notRestored ?? []).map(n => ({ label: this.restorer.displayPath(n.uri), description: n.reason })),
                    { placeholder: 'Not restored (still kept in this browser)' })
                : undefined).catch(() => undefined);
        } else {
            this.messages.info(text);
        }
    }

    async showRestorePick(): Promise<void> {
        const items = await this.restorer.evaluate();
        const actionable = items.filter(i => i.state !== 'kept');
        const picks: PickItem[] = [];
        if (actionable.length) {
            picks.push({ label: `Restore all (${files(actionable.length)})`, run: () => this.restoreAll(items) });
        }
        for (const item of items) {
            picks.push({
                label: this.restorer.displayPath(item.entry.uri),
                description: item.reason ? `${stateLabel(item.entry, item.state)}: ${item.reason}` : stateLabel(item.entry, item.state),
                detail: `kept ${new Date(item.entry.updatedAt).toLocaleString()}`,
                run: () => this.pickEntry(item)
            });
        }
        if (items.length) {
            picks.push({ label: `Forget all ${items.length} entr${items.length === 1 ? 'y' : 'ies'} of this workspace…`, run: () => this.forgetAll() });
        }
        if (!picks.length) {
            this.messages.info('Session Health: this browser keeps no unsaved or unpersisted work for this workspace.');
            return;
        }
        const chosen = await this.quickInput.showQuickPick(picks, { placeholder: 'Work kept in this browser for this workspace' });
        await chosen?.run();
    }

    protected async pickEntry(item: EvaluatedEntry): Promise<void> {
        const actions: PickItem[] = [];
        const summary: RestoreSummary = { reopened: 0, diffs: 0, written: 0, refused: 0, failed: 0 };
        if (item.state === 'unsaved-edit') {
            actions.push({ label: 'Reopen with the unsaved changes', run: () => this.restorer.restoreOne(item, summary) });
        }
        if (item.state === 'missing') {
            actions.push({ label: 'Write it back to the disk', run: () => this.restoreAll([item]) });
        }
        if (item.state === 'conflict' || item.state === 'kept') {
            actions.push({ label: 'Compare the disk with the copy kept in this browser', run: () => this.restorer.showDiff(item.entry) });
        }
        if (item.state === 'conflict' && item.entry.kind === 'unsaved') {
            actions.push({
                label: 'Use the kept text (open it unsaved over the disk\'s version)',
                run: async () => { await this.restorer.reopenUnsaved(item.entry); }
            });
        }
        actions.push({ label: 'Forget this entry', run: () => this.journal.forget(item.entry) });
        const chosen = await this.quickInput.showQuickPick(actions, { placeholder: this.restorer.displayPath(item.entry.uri) });
        await chosen?.run();
    }

    async forgetAll(): Promise<void> {
        const n = await this.journal.forgetWorkspace();
        this.messages.info(`Session Health: forgot ${n} journal entr${n === 1 ? 'y' : 'ies'} of this workspace in this browser.`);
    }

    protected async tellNotKept(e: NotKept): Promise<void> {
        const text = e.reason === 'too-large'
            ? `Session Health: ${files(e.uris.length)} too large for the journal (setting sessionHealth.journal.maxFileBytes): not kept in this browser.`
            : `Session Health: the journal of this workspace is full (setting sessionHealth.journal.maxWorkspaceBytes): dropped the oldest ${files(e.uris.length)}.`;
        const action = await this.messages.warn(text, ACTION_SHOW_FILES);
        if (action === ACTION_SHOW_FILES) {
            await this.quickInput.showQuickPick(e.uris.map(uri => ({ label: this.restorer.displayPath(uri), description: e.reason === 'too-large' ? 'not kept' : 'dropped' })),
                { placeholder: e.reason === 'too-large' ? 'Not kept in this browser' : 'Dropped from this browser\'s journal' });
        }
    }
}
