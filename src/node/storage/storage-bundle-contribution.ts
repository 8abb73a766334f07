// *****************************************************************************
// The storage part of the server bundle: the verdicts of the open workspace roots.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { BundlePart } from '../../common/bundle/bundle-assembly';
import { StorageClassificationService } from '../../common/storage/storage-protocol';
import { ServerBundleContribution, ServerBundleScope } from '../bundle/server-bundle-contribution';

@injectable()
export class StorageBundleContribution implements ServerBundleContribution {
    @inject(StorageClassificationService) protected readonly storage: StorageClassificationService;

    parts(scope: ServerBundleScope): BundlePart[] {
        return [{ id: 'storage', collect: async () => this.storage.classifyWorkspace({ roots: await scope.workspaceRoots() }) }];
    }
}
