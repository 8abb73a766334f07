// *****************************************************************************
// Backend module of the work journal: the disk RPC its restore uses (read to compare, create to write back).
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { ConnectionHandler, RpcConnectionHandler } from '@theia/core/lib/common/messaging';
import { JOURNAL_DISK_SERVICE_PATH, JournalDiskService } from '../../common/journal/journal-protocol';
import { DefaultJournalDiskService } from './journal-disk-service';

export default new ContainerModule(bind => {
    bind(DefaultJournalDiskService).toSelf().inSingletonScope();
    bind(JournalDiskService).toService(DefaultJournalDiskService);
    bind(ConnectionHandler).toDynamicValue(ctx =>
        new RpcConnectionHandler(JOURNAL_DISK_SERVICE_PATH, () => ctx.container.get<JournalDiskService>(JournalDiskService))
    ).inSingletonScope();
});
