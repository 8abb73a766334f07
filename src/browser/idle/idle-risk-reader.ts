// *****************************************************************************
// Collects what an idle stop would cost right now: the workspace's storage verdict (the storage classifier, via
// the journal's cached verdict), the unsaved editors, and the files saved only to an ephemeral disk (the work
// journal's `saved` entries).
// *****************************************************************************

import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { ApplicationShell } from '@theia/core/lib/browser/shell/application-shell';
import { Saveable } from '@theia/core/lib/browser/saveable';
import URI from '@theia/core/lib/common/uri';
import { JournalStorageVerdict } from '../journal/journal-storage-verdict';
import { UnsavedWorkJournal } from '../journal/unsaved-work-journal';
import { IdleRisk } from './idle-risk';

@injectable()
export class IdleRiskReader {
    @inject(ApplicationShell) protected readonly shell: ApplicationShell;
    @inject(JournalStorageVerdict) @optional() protected readonly verdicts: JournalStorageVerdict | undefined;
    @inject(UnsavedWorkJournal) @optional() protected readonly journal: UnsavedWorkJournal | undefined;

    async read(): Promise<IdleRisk> {
        const [verdict, savedOnlyEphemeral] = await Promise.all([
            this.verdicts?.verdict().catch(() => undefined),
            this.savedOnlyEphemeral()
        ]);
        return { verdict, unsaved: this.unsavedEditors(), savedOnlyEphemeral };
    }

    protected unsavedEditors(): string[] {
        const names = this.shell.widgets.filter(w => Saveable.isDirty(w)).map(w => w.title.label.replace(/^●\s*/, ''));
        return [...new Set(names)].sort();
    }

    protected async savedOnlyEphemeral(): Promise<string[]> {
        try {
            const entries = await this.journal?.entries() ?? [];
            return [...new Set(entries.filter(e => e.kind === 'saved').map(e => new URI(e.uri).path.base))].sort();
        } catch {
            return [];
        }
    }
}
