// *****************************************************************************
// Backend module of the health and readiness routes.
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { HealthContribution } from './health-contribution';
import { DefaultWorkspacePersistenceCheck, WorkspacePersistenceCheck } from './workspace-persistence-check';

export default new ContainerModule(bind => {
    bind(DefaultWorkspacePersistenceCheck).toSelf().inSingletonScope();
    bind(WorkspacePersistenceCheck).toService(DefaultWorkspacePersistenceCheck);
    bind(HealthContribution).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(HealthContribution);
});
