// *****************************************************************************
// Backend module of the work journal (the journal itself lives in the browser): the disk RPC its restore uses (read
// to compare, create to write back) and the workspace identity RPC that keys it.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { ConnectionHandler, RpcConnectionHandler } from '@theia/core/lib/common/messaging';
import {
    JOURNAL_DISK_SERVICE_PATH, JOURNAL_SERVICE_PATH, JournalDiskService, JournalIdentityService
} from '../../common/journal/journal-protocol';
import { DefaultJournalDiskService } from './journal-disk-service';
import { DefaultJournalIdentityService } from './journal-identity-service';
import { isBackendCapabilityEnabled } from '../capabilities/backend-capabilities';

export default new ContainerModule(bind => {
    if (!isBackendCapabilityEnabled('journal')) {
        return; // switched off by SESSION_HEALTH_DISABLE: no route, no RPC, no timer
    }
    bind(DefaultJournalDiskService).toSelf().inSingletonScope();
    bind(JournalDiskService).toService(DefaultJournalDiskService);
    bind(ConnectionHandler).toDynamicValue(ctx =>
        new RpcConnectionHandler(JOURNAL_DISK_SERVICE_PATH, () => ctx.container.get<JournalDiskService>(JournalDiskService))
    ).inSingletonScope();
    bind(DefaultJournalIdentityService).toSelf().inSingletonScope();
    bind(JournalIdentityService).toService(DefaultJournalIdentityService);
    bind(ConnectionHandler).toDynamicValue(ctx =>
        new RpcConnectionHandler(JOURNAL_SERVICE_PATH, () => ctx.container.get<JournalIdentityService>(JournalIdentityService))
    ).inSingletonScope();
});
