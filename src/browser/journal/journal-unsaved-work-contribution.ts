// *****************************************************************************
// The journal's part in connection/: the tooltip's "Unsaved work" line, and writing the journal out before the
// connection's "reload keeping unsaved work".
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { UnsavedWorkContribution } from '../connection/unsaved-work-contribution';
import { UnsavedWorkJournal } from './unsaved-work-journal';
import { unsavedWorkLine } from './unsaved-work-line';

@injectable()
export class JournalUnsavedWorkContribution implements UnsavedWorkContribution {
    @inject(UnsavedWorkJournal) protected readonly journal: UnsavedWorkJournal;

    tooltipLine(): string | undefined {
        return unsavedWorkLine(this.journal.unsavedCounts());
    }

    async keepBeforeReload(): Promise<boolean> {
        await this.journal.flush();
        return this.journal.unsavedCounts().pending === 0;
    }
}
