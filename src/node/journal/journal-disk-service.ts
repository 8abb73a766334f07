// *****************************************************************************
// The journal's disk RPC: reads (hashes) and creates files for a restore, only inside the workspace roots this
// backend has open (from its WorkspaceServer; a root the caller names is never trusted). Bad input is refused
// with a reason, never thrown.
// *****************************************************************************

import { fileURLToPath } from 'url';
import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { WorkspaceServer } from '@theia/workspace/lib/common/workspace-protocol';
import {
    JOURNAL_DISK_MAX_BYTES, JournalDiskRead, JournalDiskRefused, JournalDiskService, JournalDiskWrite
} from '../../common/journal/journal-protocol';
import { LedgerService } from '../ledger/ledger-service';
import { readWorkspaceFile, refused } from './workspace-file-read';
import { createWorkspaceFile } from './workspace-file-create';

/** The absolute path of a `file:` URI, or why it is refused. */
export function fileUriPath(uri: unknown): string | JournalDiskRefused {
    if (typeof uri !== 'string' || !uri.startsWith('file:') || uri.length > 8192) {
        return refused('bad-request', 'not a file: URI');
    }
    let url: URL;
    try {
        url = new URL(uri);
    } catch {
        return refused('bad-request', 'not a valid URI');
    }
    if (url.host !== '' || url.search !== '' || url.hash !== '') {
        return refused('bad-request', 'a file: URI with a host, query or fragment');
    }
    let fsPath: string;
    try {
        fsPath = fileURLToPath(url);
    } catch {
        return refused('bad-request', 'a file: URI that names no path (an encoded slash?)');
    }
    return fsPath.startsWith('/') && !fsPath.includes('\0') ? fsPath : refused('bad-request', 'not an absolute path');
}

@injectable()
export class DefaultJournalDiskService implements JournalDiskService {
    @inject(WorkspaceServer) @optional() protected readonly workspaceServer: WorkspaceServer | undefined;
    @inject(LedgerService) protected readonly files: LedgerService;

    async read(uri: string): Promise<JournalDiskRead> {
        const fsPath = fileUriPath(uri);
        if (typeof fsPath !== 'string') {
            return fsPath;
        }
        const roots = await this.openRoots();
        return roots.length ? readWorkspaceFile(fsPath, roots, JOURNAL_DISK_MAX_BYTES) : this.noWorkspace();
    }

    async create(uri: string, bytes: Uint8Array): Promise<JournalDiskWrite> {
        const fsPath = fileUriPath(uri);
        if (typeof fsPath !== 'string') {
            return fsPath;
        }
        if (!(bytes instanceof Uint8Array)) {
            return refused('bad-request', 'the content is not bytes');
        }
        const roots = await this.openRoots();
        return roots.length ? createWorkspaceFile(fsPath, bytes, roots, JOURNAL_DISK_MAX_BYTES) : this.noWorkspace();
    }

    protected noWorkspace(): JournalDiskRefused {
        return refused('no-workspace', 'no workspace is open in this IDE');
    }

    /** The root folders (links resolved) of the workspace this backend has open. */
    protected async openRoots(): Promise<string[]> {
        return this.files.workspaceRoots(await this.workspaceServer?.getMostRecentlyUsedWorkspace());
    }
}
