// *****************************************************************************
// Frontend module of the support bundle: the service, the command, and the parts of the capabilities that
// existed before it. A new capability binds its own SupportBundleContribution in its own module.
// *****************************************************************************

import { ContainerModule, interfaces } from '@theia/core/shared/inversify';
import { bindContributionProvider } from '@theia/core/lib/common/contribution-provider';
import { CommandContribution } from '@theia/core/lib/common/command';
import { BundleCommandContribution } from './bundle-command-contribution';
import { DefaultSupportBundleService, SupportBundleService } from './support-bundle-service';
import { SupportBundleContribution } from './support-bundle-contribution';
import { VersionsBundlePart } from './parts/versions-part';
import { SettingsBundlePart } from './parts/settings-part';
import { ConnectionBundlePart } from '../connection/connection-bundle-part';
import { PersistenceBundlePart, ProbeBundlePart, ReportsBundlePart, StorageBundlePart } from '../persistence/persistence-bundle-part';
import { FrontendCapabilities } from '../capabilities/frontend-capabilities';
import { CapabilityName } from '../../common/capabilities/capabilities-protocol';

export default new ContainerModule(bind => {
    if (!FrontendCapabilities.isEnabled('bundle')) {
        return; // switched off by SESSION_HEALTH_DISABLE: no UI, no timer, no storage
    }
    bindContributionProvider(bind, SupportBundleContribution);
    bind(DefaultSupportBundleService).toSelf().inSingletonScope();
    bind(SupportBundleService).toService(DefaultSupportBundleService);
    bind(BundleCommandContribution).toSelf().inSingletonScope();
    bind(CommandContribution).toService(BundleCommandContribution);
    // A part reads its capability's services: none for a capability that is switched off.
    const parts: [interfaces.Newable<SupportBundleContribution>, CapabilityName | undefined][] = [
        [VersionsBundlePart, undefined], [SettingsBundlePart, undefined], [ConnectionBundlePart, 'connection'], [StorageBundlePart, 'storage'],
        [PersistenceBundlePart, 'persistence'], [ProbeBundlePart, 'probe'], [ReportsBundlePart, 'reports']
    ];
    for (const [part, capability] of parts) {
        if (!capability || FrontendCapabilities.isEnabled(capability)) {
            bind(part).toSelf().inSingletonScope();
            bind(SupportBundleContribution).toService(part);
        }
    }
});
