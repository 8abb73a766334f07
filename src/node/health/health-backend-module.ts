// *****************************************************************************
// Backend module of the health and readiness routes.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { HealthContribution } from './health-contribution';
import { HealthBundleContribution } from './health-bundle-contribution';
import { ServerBundleContribution } from '../bundle/server-bundle-contribution';
import { DefaultStorageReadiness, StorageReadiness } from './storage-readiness';
import { isBackendCapabilityEnabled } from '../capabilities/backend-capabilities';

export default new ContainerModule(bind => {
    if (!isBackendCapabilityEnabled('health')) {
        return; // switched off by SESSION_HEALTH_DISABLE: no route, no RPC, no timer
    }
    bind(DefaultStorageReadiness).toSelf().inSingletonScope();
    bind(StorageReadiness).toService(DefaultStorageReadiness);
    bind(HealthContribution).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(HealthContribution);
    bind(HealthBundleContribution).toSelf().inSingletonScope();
    bind(ServerBundleContribution).toService(HealthBundleContribution);
});
