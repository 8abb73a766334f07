// *****************************************************************************
// Bundle part `reports`: the state of this tab's report queue.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { SupportBundleContribution } from '../bundle/support-bundle-contribution';
import { ConnectionReporter } from './connection-reporter';

@injectable()
export class ReportsBundlePart implements SupportBundleContribution {
    @inject(ConnectionReporter) protected readonly reporter: ConnectionReporter;
    readonly id = 'reports';

    collect(): unknown {
        return this.reporter.queueState();
    }
}
