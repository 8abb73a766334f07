// Which settings a workspace's .theia/settings.json may not set (the decision, schema by schema), and how they are read.
import '@theia/core/shared/reflect-metadata';
import { expect } from 'chai';
import { PreferenceInspection, PreferenceService } from '@theia/core/lib/common/preferences';
import { userScopedPreferenceService, userScopedProperties } from '../../../src/browser/shared/user-scoped-preferences';
import { storagePreferenceSchema } from '../../../src/browser/storage/storage-preferences';
import { persistencePreferenceSchema } from '../../../src/browser/persistence/persistence-preferences';
import { connectionPreferenceSchema } from '../../../src/browser/connection/connection-preferences';
import { journalPreferenceSchema } from '../../../src/browser/journal/journal-preferences';

describe('user-scoped preferences', () => {
    it('every setting that decides a verdict, a path written to or a warning is user-scoped', () => {
        expect([...userScopedProperties(storagePreferenceSchema)]).to.have.members(Object.keys(storagePreferenceSchema.properties)).and.to.have.members([
            'sessionHealth.storage.warnEphemeral', 'sessionHealth.storage.persistentMountPatterns', 'sessionHealth.storage.ephemeralMountPatterns'
        ]);
        expect([...userScopedProperties(persistencePreferenceSchema)]).to.have.members([
            'sessionHealth.persistenceCheck.directory', 'sessionHealth.persistenceCheck.minFreePercent', 'sessionHealth.persistenceCheck.minFreeMegabytes'
        ]);
        expect([...userScopedProperties(connectionPreferenceSchema)]).to.have.members([
            'sessionHealth.heartbeatInterval', 'sessionHealth.heartbeatTimeout', 'sessionHealth.degradedRoundTripThreshold', 'sessionHealth.showConnectionStatus'
        ]);
        expect([...userScopedProperties(journalPreferenceSchema)]).to.have.members([
            'sessionHealth.journal.enabled', 'sessionHealth.journal.maxFileBytes', 'sessionHealth.journal.maxWorkspaceBytes', 'sessionHealth.journal.maxAgeDays'
        ]);
    });

    it('get() of a user-scoped setting takes session, user or default values, never workspace or folder ones', () => {
        const inspections: Record<string, Partial<PreferenceInspection<unknown>>> = {
            'sessionHealth.storage.warnEphemeral': { defaultValue: true, workspaceValue: false, workspaceFolderValue: false },
            'sessionHealth.storage.persistentMountPatterns': { defaultValue: [], globalValue: ['/mnt/**'], workspaceFolderValue: ['/**'] },
            'sessionHealth.storage.ephemeralMountPatterns': { defaultValue: [], globalValue: ['/a'], sessionValue: ['/b'], workspaceValue: ['/c'] }
        };
        const calls: string[] = [];
        const theia = {
            inspect: (name: string) => ({ preferenceName: name, ...inspections[name] }),
            get: (name: string) => {
                calls.push(name);
                return 'unrestricted';
            },
            ready: Promise.resolve()
        } as unknown as PreferenceService;
        const view = userScopedPreferenceService(theia, storagePreferenceSchema);
        expect(view.get('sessionHealth.storage.warnEphemeral')).to.equal(true);
        expect(view.get('sessionHealth.storage.persistentMountPatterns')).to.deep.equal(['/mnt/**']);
        expect(view.get('sessionHealth.storage.ephemeralMountPatterns')).to.deep.equal(['/b']);
        expect(calls).to.deep.equal([]);
        // everything else is Theia's own
        expect(view.get('editor.fontSize')).to.equal('unrestricted');
        expect(view.ready).to.equal(theia.ready);
    });
});
