// *****************************************************************************
// HTTP routes of the extension.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import type { Application } from '@theia/core/shared/express';
import { INSTANCE_ROUTE } from '../../common/connection/heartbeat-protocol';
import { BackendInstanceProvider } from '../backend-instance';

@injectable()
export class InstanceHttpContribution implements BackendApplicationContribution {
    @inject(BackendInstanceProvider) protected readonly instanceProvider: BackendInstanceProvider;

    configure(app: Application): void {
        app.get(INSTANCE_ROUTE, (_req, res) => {
            res.set('Cache-Control', 'no-store');
            res.json(this.instanceProvider.instance);
        });
    }
}
