// *****************************************************************************
// What an idle stop would cost, in the one warning notification: pure text (unit tests). Every file name is
// escaped (notifications render markdown and run `command:` links).
// *****************************************************************************

import { StorageVerdict } from '../../common/storage/storage-protocol';
import { escapeMarkdown } from '../markdown-text';

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
        case 'ephemeral': return 'ephemeral: the workspace files go with the pod';
        case 'node-local': return 'node-local: the workspace files stay behind on this node';
        case 'persistent': return 'persistent: the workspace files are kept';
        default: return 'unknown: nobody could tell whether the workspace files survive';
    }
}

function names(list: string[]): string {
    const shown = list.slice(0, MAX_NAMES).map(escapeMarkdown).join(', ');
    return list.length > MAX_NAMES ? `${shown} and ${list.length - MAX_NAMES} more` : shown;
}

/** The notification text (markdown, every name escaped). */
export function idleRiskMessage(risk: IdleRisk, countdown: string): string {
    const parts = [`The IDE stops soon for inactivity (${escapeMarkdown(countdown.replace(/^Stops in /, 'in '))}). What a stop would cost:`];
    parts.push(`Workspace storage ${escapeMarkdown(verdictLine(risk.verdict))}.`);
    parts.push(risk.unsaved.length
        ? `Unsaved editors (${risk.unsaved.length}): ${names(risk.unsaved)}.`
        : 'Unsaved editors: none.');
    if (risk.savedOnlyEphemeral.length) {
        parts.push(`Saved only to an ephemeral disk (${risk.savedOnlyEphemeral.length}): ${names(risk.savedOnlyEphemeral)}.`);
    }
    return parts.join(' ');
}
