// *****************************************************************************
// Frontend module of stops and restarts: the `stopping` notice and the restart cause after reconnecting.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { RestartCauseNotifier } from './restart-cause-notifier';
import { StoppingNotifier } from './stopping-notifier';
import { RestartCauseSource } from '../connection/recovery/restart-summary';
import { FrontendCapabilities } from '../capabilities/frontend-capabilities';

export default new ContainerModule(bind => {
    if (!FrontendCapabilities.isEnabled('lifecycle')) {
        return; // switched off by SESSION_HEALTH_DISABLE: no UI, no timer, no storage
    }
    bind(StoppingNotifier).toSelf().inSingletonScope();
    bind(FrontendApplicationContribution).toService(StoppingNotifier);
    bind(RestartCauseNotifier).toSelf().inSingletonScope();
    bind(FrontendApplicationContribution).toService(RestartCauseNotifier);
    bind(RestartCauseSource).toService(RestartCauseNotifier);
});
