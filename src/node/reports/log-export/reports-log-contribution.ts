// *****************************************************************************
// Starts the OTLP log export of stored report records when OTEL_EXPORTER_OTLP_ENDPOINT or
// OTEL_EXPORTER_OTLP_LOGS_ENDPOINT is set (in a worker thread: report-log-worker.ts, the pipeline itself:
// report-log-export.ts), and flushes it on stop.
// *****************************************************************************

import { inject, injectable, named, optional } from '@theia/core/shared/inversify';
import { ILogger } from '@theia/core/lib/common/logger';
import { DisposableCollection } from '@theia/core/lib/common/disposable';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { BackendInstanceProvider } from '../../capabilities/backend-instance';
import { ReportIngest } from '../report-ingest';
import { ReportLogExport } from './report-log-export';
import { logExportEnabled } from './report-log-record';
import { WorkerReportLogExport } from './report-log-worker';
import { scrubUrls } from '../endpoint-text';

@injectable()
export class ReportsLogExportContribution implements BackendApplicationContribution {
    @inject(ILogger) @named('session-health:reports') protected readonly logger: ILogger;
    @inject(ReportIngest) protected readonly ingest: ReportIngest;
    @inject(BackendInstanceProvider) @optional() protected readonly instance: BackendInstanceProvider | undefined;
    protected readonly toDispose = new DisposableCollection();
    protected export: WorkerReportLogExport | undefined;

    initialize(): void {
        if (!logExportEnabled()) {
            return;
        }
        try {
            const logExport = new WorkerReportLogExport(this.ingest.metrics, { instanceId: this.instance?.instance.id, log: this.logger });
            this.export = logExport;
            this.toDispose.push(this.ingest.onDidStore(stored => logExport.emit(stored.records, stored.lines)));
            this.logger.info(`exporting stored report records as OTLP log records (HTTP, JSON) to ${ReportLogExport.describeEndpoint()}, ${logExport.where}`);
        } catch (error) {
            this.logger.error(`cannot start the OTLP log export: ${scrubUrls(String((error as Error)?.message ?? error))}`);
        }
    }

    async onStop(): Promise<void> {
        this.toDispose.dispose();
        await this.export?.shutdown().catch(() => undefined);
    }
}
