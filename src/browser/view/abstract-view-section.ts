// *****************************************************************************
// The scaffold the Session Health view's sections share: a root div with the section's class, a bar of
// action buttons, then the content. A section extends AbstractViewSection and says only what is its own
// (id, title, order, where its changes come from, its buttons and its content).
// *****************************************************************************

import { injectable } from '@theia/core/shared/inversify';
import { Event } from '@theia/core/lib/common/event';
import { SessionHealthViewSection } from './session-health-view-section';
import { h, ReactNode } from './react-elements';

/** One button of a section's action bar; `className` is its stable hook (tests, docs) and its React key. */
export interface ViewSectionAction {
    className: string;
    label: string;
    run(): unknown;
    disabled?: boolean;
}

/** The action bar (`.session-health-actions`) with Theia's secondary buttons. */
export function sectionActions(actions: readonly ViewSectionAction[]): ReactNode {
    return h('div', { className: 'session-health-actions' }, ...actions.map(a => h('button', {
        key: a.className, className: `theia-button secondary ${a.className}`, disabled: a.disabled, onClick: () => a.run()
    }, a.label)));
}

@injectable()
export abstract class AbstractViewSection implements SessionHealthViewSection {
    abstract readonly id: string;
    abstract readonly title: string;
    abstract readonly order: number;
    abstract readonly onDidChange: Event<void>;
    /** Class of the section's root div. */
    protected abstract readonly rootClass: string;

    /** Shown above the action bar (nothing by default). */
    protected lead(): ReactNode {
        return undefined;
    }

    /** The buttons of the action bar. */
    protected abstract actions(): ViewSectionAction[];

    /** What follows the action bar. */
    protected abstract content(): ReactNode[];

    render(): ReactNode {
        return h('div', { className: this.rootClass }, this.lead(), sectionActions(this.actions()), ...this.content());
    }
}
