// *****************************************************************************
// Frontend module of connection monitoring: heartbeat RPC proxy, monitor, history, status-bar item, the view's
// Connection section, recovery.
// *****************************************************************************

import '../../../src/browser/style/index.css';
import { ContainerModule } from '@theia/core/shared/inversify';
import { bindContributionProvider } from '@theia/core/lib/common/contribution-provider';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { ServiceConnectionProvider } from '@theia/core/lib/browser/messaging/service-connection-provider';
import { CommandContribution } from '@theia/core/lib/common/command';
import { HEARTBEAT_SERVICE_PATH, HeartbeatService } from '../../common/connection/heartbeat-protocol';
import { bindConnectionPreferences } from './connection-preferences';
import { ConnectionMonitor } from './monitor/connection-monitor';
import { DefaultConnectionMonitor } from './monitor/default-connection-monitor';
import { ConnectionStatusBarContribution } from './status-bar/connection-status-bar-contribution';
import { ConnectionHistory } from './history/connection-history';
import { DefaultConnectionHistory } from './history/default-connection-history';
import { ColorContribution } from '@theia/core/lib/browser/color-application-contribution';
import { SessionHealthViewSection } from '../view/session-health-view-section';
import { ConnectionStateColors } from './status-bar/connection-state-colors';
import { ConnectionViewSection } from './view-section/connection-view-section';
import { ConnectionRecovery } from './recovery/connection-recovery';
import { BackendReturnWatcher } from './recovery/backend-return-watcher';
import { UnsavedWorkKeeper } from './recovery/unsaved-work-keeper';
import { RestartNotifier } from './recovery/restart-notifier';
import { FrontendCapabilities } from '../capabilities/frontend-capabilities';
import { SignInRecovery } from './recovery/sign-in-recovery';
import { UnsavedWorkContribution } from './unsaved-work-contribution';
import { SupportBundleContribution } from '../bundle/support-bundle-contribution';
import { ConnectionBundlePart } from './connection-bundle-part';

export default new ContainerModule(bind => {
    if (!FrontendCapabilities.isEnabled('connection')) {
        return; // switched off by SESSION_HEALTH_DISABLE: no UI, no timer, no storage
    }
    bindConnectionPreferences(bind);
    bindContributionProvider(bind, UnsavedWorkContribution);
    bind(HeartbeatService).toDynamicValue(ctx =>
        ServiceConnectionProvider.createProxy<HeartbeatService>(ctx.container, HEARTBEAT_SERVICE_PATH)
    ).inSingletonScope();

    bind(DefaultConnectionMonitor).toSelf().inSingletonScope();
    bind(ConnectionMonitor).toService(DefaultConnectionMonitor);
    bind(FrontendApplicationContribution).toService(DefaultConnectionMonitor);

    bind(DefaultConnectionHistory).toSelf().inSingletonScope();
    bind(ConnectionHistory).toService(DefaultConnectionHistory);
    bind(FrontendApplicationContribution).toService(DefaultConnectionHistory);

    bind(ConnectionStateColors).toSelf().inSingletonScope();
    bind(ColorContribution).toService(ConnectionStateColors);
    bind(ConnectionViewSection).toSelf().inSingletonScope();
    bind(SessionHealthViewSection).toService(ConnectionViewSection);

    bind(ConnectionStatusBarContribution).toSelf().inSingletonScope();
    bind(FrontendApplicationContribution).toService(ConnectionStatusBarContribution);
    bind(CommandContribution).toService(ConnectionStatusBarContribution);

    bind(UnsavedWorkKeeper).toSelf().inSingletonScope();
    bind(RestartNotifier).toSelf().inSingletonScope();
    bind(ConnectionRecovery).toSelf().inSingletonScope();
    bind(FrontendApplicationContribution).toService(ConnectionRecovery);
    bind(CommandContribution).toService(ConnectionRecovery);
    bind(SignInRecovery).toSelf().inSingletonScope();
    bind(FrontendApplicationContribution).toService(SignInRecovery);
    bind(BackendReturnWatcher).toSelf().inSingletonScope();
    bind(FrontendApplicationContribution).toService(BackendReturnWatcher);
    // the support bundle's `connection` part (collected only when the bundle capability is on)
    bind(ConnectionBundlePart).toSelf().inSingletonScope();
    bind(SupportBundleContribution).toService(ConnectionBundlePart);
});
