// *****************************************************************************
// Frontend container module of the session-health extension.
// *****************************************************************************

import '../../src/browser/style/index.css';
import { ContainerModule } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { ServiceConnectionProvider } from '@theia/core/lib/browser/messaging/service-connection-provider';
import { CommandContribution } from '@theia/core/lib/common/command';
import { SESSION_HEALTH_SERVICE_PATH, SessionHealthService } from '../common/session-health-protocol';
import { bindSessionHealthPreferences } from '../common/session-health-preferences';
import { ConnectionMonitor, DefaultConnectionMonitor } from './connection-monitor';
import { ConnectionStatusBarContribution } from './connection-status-bar-contribution';
import { ConnectionRecovery } from './recovery/connection-recovery';
import { UnsavedWorkKeeper } from './recovery/unsaved-work-keeper';
import { bindStorageFrontend } from './storage/bind-storage-frontend';
import { bindReportsFrontend } from './reports/bind-reports-frontend';
import { bindProbeFrontend } from './probe/probe-command-contribution';
import { bindPersistenceFrontend } from './persistence/persistence-check-contribution';

export default new ContainerModule(bind => {
    bindSessionHealthPreferences(bind);
    bind(SessionHealthService).toDynamicValue(ctx =>
        ServiceConnectionProvider.createProxy<SessionHealthService>(ctx.container, SESSION_HEALTH_SERVICE_PATH)
    ).inSingletonScope();

    bind(DefaultConnectionMonitor).toSelf().inSingletonScope();
    bind(ConnectionMonitor).toService(DefaultConnectionMonitor);
    bind(FrontendApplicationContribution).toService(DefaultConnectionMonitor);

    bind(ConnectionStatusBarContribution).toSelf().inSingletonScope();
    bind(FrontendApplicationContribution).toService(ConnectionStatusBarContribution);
    bind(CommandContribution).toService(ConnectionStatusBarContribution);

    bind(UnsavedWorkKeeper).toSelf().inSingletonScope();
    bind(FrontendApplicationContribution).toService(UnsavedWorkKeeper);
    bind(ConnectionRecovery).toSelf().inSingletonScope();
    bind(FrontendApplicationContribution).toService(ConnectionRecovery);
    bind(CommandContribution).toService(ConnectionRecovery);

    bindStorageFrontend(bind);
    bindReportsFrontend(bind);
    bindProbeFrontend(bind);
    bindPersistenceFrontend(bind);
});
