// *****************************************************************************
// Backend module of the keep-alive reports: RPC service, HTTP routes, store and metrics.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { ConnectionHandler, RpcConnectionHandler } from '@theia/core/lib/common/messaging';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { REPORTS_SERVICE_PATH, ReportsService } from '../../common/reports/reports-protocol';
import { ReportIngest } from './report-ingest';
import { ReportsHttpContribution } from './reports-http-contribution';
import { ReportsOtlpContribution } from './report-otlp';

export default new ContainerModule(bind => {
    bind(ReportIngest).toSelf().inSingletonScope();
    bind(ReportsService).toService(ReportIngest);
    bind(ConnectionHandler).toDynamicValue(ctx =>
        new RpcConnectionHandler(REPORTS_SERVICE_PATH, () => ctx.container.get<ReportsService>(ReportsService))
    ).inSingletonScope();
    bind(ReportsHttpContribution).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(ReportsHttpContribution);
    bind(ReportsOtlpContribution).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(ReportsOtlpContribution);
});
