// *****************************************************************************
// The scaffold the Session Health report dialogs share (persistence report, connection-path probe): a root div
// in the dialog body, sections appended to it, secondary buttons with stable classes, then Close.
// *****************************************************************************

import { AbstractDialog } from '@theia/core/lib/browser/dialogs';
import { nls } from '@theia/core/lib/common/nls';

/** One secondary button of a dialog; `className` is its stable hook (tests, docs). */
export interface SessionHealthDialogButton {
    label: string;
    className: string;
    run(): void;
}

export abstract class SessionHealthDialog extends AbstractDialog<void> {
    protected readonly root: HTMLDivElement;

    constructor(title: string, dialogClass: string, rootClass: string) {
        super({ title, maxWidth: 1000 });
        this.addClass(dialogClass);
        this.root = document.createElement('div');
        this.root.classList.add(rootClass);
        this.contentNode.appendChild(this.root);
    }

    get value(): void {
        return undefined;
    }

    /** A div of class `className` at the end of the body, under an `h3` of `title` when one is given. */
    protected section(className: string, title?: string): HTMLDivElement {
        if (title !== undefined) {
            const heading = document.createElement('h3');
            heading.textContent = title;
            this.root.appendChild(heading);
        }
        const div = document.createElement('div');
        div.classList.add(className);
        this.root.appendChild(div);
        return div;
    }

    /** The secondary buttons in this order, then Close. */
    protected appendButtons(buttons: SessionHealthDialogButton[]): void {
        for (const { label, className, run } of buttons) {
            const button = this.createButton(label);
            button.classList.add('secondary', className);
            button.addEventListener('click', () => run());
            this.controlPanel.appendChild(button);
        }
        this.appendAcceptButton(nls.localize('theia-session-health/storage/fix.close', 'Close'));
    }
}
