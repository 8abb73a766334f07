// *****************************************************************************
// Frontend module of the keep-alive reports.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { ServiceConnectionProvider } from '@theia/core/lib/browser/messaging/service-connection-provider';
import { REPORTS_SERVICE_PATH, ReportsService } from '../../common/reports/reports-protocol';
import { bindReportsPreferences } from './reports-preferences';
import { ConnectionReporter } from './connection-reporter';
import { FrontendCapabilities } from '../capabilities/frontend-capabilities';
import { SupportBundleContribution } from '../bundle/support-bundle-contribution';
import { ReportsBundlePart } from './reports-bundle-part';

export default new ContainerModule(bind => {
    if (!FrontendCapabilities.isEnabled('reports')) {
        return; // switched off by SESSION_HEALTH_DISABLE: no UI, no timer, no storage
    }
    bindReportsPreferences(bind);
    bind(ReportsService).toDynamicValue(ctx =>
        ServiceConnectionProvider.createProxy<ReportsService>(ctx.container, REPORTS_SERVICE_PATH)
    ).inSingletonScope();
    bind(ConnectionReporter).toSelf().inSingletonScope();
    bind(FrontendApplicationContribution).toService(ConnectionReporter);
    // the support bundle's `reports` part (collected only when the bundle capability is on)
    bind(ReportsBundlePart).toSelf().inSingletonScope();
    bind(SupportBundleContribution).toService(ReportsBundlePart);
});
