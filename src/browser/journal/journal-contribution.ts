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
import { JournalEntry } from './journal-entry';
import { notReopenedMessage } from './journal-texts';
import { stateLabel } from './journal-entry-state';
import {
    ACTION_ADOPT, ACTION_FORGET_UNKNOWN, ACTION_RESTORE_ALL, ACTION_RESTORE_UNSAVED, ACTION_REVIEW, ACTION_SHOW_FILES, diffsMessage, forgotMessage,
    missingMessage, notKeptTexts, pickTexts, reopenedMessage, restoreFailedAtStart, restoreParts, restoreSummaryMessage, unknownMessage
} from './journal-texts';
import { NotKept, UnsavedWorkJournal } from './unsaved-work-journal';
import { EvaluatedEntry, JournalRestorer, RestoreSummary } from './journal-restorer';
import { JournalPreferences, JOURNAL_ENABLED } from './journal-preferences';
import { JournalStorageVerdict } from './journal-storage-verdict';
import { sessionHealthCommand } from '../shared/command-category';

export namespace JournalCommands {
    export const RESTORE_UNSAVED: Command = sessionHealthCommand({ id: 'session-health.restore-unsaved', label: 'Restore Unsaved Work…' }, 'theia-session-health/journal/restoreUnsaved');
    export const FORGET_JOURNAL: Command = sessionHealthCommand({ id: 'session-health.forget-journal', label: 'Forget This Workspace\'s Journal' }, 'theia-session-health/journal/forgetJournal');
}

/** The command as the command palette shows it. */
const RESTORE_TITLE = `${JournalCommands.RESTORE_UNSAVED.category}: ${JournalCommands.RESTORE_UNSAVED.label}`;

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
                this.offerRestorePick(restoreFailedAtStart(RESTORE_TITLE));
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
            this.messages.info(reopenedMessage(summary.reopened));
        }
        if (summary.failed) {
            this.offerRestorePick(notReopenedMessage(summary.failed, reopen.length, RESTORE_TITLE));
        }
        if (summary.diffs) {
            this.messages.warn(diffsMessage(summary.diffs), ACTION_REVIEW)
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
            parts.push(restoreParts.written(summary.written));
        }
        if (summary.reopened) {
            parts.push(restoreParts.reopened(summary.reopened));
        }
        if (summary.diffs) {
            parts.push(restoreParts.diffs(summary.diffs));
        }
        if (summary.refused || summary.failed) {
            // Counts only (notifications render markdown); Show Files lists each file and why, as plain text.
            parts.push(restoreParts.notRestored(summary.refused + summary.failed));
        }
        const text = restoreSummaryMessage(parts);
        if (summary.refused || summary.failed) {
            this.messages.warn(text, ACTION_SHOW_FILES).then(action => action === ACTION_SHOW_FILES
                ? this.quickInput.showQuickPick((summary.notRestored ?? []).map(n => ({ label: this.restorer.displayPath(n.uri), description: n.reason })),
                    { placeholder: pickTexts.notRestoredPlaceholder() })
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
            picks.push({ label: pickTexts.restoreAll(actionable.length), run: () => this.restoreAll(items) });
        }
        for (const item of items) {
            picks.push({
                label: this.restorer.displayPath(item.entry.uri),
                description: item.reason ? `${stateLabel(item.entry, item.state)}: ${item.reason}` : stateLabel(item.entry, item.state),
                detail: pickTexts.kept(new Date(item.entry.updatedAt).toLocaleString()),
                run: () => this.pickEntry(item)
            });
        }
        if (items.length) {
            picks.push({ label: pickTexts.forgetAll(items.length), run: () => this.forgetAll() });
        }
        if (!picks.length) {
            this.messages.info(pickTexts.nothingKept());
            return;
        }
        const chosen = await this.quickInput.showQuickPick(picks, { placeholder: pickTexts.placeholder() });
        await chosen?.run();
    }

    protected async pickEntry(item: EvaluatedEntry): Promise<void> {
        const actions: PickItem[] = [];
        const summary: RestoreSummary = { reopened: 0, diffs: 0, written: 0, refused: 0, failed: 0 };
        if (item.state === 'unsaved-edit') {
            actions.push({ label: pickTexts.reopen(), run: () => this.restorer.restoreOne(item, summary) });
        }
        if (item.state === 'missing') {
            actions.push({ label: pickTexts.writeBack(), run: () => this.restoreAll([item]) });
        }
        if (item.state === 'conflict' || item.state === 'kept') {
            actions.push({ label: pickTexts.compare(), run: () => this.restorer.showDiff(item.entry) });
        }
        if (item.state === 'conflict' && item.entry.kind === 'unsaved') {
            actions.push({
                label: pickTexts.useKept(),
                run: async () => { await this.restorer.reopenUnsaved(item.entry); }
            });
        }
        actions.push({ label: pickTexts.forgetOne(), run: () => this.journal.forget(item.entry) });
        const chosen = await this.quickInput.showQuickPick(actions, { placeholder: this.restorer.displayPath(item.entry.uri) });
        await chosen?.run();
    }

    async forgetAll(): Promise<void> {
        const n = await this.journal.forgetWorkspace();
        this.messages.info(forgotMessage(n));
    }

    protected async tellNotKept(e: NotKept): Promise<void> {
        const text = e.reason === 'too-large'
            ? notKeptTexts.tooLarge(e.uris.length)
            : notKeptTexts.full(e.uris.length);
        const action = await this.messages.warn(text, ACTION_SHOW_FILES);
        if (action === ACTION_SHOW_FILES) {
            await this.quickInput.showQuickPick(e.uris.map(uri => ({ label: this.restorer.displayPath(uri), description: e.reason === 'too-large' ? notKeptTexts.notKept() : notKeptTexts.dropped() })),
                { placeholder: e.reason === 'too-large' ? notKeptTexts.notKeptPlaceholder() : notKeptTexts.droppedPlaceholder() });
        }
    }
}
