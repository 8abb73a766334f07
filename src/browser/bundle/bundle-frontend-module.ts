// *****************************************************************************
// Frontend module of the support bundle: the service, the command, and the parts that belong to no capability
// (versions, settings). Each capability binds its own SupportBundleContribution in its own module.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { bindContributionProvider } from '@theia/core/lib/common/contribution-provider';
import { CommandContribution } from '@theia/core/lib/common/command';
import { BundleCommandContribution } from './bundle-command-contribution';
import { DefaultSupportBundleService, SupportBundleService } from './support-bundle-service';
import { SupportBundleContribution } from './support-bundle-contribution';
import { VersionsBundlePart } from './parts/versions-part';
import { SettingsBundlePart } from './parts/settings-part';
import { FrontendCapabilities } from '../capabilities/frontend-capabilities';

export default new ContainerModule(bind => {
    if (!FrontendCapabilities.isEnabled('bundle')) {
        return; // switched off by SESSION_HEALTH_DISABLE: no UI, no timer, no storage
    }
    bindContributionProvider(bind, SupportBundleContribution);
    bind(DefaultSupportBundleService).toSelf().inSingletonScope();
    bind(SupportBundleService).toService(DefaultSupportBundleService);
    bind(BundleCommandContribution).toSelf().inSingletonScope();
    bind(CommandContribution).toService(BundleCommandContribution);
    bind(VersionsBundlePart).toSelf().inSingletonScope();
    bind(SupportBundleContribution).toService(VersionsBundlePart);
    bind(SettingsBundlePart).toSelf().inSingletonScope();
    bind(SupportBundleContribution).toService(SettingsBundlePart);
});
