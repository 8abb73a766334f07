// *****************************************************************************
// Frontend module of the connection-path probe: the IDE command that runs it from the browser, and the
// Session Health view's Connection path section.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { CommandContribution } from '@theia/core/lib/common/command';
import { ProbeCommandContribution } from './probe-command-contribution';
import { ProbeViewSection } from './probe-view-section';
import { SessionHealthViewSection } from '../view/session-health-view-section';
import { FrontendCapabilities } from '../capabilities/frontend-capabilities';
import { SupportBundleContribution } from '../bundle/support-bundle-contribution';
import { ProbeBundlePart } from './probe-bundle-part';

export default new ContainerModule(bind => {
    if (!FrontendCapabilities.isEnabled('probe')) {
        return; // switched off by SESSION_HEALTH_DISABLE: no UI, no timer, no storage
    }
    bind(ProbeCommandContribution).toSelf().inSingletonScope();
    bind(CommandContribution).toService(ProbeCommandContribution);
    bind(ProbeViewSection).toSelf().inSingletonScope();
    bind(SessionHealthViewSection).toService(ProbeViewSection);
    // the support bundle's `probe` part (collected only when the bundle capability is on)
    bind(ProbeBundlePart).toSelf().inSingletonScope();
    bind(SupportBundleContribution).toService(ProbeBundlePart);
});
