// *****************************************************************************
// Says once in the log what the preload phase learnt: which capabilities the admin switched off, or why the answer
// could not be used (then every capability is on). For support and tests, `window.__sessionHealthCapabilities` holds
// the answer and lists the extension's registered commands (what a switched-off capability must not add).
// *****************************************************************************

import { inject, injectable, named } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { ILogger } from '@theia/core/lib/common/logger';
import { CommandRegistry } from '@theia/core/lib/common/command';
import { FrontendCapabilities } from './frontend-capabilities';

@injectable()
export class CapabilitiesLogContribution implements FrontendApplicationContribution {
    @inject(ILogger) @named('session-health:capabilities') protected readonly logger: ILogger;
    @inject(CommandRegistry) protected readonly commands: CommandRegistry;

    onStart(): void {
        const answer = FrontendCapabilities.current();
        const failure = FrontendCapabilities.failure();
        (window as { __sessionHealthCapabilities?: unknown }).__sessionHealthCapabilities = {
            ...answer ?? { failure },
            commands: () => this.commands.commandIds.filter(id => id.startsWith('session-health.'))
        };
        if (failure) {
            this.logger.warn(`every capability is on: ${failure}`);
        } else if (answer?.disabled.length) {
            this.logger.info(`switched off: ${answer.disabled.map(d => d.name).join(', ')}`);
        }
    }
}
