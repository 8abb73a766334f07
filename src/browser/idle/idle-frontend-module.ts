// *****************************************************************************
// Frontend module of the idle countdown: activity reporter (RPC client), risk reader, status-bar item and warning.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { ServiceConnectionProvider } from '@theia/core/lib/browser/messaging/service-connection-provider';
import { CommandContribution } from '@theia/core/lib/common/command';
import { IDLE_SERVICE_PATH, IdleClient, IdleService } from '../../common/idle/idle-protocol';
import { DefaultIdleActivityReporter, IdleActivityReporter } from './idle-activity-reporter';
import { IdleRiskReader } from './idle-risk-reader';
import { IdleStatusBarContribution } from './idle-status-bar-contribution';
import { FrontendCapabilities } from '../capabilities/frontend-capabilities';

export default new ContainerModule(bind => {
    if (!FrontendCapabilities.isEnabled('idle')) {
        return; // switched off by SESSION_HEALTH_DISABLE: no UI, no timer, no storage
    }
    bind(IdleClient).toDynamicValue(ctx => ctx.container.get(DefaultIdleActivityReporter)).inSingletonScope();
    bind(IdleService).toDynamicValue(ctx =>
        // The client is a forwarder: the reporter injects this proxy, so it cannot be built first.
        ServiceConnectionProvider.createProxy<IdleService>(ctx.container, IDLE_SERVICE_PATH, {
            onIdleStatus: (status: Parameters<IdleClient['onIdleStatus']>[0]) => ctx.container.get<IdleClient>(IdleClient).onIdleStatus(status)
        })
    ).inSingletonScope();
    bind(DefaultIdleActivityReporter).toSelf().inSingletonScope();
    bind(IdleActivityReporter).toService(DefaultIdleActivityReporter);
    bind(FrontendApplicationContribution).toService(DefaultIdleActivityReporter);
    bind(IdleRiskReader).toSelf().inSingletonScope();
    bind(IdleStatusBarContribution).toSelf().inSingletonScope();
    bind(FrontendApplicationContribution).toService(IdleStatusBarContribution);
    bind(CommandContribution).toService(IdleStatusBarContribution);
});
