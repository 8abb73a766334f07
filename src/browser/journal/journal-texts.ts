// *****************************************************************************
// What the journal says in notifications and quick picks, through nls.localize (keys theia-session-health/journal/*).
// Counts and fixed text only: notifications render markdown, so no path or file content goes into these.
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';

export const ACTION_RESTORE_ALL = nls.localize('theia-session-health/journal/actionRestoreAll', 'Restore all');
export const ACTION_REVIEW = nls.localize('theia-session-health/journal/actionReview', 'Review…');
export const ACTION_SHOW_FILES = nls.localize('theia-session-health/journal/actionShowFiles', 'Show Files');
export const ACTION_RESTORE_UNSAVED = nls.localize('theia-session-health/journal/restoreUnsaved', 'Restore Unsaved Work…');
export const ACTION_ADOPT = nls.localize('theia-session-health/journal/actionAdopt', 'They Belong Here…');
export const ACTION_FORGET_UNKNOWN = nls.localize('theia-session-health/journal/actionForgetUnknown', 'Forget Them');

/** Entries at this path whose workspace cannot be told apart from this one. */
export function unknownMessage(n: number): string {
    return nls.localize('theia-session-health/journal/unknown', 'Session Health: this browser keeps unsaved work of {0} for a workspace at this same path that it cannot tell apart from this one (kept by an earlier version, or while the IDE could not tell which workspace it was). Nothing of it is shown or written here unless you say it belongs to this workspace.', files(n));
}

/** "1 file you edited is not on the new disk" / "3 files you edited are not on the new disk". */
export function missingMessage(n: number): string {
    return n === 1
        ? nls.localize('theia-session-health/journal/missingOne', '{0} you edited is not on the new disk.', files(n))
        : nls.localize('theia-session-health/journal/missing', '{0} you edited are not on the new disk.', files(n));
}

export function restoreFailedAtStart(command: string): string {
    return nls.localize('theia-session-health/journal/restoreFailedAtStart', 'Session Health: the unsaved work kept in this browser could not be restored at start. It is still kept: {0} lists it.', command);
}

export function reopenedMessage(n: number): string {
    return n === 1
        ? nls.localize('theia-session-health/journal/reopenedOne', 'Restored the unsaved changes of 1 editor (kept in this browser). They are still unsaved.')
        : nls.localize('theia-session-health/journal/reopened', 'Restored the unsaved changes of {0} editors (kept in this browser). They are still unsaved.', n);
}

export function diffsMessage(n: number): string {
    return n === 1
        ? nls.localize('theia-session-health/journal/diffsOne', '{0} changed on the disk while it had unsaved edits here. A diff shows the disk and the text kept in this browser; nothing was overwritten.', files(n))
        : nls.localize('theia-session-health/journal/diffs', '{0} changed on the disk while they had unsaved edits here. A diff shows the disk and the text kept in this browser; nothing was overwritten.', files(n));
}

/** The parts of a restore summary, joined by "; " into one sentence. */
export const restoreParts = {
    written: (n: number) => nls.localize('theia-session-health/journal/partWritten', 'wrote back {0}', files(n)),
    reopened: (n: number) => nls.localize('theia-session-health/journal/partReopened', 'reopened {0} with unsaved changes', files(n)),
    diffs: (n: number) => n === 1
        ? nls.localize('theia-session-health/journal/partDiffsOne', 'opened 1 diff (the disk changed)')
        : nls.localize('theia-session-health/journal/partDiffs', 'opened {0} diffs (the disk changed)', n),
    notRestored: (n: number) => nls.localize('theia-session-health/journal/partNotRestored', 'did not restore {0} (still kept in this browser; {1} says why)', files(n), ACTION_SHOW_FILES)
};

export function restoreSummaryMessage(parts: string[]): string {
    return parts.length
        ? nls.localize('theia-session-health/journal/summary', 'Session Health: {0}.', parts.join('; '))
        : nls.localize('theia-session-health/journal/nothingToRestore', 'Session Health: nothing to restore.');
}

