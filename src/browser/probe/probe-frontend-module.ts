// *****************************************************************************
// Frontend module of the connection-path probe: the IDE command that runs it from the browser, and the
// Session Health view's Connection path section.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { CommandContribution } from '@theia/core/lib/common/command';
import { ProbeCommandContribution } from './probe-command-contribution';
import { ProbeViewSection } from './probe-view-section';
import { SessionHealthViewSection } from '../view/session-health-view-section';

export default new ContainerModule(bind => {
    bind(ProbeCommandContribution).toSelf().inSingletonScope();
    bind(CommandContribution).toService(ProbeCommandContribution);
    bind(ProbeViewSection).toSelf().inSingletonScope();
    bind(SessionHealthViewSection).toService(ProbeViewSection);
});
