// *****************************************************************************
// Backend module of the idle countdown: the activity tracker, the per-tab RPC, GET /session-health/activity and
// the idle gauge.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { ConnectionHandler } from '@theia/core/lib/common/messaging';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { ActivityTracker, DefaultActivityTracker } from './activity-tracker';
import { IdleHttpContribution } from './idle-http-contribution';
import { IdleRpcConnectionHandler } from './idle-rpc-connection';
import { IdleStopDeadline } from './idle-stop-deadline';
import { isBackendCapabilityEnabled } from '../capabilities/backend-capabilities';

export default new ContainerModule(bind => {
    if (!isBackendCapabilityEnabled('idle')) {
        return; // switched off by SESSION_HEALTH_DISABLE: no route, no RPC, no timer
    }
    bind(DefaultActivityTracker).toDynamicValue(() => new DefaultActivityTracker()).inSingletonScope();
    bind(ActivityTracker).toService(DefaultActivityTracker);
    bind(IdleRpcConnectionHandler).toSelf().inSingletonScope();
    bind(ConnectionHandler).toService(IdleRpcConnectionHandler);
    bind(IdleHttpContribution).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(IdleHttpContribution);
    bind(IdleStopDeadline).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(IdleStopDeadline);
});
