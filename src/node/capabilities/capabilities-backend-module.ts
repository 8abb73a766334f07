// *****************************************************************************
// Loaded before every capability's backend module: checks SESSION_HEALTH_DISABLE (an unknown name stops the start
// with a clear error), serves the capabilities route, and binds what every capability shares (the instance id, the metrics registry).
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { BackendInstanceProvider, DefaultBackendInstanceProvider } from './backend-instance';
import { DefaultMetricsRegistry, MetricsRegistry } from '../metrics/metrics-registry';
import { backendCapabilities, isBackendCapabilityEnabled } from './backend-capabilities';
import { CapabilitiesHttpContribution } from './capabilities-http-contribution';

export default new ContainerModule(bind => {
    backendCapabilities();
    bind(BackendInstanceProvider).to(DefaultBackendInstanceProvider).inSingletonScope();
    // The registry is only read through reports (route, OTLP): without them there is none, and no series is made.
    if (isBackendCapabilityEnabled('reports')) {
        bind(DefaultMetricsRegistry).toSelf().inSingletonScope();
        bind(MetricsRegistry).toService(DefaultMetricsRegistry);
    }
    bind(CapabilitiesHttpContribution).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(CapabilitiesHttpContribution);
});
