// *****************************************************************************
// The admin-set workspace id (SESSION_HEALTH_WORKSPACE_ID), read once at start; an unusable value is said once
// in the log and treated as unset.
// *****************************************************************************

import { inject, injectable, named, postConstruct } from '@theia/core/shared/inversify';
import { ILogger } from '@theia/core/lib/common/logger';
import { JournalIdentityService, parseWorkspaceId, WORKSPACE_ID_ENV } from '../../common/journal/journal-protocol';

/** The admin's workspace id, and the problem to log when one is set but unusable. */
export function workspaceIdFromEnv(env: NodeJS.ProcessEnv = process.env): { id: string | undefined; problem?: string } {
    const raw = env[WORKSPACE_ID_ENV];
    const id = parseWorkspaceId(raw);
    if (raw !== undefined && raw.trim() !== '' && id === undefined) {
        return {
            id, problem: `${WORKSPACE_ID_ENV} is not usable (1-256 characters, no control characters); `
                + 'the journal keys this workspace by the page address and the workspace path'
        };
    }
    return { id };
}

@injectable()
export class DefaultJournalIdentityService implements JournalIdentityService {
    @inject(ILogger) @named('session-health:journal') protected readonly logger: ILogger;
    protected id: string | undefined;

    @postConstruct()
    protected init(): void {
        const { id, problem } = workspaceIdFromEnv();
        if (problem) {
            this.logger.warn(problem);
        }
        this.id = id;
    }

    async workspaceId(): Promise<string | undefined> {
        return this.id;
    }
}
