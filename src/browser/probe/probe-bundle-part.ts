// *****************************************************************************
// Bundle part `probe`: the last connection-path probe of this tab (nothing is re-run).
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { BundlePartContext } from '../../common/bundle/bundle-assembly';
import { SupportBundleContribution } from '../bundle/support-bundle-contribution';
import { ProbeCommandContribution } from './probe-command-contribution';

@injectable()
export class ProbeBundlePart implements SupportBundleContribution {
    @inject(ProbeCommandContribution) protected readonly probe: ProbeCommandContribution;
    readonly id = 'probe';

    collect(ctx: BundlePartContext): unknown {
        const last = this.probe.lastProbe;
        return ctx.redactor.value(last.result ? { result: last.result, monitorNotes: last.notes } : { note: 'the connection path was not diagnosed in this tab' });
    }
}
