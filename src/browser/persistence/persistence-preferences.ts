// *****************************************************************************
// Settings under `sessionHealth.persistenceCheck.*`. The frontend sends them with each check request.
// *****************************************************************************

import { interfaces } from '@theia/core/shared/inversify';
import { PreferenceProxy, PreferenceSchema, PreferenceScope } from '@theia/core/lib/common/preferences';
import { bindUserScopedPreferences } from '../shared/user-scoped-preferences';
import { DEFAULT_MIN_FREE_MEGABYTES, DEFAULT_MIN_FREE_PERCENT, DEFAULT_PERSISTENCE_DIRECTORY } from '../../common/persistence/persistence-protocol';
import { nls } from '@theia/core/lib/common/nls';

export const PERSISTENCE_DIRECTORY = 'sessionHealth.persistenceCheck.directory';
export const PERSISTENCE_MIN_FREE_PERCENT = 'sessionHealth.persistenceCheck.minFreePercent';
export const PERSISTENCE_MIN_FREE_MEGABYTES = 'sessionHealth.persistenceCheck.minFreeMegabytes';

export const persistencePreferenceSchema: PreferenceSchema = {
    properties: {
        [PERSISTENCE_DIRECTORY]: {
            type: 'string',
            scope: PreferenceScope.User,
            default: DEFAULT_PERSISTENCE_DIRECTORY,
            description: nls.localize('theia-session-health/persistence/pref.persistenceDirectory', 'Directory of the persistence check, relative to the workspace root (must stay inside it). Its probe files and its marker ledger live there; the command line uses the same default.')
        },
        [PERSISTENCE_MIN_FREE_PERCENT]: {
            type: 'number',
            scope: PreferenceScope.User,
            default: DEFAULT_MIN_FREE_PERCENT,
            minimum: 0,
            maximum: 100,
            description: nls.localize('theia-session-health/persistence/pref.persistenceMinFreePercent', 'The persistence check warns when less than this percentage of the workspace filesystem\'s bytes or inodes is free.')
        },
        [PERSISTENCE_MIN_FREE_MEGABYTES]: {
            type: 'number',
            scope: PreferenceScope.User,
            default: DEFAULT_MIN_FREE_MEGABYTES,
            minimum: 0,
            maximum: 1000000000,
            description: nls.localize('theia-session-health/persistence/pref.persistenceMinFreeMegabytes', 'The persistence check warns when less than this many megabytes (10^6 bytes) are free.')
        }
    }
};

export interface PersistenceConfiguration {
    [PERSISTENCE_DIRECTORY]: string;
    [PERSISTENCE_MIN_FREE_PERCENT]: number;
    [PERSISTENCE_MIN_FREE_MEGABYTES]: number;
}

export const PersistencePreferenceContribution = Symbol('PersistencePreferenceContribution');
export const PersistencePreferences = Symbol('PersistencePreferences');
export type PersistencePreferences = PreferenceProxy<PersistenceConfiguration>;

export function bindPersistencePreferences(bind: interfaces.Bind): void {
    bindUserScopedPreferences(bind, { proxy: PersistencePreferences, contribution: PersistencePreferenceContribution, schema: persistencePreferenceSchema });
}
