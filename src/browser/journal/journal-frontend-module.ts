// *****************************************************************************
// Frontend module of the work journal: IndexedDB store, writer, recorder, restore (and its disk RPC proxy),
// commands and settings.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { ServiceConnectionProvider } from '@theia/core/lib/browser/messaging/service-connection-provider';
import { CommandContribution } from '@theia/core/lib/common/command';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { bindJournalPreferences } from './journal-preferences';
import { DefaultJournalDb, JournalDb } from './journal-db';
import { JournalWriter } from './journal-writer';
import { DefaultUnsavedWorkJournal } from './default-unsaved-work-journal';
import { UnsavedWorkJournal } from './unsaved-work-journal';
import { JournalStorageVerdict } from './journal-storage-verdict';
import { JournalRestorer } from './journal-restorer';
import { JournalContribution } from './journal-contribution';
import { DefaultJournalIdentity, JournalIdentity } from './journal-identity';
import {
    JOURNAL_DISK_SERVICE_PATH, JOURNAL_SERVICE_PATH, JournalDiskService, JournalIdentityService
} from '../../common/journal/journal-protocol';
import { FrontendCapabilities } from '../capabilities/frontend-capabilities';
import { UnsavedWorkContribution } from '../connection/unsaved-work-contribution';
import { JournalUnsavedWorkContribution } from './journal-unsaved-work-contribution';

export default new ContainerModule(bind => {
    if (!FrontendCapabilities.isEnabled('journal')) {
        return; // switched off by SESSION_HEALTH_DISABLE: no UI, no timer, no storage
    }
    bindJournalPreferences(bind);
    bind(DefaultJournalDb).toSelf().inSingletonScope();
    bind(JournalDb).toService(DefaultJournalDb);
    bind(JournalIdentityService).toDynamicValue(ctx =>
        ServiceConnectionProvider.createProxy<JournalIdentityService>(ctx.container, JOURNAL_SERVICE_PATH)
    ).inSingletonScope();
    bind(DefaultJournalIdentity).toSelf().inSingletonScope();
    bind(JournalIdentity).toService(DefaultJournalIdentity);
    bind(JournalWriter).toSelf().inSingletonScope();
    bind(JournalStorageVerdict).toSelf().inSingletonScope();
    bind(DefaultUnsavedWorkJournal).toSelf().inSingletonScope();
    bind(UnsavedWorkJournal).toService(DefaultUnsavedWorkJournal);
    bind(FrontendApplicationContribution).toService(DefaultUnsavedWorkJournal);
    bind(JournalDiskService).toDynamicValue(ctx =>
        ServiceConnectionProvider.createProxy<JournalDiskService>(ctx.container, JOURNAL_DISK_SERVICE_PATH)
    ).inSingletonScope();
    bind(JournalRestorer).toSelf().inSingletonScope();
    bind(JournalContribution).toSelf().inSingletonScope();
    bind(FrontendApplicationContribution).toService(JournalContribution);
    bind(CommandContribution).toService(JournalContribution);
    bind(JournalUnsavedWorkContribution).toSelf().inSingletonScope();
    bind(UnsavedWorkContribution).toService(JournalUnsavedWorkContribution);
});
