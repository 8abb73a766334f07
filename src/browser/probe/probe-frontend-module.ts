// *****************************************************************************
// Frontend module of the connection-path probe: the IDE command that runs it from the browser.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { CommandContribution } from '@theia/core/lib/common/command';
import { ProbeCommandContribution } from './probe-command-contribution';

export default new ContainerModule(bind => {
    bind(ProbeCommandContribution).toSelf().inSingletonScope();
    bind(CommandContribution).toService(ProbeCommandContribution);
});
