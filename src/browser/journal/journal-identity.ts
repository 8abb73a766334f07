// *****************************************************************************
// Which workspace this page is, for the journal: the admin's workspace id (asked once over RPC) or the page's
// origin + path prefix, with the workspace root. Resolved once per page: every write of a session goes under one key.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { ILogger } from '@theia/core/lib/common/logger';
import { WorkspaceService } from '@theia/workspace/lib/browser/workspace-service';
import { JournalIdentityService, parseWorkspaceId } from '../../common/journal/journal-protocol';
import { identityKey, JournalIdentityParts, pagePrefix } from './journal-keys';

/** How long the backend may take to say its workspace id before the identity counts as unknown. */
export const ASK_TIMEOUT_MS = 15000;

export interface ResolvedIdentity {
    /** The `workspace` field of this workspace's entries. */
    key: string;
    /** False when the backend could not be asked: entries are then shown only when the user says so. */
    known: boolean;
    root: string;
    page: string;
}

export const JournalIdentity = Symbol('JournalIdentity');
export interface JournalIdentity {
    /** Undefined without a workspace. */
    resolve(): Promise<ResolvedIdentity | undefined>;
}

@injectable()
export class DefaultJournalIdentity implements JournalIdentity {
    @inject(WorkspaceService) protected readonly workspaceService: WorkspaceService;
    @inject(JournalIdentityService) protected readonly service: JournalIdentityService;
    @inject(ILogger) protected readonly logger: ILogger;

    protected resolved: Promise<ResolvedIdentity | undefined> | undefined;

    resolve(): Promise<ResolvedIdentity | undefined> {
        this.resolved ??= this.doResolve();
        return this.resolved;
    }

    protected async doResolve(): Promise<ResolvedIdentity | undefined> {
        await this.workspaceService.ready;
        const root = this.workspaceService.workspace?.resource.toString() ?? this.workspaceService.tryGetRoots()[0]?.resource.toString();
        if (!root) {
            return undefined;
        }
        const page = pagePrefix(window.location);
        let parts: JournalIdentityParts;
        try {
            const id = parseWorkspaceId(await this.ask());
            parts = id !== undefined ? { kind: 'id', scope: id, root } : { kind: 'page', scope: page, root };
        } catch (e) {
            this.logger.warn(`session-health: journal: the workspace identity is unknown (${e instanceof Error ? e.message : String(e)})`);
            parts = { kind: 'unknown', scope: page, root };
        }
        return { key: identityKey(parts), known: parts.kind !== 'unknown', root, page };
    }

    protected ask(): Promise<string | undefined> {
        let timer: number | undefined;
        const timeout = new Promise<never>((_, reject) => {
            timer = window.setTimeout(() => reject(new Error(`no answer within ${ASK_TIMEOUT_MS} ms`)), ASK_TIMEOUT_MS);
        });
        return Promise.race([this.service.workspaceId(), timeout]).finally(() => window.clearTimeout(timer));
    }
}
