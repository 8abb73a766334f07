// *****************************************************************************
// Bundle part `storage`: the verdicts of the workspace roots this tab already has (nothing is re-run).
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { BundlePartContext } from '../../common/bundle/bundle-assembly';
import { SupportBundleContribution } from '../bundle/support-bundle-contribution';
import { StorageStatusContribution } from './storage-status-contribution';

@injectable()
export class StorageBundlePart implements SupportBundleContribution {
    @inject(StorageStatusContribution) protected readonly storage: StorageStatusContribution;
    readonly id = 'storage';

    collect(ctx: BundlePartContext): unknown {
        return ctx.redactor.value(this.storage.lastReport ?? { note: 'not classified yet' });
    }
}
