// *****************************************************************************
// Frontend module of the persistence check: RPC proxy, settings and the IDE command.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { CommandContribution } from '@theia/core/lib/common/command';
import { ServiceConnectionProvider } from '@theia/core/lib/browser/messaging/service-connection-provider';
import { PERSISTENCE_SERVICE_PATH, PersistenceCheckService } from '../../common/persistence/persistence-protocol';
import { bindPersistencePreferences } from './persistence-preferences';
import { PersistenceCheckContribution } from './persistence-check-contribution';
import { PersistenceViewSection } from './persistence-view-section';
import { SessionHealthViewSection } from '../view/session-health-view-section';
import { FrontendCapabilities } from '../capabilities/frontend-capabilities';
import { SupportBundleContribution } from '../bundle/support-bundle-contribution';
import { PersistenceBundlePart } from './persistence-bundle-part';

export default new ContainerModule(bind => {
    if (!FrontendCapabilities.isEnabled('persistence')) {
        return; // switched off by SESSION_HEALTH_DISABLE: no UI, no timer, no storage
    }
    bindPersistencePreferences(bind);
    bind(PersistenceCheckService).toDynamicValue(ctx =>
        ServiceConnectionProvider.createProxy<PersistenceCheckService>(ctx.container, PERSISTENCE_SERVICE_PATH)
    ).inSingletonScope();
    bind(PersistenceCheckContribution).toSelf().inSingletonScope();
    bind(CommandContribution).toService(PersistenceCheckContribution);
    bind(PersistenceViewSection).toSelf().inSingletonScope();
    bind(SessionHealthViewSection).toService(PersistenceViewSection);
    // the support bundle's `persistence` part (collected only when the bundle capability is on)
    bind(PersistenceBundlePart).toSelf().inSingletonScope();
    bind(SupportBundleContribution).toService(PersistenceBundlePart);
});