export const pickTexts = {
    notRestoredPlaceholder: () => nls.localize('theia-session-health/journal/notRestoredPlaceholder', 'Not restored (still kept in this browser)'),
    restoreAll: (n: number) => nls.localize('theia-session-health/journal/pickRestoreAll', 'Restore all ({0})', files(n)),
    kept: (at: string) => nls.localize('theia-session-health/journal/pickKept', 'kept {0}', at),
    forgetAll: (n: number) => n === 1
        ? nls.localize('theia-session-health/journal/pickForgetAllOne', 'Forget all 1 entry of this workspace…')
        : nls.localize('theia-session-health/journal/pickForgetAll', 'Forget all {0} entries of this workspace…', n),
    nothingKept: () => nls.localize('theia-session-health/journal/nothingKept', 'Session Health: this browser keeps no unsaved or unpersisted work for this workspace.'),
    placeholder: () => nls.localize('theia-session-health/journal/pickPlaceholder', 'Work kept in this browser for this workspace'),
    reopen: () => nls.localize('theia-session-health/journal/pickReopen', 'Reopen with the unsaved changes'),
    writeBack: () => nls.localize('theia-session-health/journal/pickWriteBack', 'Write it back to the disk'),
    compare: () => nls.localize('theia-session-health/journal/pickCompare', 'Compare the disk with the copy kept in this browser'),
    useKept: () => nls.localize('theia-session-health/journal/pickUseKept', 'Use the kept text (open it unsaved over the disk\'s version)'),
    forgetOne: () => nls.localize('theia-session-health/journal/pickForgetOne', 'Forget this entry')
};

export function forgotMessage(n: number): string {
    return n === 1
        ? nls.localize('theia-session-health/journal/forgotOne', 'Session Health: forgot 1 journal entry of this workspace in this browser.')
        : nls.localize('theia-session-health/journal/forgot', 'Session Health: forgot {0} journal entries of this workspace in this browser.', n);
}

export const notKeptTexts = {
    tooLarge: (n: number) => nls.localize('theia-session-health/journal/tooLarge', 'Session Health: {0} too large for the journal (setting sessionHealth.journal.maxFileBytes): not kept in this browser.', files(n)),
    full: (n: number) => nls.localize('theia-session-health/journal/full', 'Session Health: the journal of this workspace is full (setting sessionHealth.journal.maxWorkspaceBytes): dropped the oldest {0}.', files(n)),
    notKept: () => nls.localize('theia-session-health/journal/notKept', 'not kept'),
    dropped: () => nls.localize('theia-session-health/journal/dropped', 'dropped'),
    notKeptPlaceholder: () => nls.localize('theia-session-health/journal/notKeptPlaceholder', 'Not kept in this browser'),
    droppedPlaceholder: () => nls.localize('theia-session-health/journal/droppedPlaceholder', 'Dropped from this browser\'s journal')
};

/** "1 file" / "3 files". */
export function files(n: number): string {
    return n === 1 ? nls.localize('theia-session-health/journal/filesOne', '1 file') : nls.localize('theia-session-health/journal/files', '{0} files', n);
}

/**
 * Said when some or all reopens at start failed: how many, that nothing is lost (still kept in this browser) and
 * where to find them (`command`: the title of session-health.restore-unsaved). Counts only: it is rendered as markdown.
 */
export function notReopenedMessage(failed: number, of: number, command: string): string {
    const which = failed === of ? files(failed) : nls.localize('theia-session-health/journal/filesOf', '{0} of {1}', failed, files(of));
    return failed === 1
        ? nls.localize('theia-session-health/journal/notReopenedOne', 'Session Health: could not reopen {0} with its unsaved changes. It is still kept in this browser: {1} lists it.', which, command)
        : nls.localize('theia-session-health/journal/notReopened', 'Session Health: could not reopen {0} with their unsaved changes. They are still kept in this browser: {1} lists them.', which, command);
}
