// *****************************************************************************
// Frontend bindings of the keep-alive reports.
// *****************************************************************************

import { interfaces } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { ServiceConnectionProvider } from '@theia/core/lib/browser/messaging/service-connection-provider';
import { SESSION_HEALTH_REPORTS_SERVICE_PATH, SessionHealthReportsService } from '../../common/reports-protocol';
import { bindReportsPreferences } from '../../common/reports-preferences';
import { ConnectionReporter } from './connection-reporter';

export function bindReportsFrontend(bind: interfaces.Bind): void {
    bindReportsPreferences(bind);
    bind(SessionHealthReportsService).toDynamicValue(ctx =>
        ServiceConnectionProvider.createProxy<SessionHealthReportsService>(ctx.container, SESSION_HEALTH_REPORTS_SERVICE_PATH)
    ).inSingletonScope();
    bind(ConnectionReporter).toSelf().inSingletonScope();
    bind(FrontendApplicationContribution).toService(ConnectionReporter);
}
