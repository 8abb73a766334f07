// *****************************************************************************
// Whether saved files need a copy in the browser: asks the storage classifier (the same request the storage
// item makes) and caches the answer for a minute. Ephemeral or node-local storage: keep copies.
// *****************************************************************************

import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { WorkspaceService } from '@theia/workspace/lib/browser/workspace-service';
import { StorageClassificationService, StorageVerdict } from '../../common/storage/storage-protocol';
import { STORAGE_EPHEMERAL_PATTERNS, STORAGE_PERSISTENT_PATTERNS, StoragePreferences } from '../storage/storage-preferences';
import { worstClassification } from '../storage/storage-format';

const TTL_MS = 60_000;

export function keepsSavedCopies(verdict: StorageVerdict | undefined): boolean {
    return verdict === 'ephemeral' || verdict === 'node-local';
}

@injectable()
export class JournalStorageVerdict {
    // Absent when storage is switched off (SESSION_HEALTH_DISABLE): then the verdict cannot be told.
    @inject(StorageClassificationService) @optional() protected readonly service: StorageClassificationService | undefined;
    @inject(StoragePreferences) @optional() protected readonly preferences: StoragePreferences | undefined;
    @inject(WorkspaceService) protected readonly workspaceService: WorkspaceService;

    protected cached: { verdict: StorageVerdict | undefined; at: number } | undefined;
    protected running: Promise<StorageVerdict | undefined> | undefined;

    /** The worst verdict of the workspace roots; undefined when it cannot be told (no file roots, backend down). */
    async verdict(): Promise<StorageVerdict | undefined> {
        if (this.cached && Date.now() - this.cached.at < TTL_MS) {
            return this.cached.verdict;
        }
        this.running ??= this.classify().finally(() => this.running = undefined);
        return this.running;
    }

    protected async classify(): Promise<StorageVerdict | undefined> {
        const { service, preferences } = this;
        if (!service || !preferences) {
            return undefined;
        }
        await Promise.all([this.workspaceService.ready, preferences.ready]);
        const roots = this.workspaceService.tryGetRoots().map(r => r.resource).filter(u => u.scheme === 'file').map(u => u.toString());
        if (!roots.length) {
            return undefined;
        }
        try {
            const report = await service.classifyWorkspace({
                roots,
                persistentMountPatterns: preferences[STORAGE_PERSISTENT_PATTERNS] ?? [],
                ephemeralMountPatterns: preferences[STORAGE_EPHEMERAL_PATTERNS] ?? []
            });
            const verdict = worstClassification(report.roots)?.verdict;
            this.cached = { verdict, at: Date.now() };
            return verdict;
        } catch {
            return this.cached?.verdict;
        }
    }
}
