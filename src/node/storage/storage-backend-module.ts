// *****************************************************************************
// Backend module of the workspace-storage feature.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { ConnectionHandler, RpcConnectionHandler } from '@theia/core/lib/common/messaging';
import { STORAGE_SERVICE_PATH, StorageClassificationService } from '../../common/storage/storage-protocol';
import { DefaultStorageClassificationService } from './default-storage-classification-service';
import { StorageBundleContribution } from './storage-bundle-contribution';
import { ServerBundleContribution } from '../bundle/server-bundle-contribution';
import { isBackendCapabilityEnabled } from '../capabilities/backend-capabilities';

export default new ContainerModule(bind => {
    if (!isBackendCapabilityEnabled('storage')) {
        return; // switched off by SESSION_HEALTH_DISABLE: no route, no RPC, no timer
    }
    bind(DefaultStorageClassificationService).toSelf().inSingletonScope();
    bind(StorageClassificationService).toService(DefaultStorageClassificationService);
    bind(ConnectionHandler).toDynamicValue(ctx =>
        new RpcConnectionHandler(STORAGE_SERVICE_PATH, () => ctx.container.get<StorageClassificationService>(StorageClassificationService))
    ).inSingletonScope();
    bind(StorageBundleContribution).toSelf().inSingletonScope();
    bind(ServerBundleContribution).toService(StorageBundleContribution);
});
