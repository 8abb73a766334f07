// *****************************************************************************
// Frontend module of the workspace-storage feature.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { ServiceConnectionProvider } from '@theia/core/lib/browser/messaging/service-connection-provider';
import { CommandContribution } from '@theia/core/lib/common/command';
import { STORAGE_SERVICE_PATH, StorageClassificationService } from '../../common/storage/storage-protocol';
import { bindStoragePreferences } from './storage-preferences';
import { StorageStatusContribution } from './storage-status-contribution';
import { StorageViewSection } from './storage-view-section';
import { SessionHealthViewSection } from '../view/session-health-view-section';
import { FrontendCapabilities } from '../capabilities/frontend-capabilities';
import { SupportBundleContribution } from '../bundle/support-bundle-contribution';
import { StorageBundlePart } from './storage-bundle-part';

export default new ContainerModule(bind => {
    if (!FrontendCapabilities.isEnabled('storage')) {
        return; // switched off by SESSION_HEALTH_DISABLE: no UI, no timer, no storage
    }
    bindStoragePreferences(bind);
    bind(StorageClassificationService).toDynamicValue(ctx =>
        ServiceConnectionProvider.createProxy<StorageClassificationService>(ctx.container, STORAGE_SERVICE_PATH)
    ).inSingletonScope();
    bind(StorageStatusContribution).toSelf().inSingletonScope();
    bind(FrontendApplicationContribution).toService(StorageStatusContribution);
    bind(CommandContribution).toService(StorageStatusContribution);
    bind(StorageViewSection).toSelf().inSingletonScope();
    bind(SessionHealthViewSection).toService(StorageViewSection);
    // the support bundle's `storage` part (collected only when the bundle capability is on)
    bind(StorageBundlePart).toSelf().inSingletonScope();
    bind(SupportBundleContribution).toService(StorageBundlePart);
});
