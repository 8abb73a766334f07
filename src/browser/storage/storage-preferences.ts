// *****************************************************************************
// Settings under `sessionHealth.storage.*`.
// *****************************************************************************

import { interfaces } from '@theia/core/shared/inversify';
import { PreferenceProxy, PreferenceSchema, PreferenceScope } from '@theia/core/lib/common/preferences';
import { bindUserScopedPreferences } from '../shared/user-scoped-preferences';
import { nls } from '@theia/core/lib/common/nls';

export const STORAGE_WARN_EPHEMERAL = 'sessionHealth.storage.warnEphemeral';
export const STORAGE_PERSISTENT_PATTERNS = 'sessionHealth.storage.persistentMountPatterns';
export const STORAGE_EPHEMERAL_PATTERNS = 'sessionHealth.storage.ephemeralMountPatterns';

export const storagePreferenceSchema: PreferenceSchema = {
    properties: {
        [STORAGE_WARN_EPHEMERAL]: {
            type: 'boolean',
            scope: PreferenceScope.User,
            default: true,
            description: nls.localize('theia-session-health/storage/pref.storageWarnEphemeral', 'Warn (once per workspace per session) when the workspace is on ephemeral or node-local storage.')
        },
        [STORAGE_PERSISTENT_PATTERNS]: {
            type: 'array',
            scope: PreferenceScope.User,
            items: { type: 'string' },
            default: [],
            description: nls.localize('theia-session-health/storage/pref.storagePersistentPatterns', 'Mount points declared persistent, as glob patterns (`*` within one path segment, `**` across segments), e.g. `/home/project` or `/mnt/**`. They override the detected verdict.')
        },
        [STORAGE_EPHEMERAL_PATTERNS]: {
            type: 'array',
            scope: PreferenceScope.User,
            items: { type: 'string' },
            default: [],
            description: nls.localize('theia-session-health/storage/pref.storageEphemeralPatterns', 'Mount points declared ephemeral, as glob patterns. They win over the persistent patterns.')
        }
    }
};

export interface StorageConfiguration {
    [STORAGE_WARN_EPHEMERAL]: boolean;
    [STORAGE_PERSISTENT_PATTERNS]: string[];
    [STORAGE_EPHEMERAL_PATTERNS]: string[];
}

export const StoragePreferenceContribution = Symbol('StoragePreferenceContribution');
export const StoragePreferences = Symbol('StoragePreferences');
export type StoragePreferences = PreferenceProxy<StorageConfiguration>;

export function bindStoragePreferences(bind: interfaces.Bind): void {
    bindUserScopedPreferences(bind, { proxy: StoragePreferences, contribution: StoragePreferenceContribution, schema: storagePreferenceSchema });
}
