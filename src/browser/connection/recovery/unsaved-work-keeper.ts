// *****************************************************************************
// Keeps the text of unsaved editors across a page reload: written to sessionStorage right before a
// controlled reload, put back into the reopened editors (still unsaved) when the IDE starts again.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { ApplicationShell } from '@theia/core/lib/browser/shell/application-shell';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { NavigatableWidget } from '@theia/core/lib/browser/navigatable-types';
import { OpenerService, open } from '@theia/core/lib/browser/opener-service';
import { Saveable } from '@theia/core/lib/browser/saveable';
import { MessageService } from '@theia/core/lib/common/message-service';
import URI from '@theia/core/lib/common/uri';
import { plainMarkdown } from '../../markdown-text';

export const UNSAVED_STORAGE_KEY = 'session-health.unsaved-editors';

export interface KeptEditor {
    uri: string;
    text: string;
}

@injectable()
export class UnsavedWorkKeeper implements FrontendApplicationContribution {
    @inject(ApplicationShell) protected readonly shell: ApplicationShell;
    @inject(OpenerService) protected readonly openers: OpenerService;
    @inject(MessageService) protected readonly messages: MessageService;

    /** The text of every dirty editor that can give a snapshot. */
    collect(): KeptEditor[] {
        const kept: KeptEditor[] = [];
        for (const widget of this.shell.widgets) {
            const saveable = Saveable.get(widget);
            const uri = NavigatableWidget.is(widget) ? widget.getResourceUri() : undefined;
            if (saveable?.dirty && saveable.createSnapshot && uri) {
                const text = Saveable.Snapshot.read(saveable.createSnapshot());
                if (text !== undefined) {
                    kept.push({ uri: uri.toString(), text });
                }
            }
        }
        return kept;
    }

    /** Stores the unsaved editors, then reloads the page. */
    reloadKeepingUnsaved(): void {
        const kept = this.collect();
        if (kept.length) {
            sessionStorage.setItem(UNSAVED_STORAGE_KEY, JSON.stringify(kept));
        }
        window.location.reload();
    }

    async onDidInitializeLayout(): Promise<void> {
        const raw = sessionStorage.getItem(UNSAVED_STORAGE_KEY);
        if (!raw) {
            return;
        }
        sessionStorage.removeItem(UNSAVED_STORAGE_KEY);
        let kept: KeptEditor[];
        try {
            kept = JSON.parse(raw);
        } catch {
            return;
        }
        let restored = 0;
        for (const { uri, text } of Array.isArray(kept) ? kept : []) {
            try {
                const widget = await open(this.openers, new URI(uri));
                const saveable = Saveable.get(widget);
                if (saveable?.applySnapshot && typeof text === 'string') {
                    saveable.applySnapshot({ value: text });
                    restored++;
                }
            } catch (e) {
                this.messages.warn(plainMarkdown`Could not restore the unsaved changes of ${uri}: ${e}`);
            }
        }
        if (restored) {
            this.messages.info(`Restored the unsaved changes of ${restored} editor${restored === 1 ? '' : 's'} after the reload.`);
        }
    }
}
