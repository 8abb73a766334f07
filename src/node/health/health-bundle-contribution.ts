// *****************************************************************************
// The health part of the server bundle: whether the backend is draining (SIGTERM received).
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { BundlePart } from '../../common/bundle/bundle-assembly';
import { ServerBundleContribution } from '../bundle/server-bundle-contribution';
import { HealthContribution } from './health-contribution';

@injectable()
export class HealthBundleContribution implements ServerBundleContribution {
    @inject(HealthContribution) protected readonly health: HealthContribution;

    parts(): BundlePart[] {
        return [{ id: 'drain', collect: () => ({ draining: this.health.draining }) }];
    }
}
