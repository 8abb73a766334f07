// *****************************************************************************
// Backend bindings of the workspace-storage feature.
// *****************************************************************************

import { interfaces } from '@theia/core/shared/inversify';
import { ConnectionHandler, RpcConnectionHandler } from '@theia/core/lib/common/messaging';
import { STORAGE_SERVICE_PATH, StorageClassificationService } from '../../common/storage/storage-protocol';
import { StorageClassificationServiceImpl } from './storage-service-impl';

export function bindStorageBackend(bind: interfaces.Bind): void {
    bind(StorageClassificationServiceImpl).toSelf().inSingletonScope();
    bind(StorageClassificationService).toService(StorageClassificationServiceImpl);
    bind(ConnectionHandler).toDynamicValue(ctx =>
        new RpcConnectionHandler(STORAGE_SERVICE_PATH, () => ctx.container.get<StorageClassificationService>(StorageClassificationService))
    ).inSingletonScope();
}
