// *****************************************************************************
// Backend bindings of the keep-alive reports: RPC service, HTTP routes, store and metrics.
// *****************************************************************************

import { interfaces } from '@theia/core/shared/inversify';
import { ConnectionHandler, RpcConnectionHandler } from '@theia/core/lib/common/messaging';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { SESSION_HEALTH_REPORTS_SERVICE_PATH, SessionHealthReportsService } from '../../common/reports-protocol';
import { ReportIngest } from './report-ingest';
import { ReportsHttpContribution } from './reports-http-contribution';
import { ReportsOtlpContribution } from './report-otlp';

export function bindReportsBackend(bind: interfaces.Bind): void {
    bind(ReportIngest).toSelf().inSingletonScope();
    bind(SessionHealthReportsService).toService(ReportIngest);
    bind(ConnectionHandler).toDynamicValue(ctx =>
        new RpcConnectionHandler(SESSION_HEALTH_REPORTS_SERVICE_PATH, () => ctx.container.get<SessionHealthReportsService>(SessionHealthReportsService))
    ).inSingletonScope();
    bind(ReportsHttpContribution).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(ReportsHttpContribution);
    bind(ReportsOtlpContribution).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(ReportsOtlpContribution);
}
