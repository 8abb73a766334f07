// *****************************************************************************
// Backend module of the translations (every capability's strings; one file per language under i18n/).
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { LocalizationContribution } from '@theia/core/lib/node/i18n/localization-contribution';
import { SessionHealthLocalizationContribution } from './session-health-localization-contribution';

export default new ContainerModule(bind => {
    bind(SessionHealthLocalizationContribution).toSelf().inSingletonScope();
    bind(LocalizationContribution).toService(SessionHealthLocalizationContribution);
});
