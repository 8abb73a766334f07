// *****************************************************************************
// Backend module of stops and restarts: the stopping notice to the tabs, the lifecycle ledger, the restart cause.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { MessagingListenerContribution } from '@theia/core/lib/node/messaging/messaging-listeners';
import { PreviousInstanceSource } from '../../common/lifecycle/lifecycle-protocol';
import { DefaultLifecycleService, LifecycleService } from './lifecycle-service';
import { RestartMetrics } from './restart-metrics';
import { StoppingBroadcaster } from './stopping-broadcaster';
import { isBackendCapabilityEnabled } from '../capabilities/backend-capabilities';

export default new ContainerModule(bind => {
    if (!isBackendCapabilityEnabled('lifecycle')) {
        return; // switched off by SESSION_HEALTH_DISABLE: no route, no RPC, no timer
    }
    bind(StoppingBroadcaster).toSelf().inSingletonScope();
    bind(MessagingListenerContribution).toService(StoppingBroadcaster);
    bind(RestartMetrics).toSelf().inSingletonScope();
    bind(DefaultLifecycleService).toSelf().inSingletonScope();
    bind(LifecycleService).toService(DefaultLifecycleService);
    bind(PreviousInstanceSource).toService(DefaultLifecycleService);
    bind(BackendApplicationContribution).toService(DefaultLifecycleService);
});
