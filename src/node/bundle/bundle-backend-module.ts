// *****************************************************************************
// Backend module of the support bundle: the contribution point of the parts, the maker and the admin route.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { bindContributionProvider } from '@theia/core/lib/common/contribution-provider';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { BundleHttpContribution } from './bundle-http-contribution';
import { DefaultServerBundleMaker, ServerBundleMaker } from './server-bundle';
import { ServerBundleParts } from './server-bundle-parts';
import { ServerBundleContribution } from './server-bundle-contribution';
import { isBackendCapabilityEnabled } from '../capabilities/backend-capabilities';

export default new ContainerModule(bind => {
    if (!isBackendCapabilityEnabled('bundle')) {
        return; // switched off by SESSION_HEALTH_DISABLE: no route, no RPC, no timer
    }
    // Capabilities bind their parts in their own modules (health, storage, reports).
    bindContributionProvider(bind, ServerBundleContribution);
    bind(ServerBundleParts).toSelf().inSingletonScope();
    bind(DefaultServerBundleMaker).toSelf().inSingletonScope();
    bind(ServerBundleMaker).toService(DefaultServerBundleMaker);
    bind(BundleHttpContribution).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(BundleHttpContribution);
});
