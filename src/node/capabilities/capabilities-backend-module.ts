// *****************************************************************************
// Loaded before every capability's backend module: checks SESSION_HEALTH_DISABLE (an unknown name stops the start
// with a clear error), serves the capabilities route, and binds what every capability shares (the instance id, the metrics registry, the HTTP guard, the ledger service).
// *****************************************************************************

import { ContainerModule } from '@theia/core/shared/inversify';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { BackendInstanceProvider, DefaultBackendInstanceProvider } from './backend-instance';
import { DefaultMetricsRegistry, MetricsRegistry } from '../metrics/metrics-registry';
import { DefaultHttpGuard, HttpGuard } from '../http/http-guard';
import { bindEarlyUse } from '../http/theia-compat';
import { DefaultLedgerService, LedgerService } from '../ledger/ledger-service';
import { backendCapabilities, isBackendCapabilityEnabled } from './backend-capabilities';
import { CapabilitiesHttpContribution } from './capabilities-http-contribution';

export default new ContainerModule((bind, _unbind, isBound) => {
    backendCapabilities();
    bind(BackendInstanceProvider).to(DefaultBackendInstanceProvider).inSingletonScope();
    // The registry is only read through reports (route, OTLP): without them there is none, and no series is made.
    if (isBackendCapabilityEnabled('reports')) {
        bind(DefaultMetricsRegistry).toSelf().inSingletonScope();
        bind(MetricsRegistry).toService(DefaultMetricsRegistry);
    }
    // Belong to no capability: bound whatever SESSION_HEALTH_DISABLE says (unused when nothing needs them).
    bindEarlyUse(bind, isBound);
    bind(DefaultHttpGuard).toSelf().inSingletonScope();
    bind(HttpGuard).toService(DefaultHttpGuard);
    bind(DefaultLedgerService).toSelf().inSingletonScope();
    bind(LedgerService).toService(DefaultLedgerService);
    bind(CapabilitiesHttpContribution).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(CapabilitiesHttpContribution);
});
