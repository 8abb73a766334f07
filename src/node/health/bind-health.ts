// *****************************************************************************
// Bindings of the health and readiness routes.
// *****************************************************************************

import { interfaces } from '@theia/core/shared/inversify';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { HealthContribution } from './health-contribution';
import { EnvWorkspacePersistenceCheck, WorkspacePersistenceCheck } from './workspace-persistence-check';

export function bindHealth(bind: interfaces.Bind): void {
    bind(EnvWorkspacePersistenceCheck).toSelf().inSingletonScope();
    bind(WorkspacePersistenceCheck).toService(EnvWorkspacePersistenceCheck);
    bind(HealthContribution).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(HealthContribution);
}
