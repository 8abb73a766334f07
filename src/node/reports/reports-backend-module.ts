// *****************************************************************************
// Backend module of the keep-alive reports: RPC service (one object per connection), HTTP routes, store, metrics, OTLP metrics and log export.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { ConnectionHandler } from '@theia/core/lib/common/messaging';
import type { Channel } from '@theia/core/lib/common/message-rpc/channel';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { ConnectionContainerModule } from '@theia/core/lib/node/messaging/connection-container-module';
import { MainChannel } from '@theia/core/lib/node/messaging/default-messaging-service';
import { REPORTS_SERVICE_PATH } from '../../common/reports/reports-protocol';
import { createReportRateLimiter, ReportRateLimiter } from './report-rate-limiter';
import { ReportIngest } from './report-ingest';
import { ReportsHttpContribution } from './reports-http-contribution';
import { ReportsOtlpContribution } from './report-otlp';
import { ReportsRpcConnectionHandler } from './reports-rpc-connection';
import { ReportsLogExportContribution } from './log-export/reports-log-contribution';
import { ReportsBundleContribution } from './reports-bundle-contribution';
import { ServerBundleContribution } from '../bundle/server-bundle-contribution';
import { isBackendCapabilityEnabled } from '../capabilities/backend-capabilities';
import { HttpGuard } from '../http/http-guard';

export default new ContainerModule(bind => {
    if (!isBackendCapabilityEnabled('reports')) {
        return; // switched off by SESSION_HEALTH_DISABLE: no route, no RPC, no timer
    }
    bind(ReportIngest).toSelf().inSingletonScope();
    bind(ReportRateLimiter).toDynamicValue(ctx => createReportRateLimiter(process.env, (perSecond, burst) => ctx.container.get<HttpGuard>(HttpGuard).rateLimiter(perSecond, burst))).inSingletonScope();
    bind(ReportsRpcConnectionHandler).toSelf().inSingletonScope();
    // Per frontend connection: the shared handler, told which connection (its handshake's cookie keys the limit).
    bind(ConnectionContainerModule).toConstantValue(ConnectionContainerModule.create(({ bind: bindInConnection }) => {
        bindInConnection(ConnectionHandler).toDynamicValue(ctx => {
            const handler = ctx.container.get(ReportsRpcConnectionHandler);
            const mainChannel = ctx.container.get<Channel>(MainChannel);
            return { path: REPORTS_SERVICE_PATH, onConnection: (channel: Channel) => handler.onConnection(channel, mainChannel) };
        }).inSingletonScope();
    }));
    bind(ReportsHttpContribution).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(ReportsHttpContribution);
    bind(ReportsOtlpContribution).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(ReportsOtlpContribution);
    bind(ReportsLogExportContribution).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(ReportsLogExportContribution);
    bind(ReportsBundleContribution).toSelf().inSingletonScope();
    bind(ServerBundleContribution).toService(ReportsBundleContribution);
});
