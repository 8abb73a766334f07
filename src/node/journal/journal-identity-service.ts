// *****************************************************************************
// The admin-set workspace id (SESSION_HEALTH_WORKSPACE_ID), read once at start; an unusable value is said once
// in the log and treated as unset.
// *****************************************************************************

import { injectable } from '@theia/core/shared/inversify';
import { JournalIdentityService, parseWorkspaceId, WORKSPACE_ID_ENV } from '../../common/journal/journal-protocol';

export function workspaceIdFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
    const raw = env[WORKSPACE_ID_ENV];
    const id = parseWorkspaceId(raw);
    if (raw !== undefined && raw.trim() !== '' && id === undefined) {
        console.warn(`session-health: ${WORKSPACE_ID_ENV} is not usable (1-256 characters, no control characters); `
            + 'the journal keys this workspace by the page address and the workspace path');
    }
    return id;
}

@injectable()
export class DefaultJournalIdentityService implements JournalIdentityService {
    protected readonly id = workspaceIdFromEnv();

    async workspaceId(): Promise<string | undefined> {
        return this.id;
    }
}
