// *****************************************************************************
// Reloads the page without losing unsaved editors: the work journal (browser/journal) keeps their text in
// IndexedDB; this writes it out now, then reloads. The journal's restore at start puts the editors back,
// still unsaved, exactly as after any other reload.
// *****************************************************************************

import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { WindowService } from '@theia/core/lib/browser/window/window-service';
import { ILogger } from '@theia/core/lib/common/logger';
import { UnsavedWorkJournal } from '../../journal/journal-service';

/** Longest wait for the journal before reloading anyway (the browser then asks before discarding unsaved editors). */
const FLUSH_TIMEOUT_MS = 3000;

@injectable()
export class UnsavedWorkKeeper {
    @inject(WindowService) protected readonly windowService: WindowService;
    @inject(ILogger) protected readonly logger: ILogger;
    @inject(UnsavedWorkJournal) @optional() protected readonly journal: UnsavedWorkJournal | undefined;

    /** Writes the journal, then reloads the page; the journal restores the unsaved editors at start. */
    async reloadKeepingUnsaved(): Promise<void> {
        let allKept = false;
        if (this.journal) {
            try {
                const flushed = await Promise.race([
                    this.journal.flush().then(() => true),
                    new Promise<boolean>(resolve => setTimeout(() => resolve(false), FLUSH_TIMEOUT_MS))
                ]);
                allKept = flushed && this.journal.unsavedCounts().pending === 0;
            } catch (e) {
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
