// *****************************************************************************
// Preload module: learns which capabilities are on before the frontend modules load (see frontend-capabilities.ts).
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { PreloadContribution } from '@theia/core/lib/browser/preload/preloader';
import { CapabilitiesPreloadContribution } from './capabilities-preload-contribution';

export default new ContainerModule(bind => {
    bind(CapabilitiesPreloadContribution).toSelf().inSingletonScope();
    bind(PreloadContribution).toService(CapabilitiesPreloadContribution);
});
