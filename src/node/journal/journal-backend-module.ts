// *****************************************************************************
// Backend module of the work journal: only the workspace identity RPC (the journal itself lives in the browser).
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { ConnectionHandler, RpcConnectionHandler } from '@theia/core/lib/common/messaging';
import { JOURNAL_SERVICE_PATH, JournalIdentityService } from '../../common/journal/journal-protocol';
import { DefaultJournalIdentityService } from './journal-identity-service';

export default new ContainerModule(bind => {
    bind(DefaultJournalIdentityService).toSelf().inSingletonScope();
    bind(JournalIdentityService).toService(DefaultJournalIdentityService);
    bind(ConnectionHandler).toDynamicValue(ctx =>
        new RpcConnectionHandler(JOURNAL_SERVICE_PATH, () => ctx.container.get<JournalIdentityService>(JournalIdentityService))
    ).inSingletonScope();
});
