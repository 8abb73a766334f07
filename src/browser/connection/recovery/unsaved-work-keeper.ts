// *****************************************************************************
// Reloads the page without losing unsaved editors: the work journal (browser/journal, through the
// UnsavedWorkContribution point) keeps their text in IndexedDB; this writes it out now, then reloads. The journal's restore at start puts the editors back,
// still unsaved, exactly as after any other reload.
// *****************************************************************************

import { inject, injectable, named } from '@theia/core/shared/inversify';
import { ContributionProvider } from '@theia/core/lib/common/contribution-provider';
import { WindowService } from '@theia/core/lib/browser/window/window-service';
import { ILogger } from '@theia/core/lib/common/logger';
import { UnsavedWorkContribution } from '../unsaved-work-contribution';

/** Longest wait for the journal before reloading anyway (the browser then asks before discarding unsaved editors). */
const FLUSH_TIMEOUT_MS = 3000;

@injectable()
export class UnsavedWorkKeeper {
    @inject(WindowService) protected readonly windowService: WindowService;
    @inject(ILogger) protected readonly logger: ILogger;
    @inject(ContributionProvider) @named(UnsavedWorkContribution)
    protected readonly unsavedWork: ContributionProvider<UnsavedWorkContribution>;

    /** Writes the journal, then reloads the page; the journal restores the unsaved editors at start. */
    async reloadKeepingUnsaved(): Promise<void> {
        const keepers = this.unsavedWork.getContributions();
        // with no journal loaded nothing is kept: the browser asks before discarding unsaved editors
        let allKept = keepers.length > 0;
        for (const keeper of keepers) {
            try {
                const kept = await Promise.race([
                    keeper.keepBeforeReload(),
                    new Promise<boolean>(resolve => setTimeout(() => resolve(false), FLUSH_TIMEOUT_MS))
                ]);
                allKept = allKept && kept;
            } catch (e) {
                allKept = false;
                this.logger.warn(`session-health: the journal could not be written before the reload: ${e instanceof Error ? e.message : String(e)}`);
            }
        }
        if (allKept) {
            // Every unsaved editor is in the journal: no "leave this page?" prompt.
            this.windowService.setSafeToShutDown();
        }
        window.location.reload();
    }
}
