// *****************************************************************************
// Settings under `sessionHealth.journal.*`. User scope only: they decide what is kept, so a cloned
// repository's .theia/settings.json must not turn the journal off or shrink its caps.
// *****************************************************************************

import { interfaces } from '@theia/core/shared/inversify';
import { PreferenceProxy, PreferenceSchema, PreferenceScope } from '@theia/core/lib/common/preferences';
import { bindUserScopedPreferences } from '../shared/user-scoped-preferences';
import { DEFAULT_MAX_AGE_DAYS, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_WORKSPACE_BYTES, MAX_AGE_DAYS_RANGE, MIB } from './journal-caps';
import { nls } from '@theia/core/lib/common/nls';

export const JOURNAL_ENABLED = 'sessionHealth.journal.enabled';
export const JOURNAL_MAX_FILE_BYTES = 'sessionHealth.journal.maxFileBytes';
export const JOURNAL_MAX_WORKSPACE_BYTES = 'sessionHealth.journal.maxWorkspaceBytes';
export const JOURNAL_MAX_AGE_DAYS = 'sessionHealth.journal.maxAgeDays';

export const MIN_CAP_BYTES = 1024;
export const MAX_CAP_BYTES = 1024 * MIB;

export const journalPreferenceSchema: PreferenceSchema = {
    scope: PreferenceScope.User,
    properties: {
        [JOURNAL_ENABLED]: {
            type: 'boolean',
            default: true,
            scope: PreferenceScope.User,
            description: nls.localize('theia-session-health/journal/pref.journalEnabled', 'Keep the text of unsaved editors (and, on an ephemeral disk, of saved files) in this browser\'s IndexedDB, and offer it back after a reload, a crash, a backend restart or a lost disk. It never leaves the browser unless you restore it.')
        },
        [JOURNAL_MAX_FILE_BYTES]: {
            type: 'number',
            default: DEFAULT_MAX_FILE_BYTES,
            minimum: MIN_CAP_BYTES,
            maximum: MAX_CAP_BYTES,
            scope: PreferenceScope.User,
            description: nls.localize('theia-session-health/journal/pref.journalMaxFileBytes', 'Largest file (bytes, UTF-8) the journal keeps. Larger files are not kept and you are told so.')
        },
        [JOURNAL_MAX_WORKSPACE_BYTES]: {
            type: 'number',
            default: DEFAULT_MAX_WORKSPACE_BYTES,
            minimum: MIN_CAP_BYTES,
            maximum: MAX_CAP_BYTES,
            scope: PreferenceScope.User,
            description: nls.localize('theia-session-health/journal/pref.journalMaxWorkspaceBytes', 'Most bytes the journal keeps for one workspace. When full, the oldest entries are dropped first and you are told which.')
        },
        [JOURNAL_MAX_AGE_DAYS]: {
            type: 'integer',
            default: DEFAULT_MAX_AGE_DAYS,
            ...MAX_AGE_DAYS_RANGE,
            scope: PreferenceScope.User,
            description: nls.localize('theia-session-health/journal/pref.journalMaxAgeDays', 'Days an entry (unsaved text or a kept copy of a saved file) stays in this browser after it was last written. Older entries are deleted when the IDE starts and are never offered back.')
        }
    }
};

export interface JournalConfiguration {
    [JOURNAL_ENABLED]: boolean;
    [JOURNAL_MAX_FILE_BYTES]: number;
    [JOURNAL_MAX_WORKSPACE_BYTES]: number;
    [JOURNAL_MAX_AGE_DAYS]: number;
}

export const JournalPreferenceContribution = Symbol('JournalPreferenceContribution');
export const JournalPreferences = Symbol('JournalPreferences');
export type JournalPreferences = PreferenceProxy<JournalConfiguration>;

/** A cap setting clamped to its range (a hand-edited settings.json may hold anything). */
export function clampCap(value: unknown, fallback: number): number {
    const n = typeof value === 'number' && Number.isFinite(value) ? value : fallback;
    return Math.min(MAX_CAP_BYTES, Math.max(MIN_CAP_BYTES, Math.floor(n)));
}

export function bindJournalPreferences(bind: interfaces.Bind): void {
    bindUserScopedPreferences(bind, { proxy: JournalPreferences, contribution: JournalPreferenceContribution, schema: journalPreferenceSchema });
}
