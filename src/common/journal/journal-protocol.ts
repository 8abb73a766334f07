// *****************************************************************************
// What the browser's work journal asks the backend: the workspace identity an admin set, which keys the journal
// where the platform knows better than the page's address and the workspace path (Theia Cloud's workspace name).
// *****************************************************************************

/** Env var on the backend: a stable name of this workspace (the same across pods, disks and session URLs). */
export const WORKSPACE_ID_ENV = 'SESSION_HEALTH_WORKSPACE_ID';
export const JOURNAL_SERVICE_PATH = '/services/session-health-journal';
export const MAX_WORKSPACE_ID_LENGTH = 256;

export const JournalIdentityService = Symbol('JournalIdentityService');
export interface JournalIdentityService {
    /** The admin-set workspace id, or undefined when none (or none valid) is set. */
    workspaceId(): Promise<string | undefined>;
}

/** A usable id: trimmed, 1 to 256 characters, no control characters; anything else is no id. */
export function parseWorkspaceId(raw: unknown): string | undefined {
    if (typeof raw !== 'string') {
        return undefined;
    }
    const id = raw.trim();
    return id.length > 0 && id.length <= MAX_WORKSPACE_ID_LENGTH && !/[\u0000-\u001f\u007f]/.test(id) ? id : undefined;
}
