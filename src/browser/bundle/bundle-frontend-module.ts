// *****************************************************************************
// Frontend module of the support bundle: the service, the command, and the parts of the capabilities that
// existed before it. A new capability binds its own SupportBundleContribution in its own module.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { bindContributionProvider } from '@theia/core/lib/common/contribution-provider';
import { CommandContribution } from '@theia/core/lib/common/command';
import { BundleCommandContribution } from './bundle-command-contribution';
import { DefaultSupportBundleService, SupportBundleService } from './support-bundle-service';
import { SupportBundleContribution } from './support-bundle-contribution';
import { VersionsBundlePart } from './parts/versions-part';
import { SettingsBundlePart } from './parts/settings-part';
import { ConnectionBundlePart } from './parts/connection-part';
import { PersistenceBundlePart, ProbeBundlePart, ReportsBundlePart, StorageBundlePart } from './parts/capabilities-parts';

export default new ContainerModule(bind => {
    bindContributionProvider(bind, SupportBundleContribution);
    bind(DefaultSupportBundleService).toSelf().inSingletonScope();
    bind(SupportBundleService).toService(DefaultSupportBundleService);
    bind(BundleCommandContribution).toSelf().inSingletonScope();
    bind(CommandContribution).toService(BundleCommandContribution);
    for (const part of [VersionsBundlePart, SettingsBundlePart, ConnectionBundlePart, StorageBundlePart, PersistenceBundlePart, ProbeBundlePart, ReportsBundlePart]) {
        bind(part).toSelf().inSingletonScope();
        bind(SupportBundleContribution).toService(part);
    }
});
