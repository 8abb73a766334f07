// *****************************************************************************
// Loaded before every capability's frontend module, whatever is switched off: what they share (the list of
// settings readers and its debug view) and the log line when the capabilities could not be learnt.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { bindContributionProvider } from '@theia/core/lib/common/contribution-provider';
import { UserScopedPreferences } from '../shared/user-scoped-preferences';
import { SettingsDebugContribution } from './settings-debug';
import { CapabilitiesLogContribution } from './capabilities-log-contribution';

export default new ContainerModule(bind => {
    // Every capability's settings reader is listed here (bindUserScopedPreferences); a debug view shows them all.
    bindContributionProvider(bind, UserScopedPreferences);
    bind(SettingsDebugContribution).toSelf().inSingletonScope();
    bind(FrontendApplicationContribution).toService(SettingsDebugContribution);
    bind(CapabilitiesLogContribution).toSelf().inSingletonScope();
    bind(FrontendApplicationContribution).toService(CapabilitiesLogContribution);
});
