// *****************************************************************************
// Backend module of the keep-alive reports: RPC service (one object per connection), HTTP routes, store, metrics, OTLP metrics and log export.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { ConnectionHandler } from '@theia/core/lib/common/messaging';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { ReportIngest } from './report-ingest';
import { ReportsHttpContribution } from './reports-http-contribution';
import { ReportsOtlpContribution } from './report-otlp';
import { ReportsRpcConnectionHandler } from './reports-rpc-connection';
import { ReportsLogExportContribution } from './reports-log-contribution';

export default new ContainerModule(bind => {
    bind(ReportIngest).toSelf().inSingletonScope();
    bind(ReportsRpcConnectionHandler).toSelf().inSingletonScope();
    bind(ConnectionHandler).toService(ReportsRpcConnectionHandler);
    bind(ReportsHttpContribution).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(ReportsHttpContribution);
    bind(ReportsOtlpContribution).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(ReportsOtlpContribution);
    bind(ReportsLogExportContribution).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(ReportsLogExportContribution);
});
