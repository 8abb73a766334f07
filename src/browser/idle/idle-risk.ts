// *****************************************************************************
// What an idle stop would cost, in the one warning notification: pure text (unit tests). Every file name is
// escaped (notifications render markdown and run `command:` links).
// *****************************************************************************

import { StorageVerdict } from '../../common/storage/storage-protocol';
import { escapeMarkdown } from '../shared/markdown-text';
import { nls } from '@theia/core/lib/common/nls';

export interface IdleRisk {
    /** The workspace's storage verdict; undefined when it cannot be told. */
    verdict: StorageVerdict | undefined;
    /** Names of editors with unsaved changes. */
    unsaved: string[];
    /** Names of files saved only to an ephemeral disk (kept by the work journal). */
    savedOnlyEphemeral: string[];
}

const MAX_NAMES = 5;

export function verdictLine(verdict: StorageVerdict | undefined): string {
    switch (verdict) {
        case 'ephemeral': return nls.localize('theia-session-health/idle/verdict.ephemeral', 'ephemeral: the workspace files go with the pod');
        case 'node-local': return nls.localize('theia-session-health/idle/verdict.nodeLocal', 'node-local: the workspace files stay behind on this node');
        case 'persistent': return nls.localize('theia-session-health/idle/verdict.persistent', 'persistent: the workspace files are kept');
        default: return nls.localize('theia-session-health/idle/verdict.unknown', 'unknown: nobody could tell whether the workspace files survive');
    }
}

function names(list: string[]): string {
    const shown = list.slice(0, MAX_NAMES).map(escapeMarkdown).join(', ');
    return list.length > MAX_NAMES ? nls.localize('theia-session-health/idle/more', '{0} and {1} more', shown, list.length - MAX_NAMES) : shown;
}

/** The notification text (markdown, every name escaped). */
export function idleRiskMessage(risk: IdleRisk, countdown: string): string {
    // the clock ("4:59") of the item's text, whatever its language
    const clock = /\d+(?::\d\d)+/.exec(countdown)?.[0] ?? countdown;
    const parts = [nls.localize('theia-session-health/idle/risk.head', 'The IDE stops soon for inactivity (in {0}). What a stop would cost:', escapeMarkdown(clock))];
    parts.push(nls.localize('theia-session-health/idle/risk.storage', 'Workspace storage {0}.', escapeMarkdown(verdictLine(risk.verdict))));
    parts.push(risk.unsaved.length
        ? nls.localize('theia-session-health/idle/risk.unsaved', 'Unsaved editors ({0}): {1}.', risk.unsaved.length, names(risk.unsaved))
        : nls.localize('theia-session-health/idle/risk.unsavedNone', 'Unsaved editors: none.'));
    if (risk.savedOnlyEphemeral.length) {
        parts.push(nls.localize('theia-session-health/idle/risk.savedOnlyEphemeral', 'Saved only to an ephemeral disk ({0}): {1}.', risk.savedOnlyEphemeral.length, names(risk.savedOnlyEphemeral)));
    }
    return parts.join(' ');
}
