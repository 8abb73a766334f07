// *****************************************************************************
// Makes the browser support bundle from every bound SupportBundleContribution (Theia's contribution provider).
// *****************************************************************************

import { inject, injectable, named } from '@theia/core/shared/inversify';
import { ContributionProvider } from '@theia/core/lib/common/contribution-provider';
import { AssembledBundle, assembleBundle } from '../../common/bundle/bundle-assembly';
import { Redactor } from '../../common/bundle/bundle-redaction';
import { SupportBundleContribution } from './support-bundle-contribution';

export const SupportBundleService = Symbol('SupportBundleService');
export interface SupportBundleService {
    make(): Promise<AssembledBundle>;
}

@injectable()
export class DefaultSupportBundleService implements SupportBundleService {
    @inject(ContributionProvider) @named(SupportBundleContribution)
    protected readonly contributions: ContributionProvider<SupportBundleContribution>;

    make(): Promise<AssembledBundle> {
        const parts = this.contributions.getContributions();
        const secrets = parts.flatMap(p => p.knownSecrets?.() ?? []);
        return assembleBundle('browser', parts, new Redactor(secrets));
    }
}
