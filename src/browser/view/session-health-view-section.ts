// *****************************************************************************
// The Session Health view's contribution point: every section (Connection, Storage, Persistence, Connection
// path, and whatever later capabilities add) is a `SessionHealthViewSection` bound in its capability's
// frontend module. The view renders them by `order`; it never imports a capability.
// *****************************************************************************

import { Event } from '@theia/core/lib/common/event';
import { Command } from '@theia/core/lib/common/command';
import { ReactNode } from './react-elements';
import { sessionHealthCommand } from '../shared/command-category';
import { nls } from '@theia/core/lib/common/nls';

export const SessionHealthViewSection = Symbol('SessionHealthViewSection');
export interface SessionHealthViewSection {
    /** Stable id: the section's DOM element carries it as `data-section`. */
    readonly id: string;
    /** Heading shown above the section. */
    readonly title: string;
    /** Sections are shown by ascending order (Connection 100, Storage 200, Persistence 300, Connection path 400). */
    readonly order: number;
    /** Fires when what `render` shows changed. The view re-renders at most once a second and not while hidden. */
    readonly onDidChange: Event<void>;
    /** The section's content, as React elements (see react-elements.ts; text only: never HTML or markdown from data). */
    render(): ReactNode;
    /** The view was shown or hidden (or closed): start or stop live work such as a ticking clock. */
    setVisible?(visible: boolean): void;
}

/** Order of the built-in sections; a later section picks a number in between or after. */
export namespace SessionHealthSectionOrder {
    export const CONNECTION = 100;
    export const STORAGE = 200;
    export const PERSISTENCE = 300;
    export const CONNECTION_PATH = 400;
}

export const SESSION_HEALTH_VIEW_ID = 'session-health-view';
export const SESSION_HEALTH_VIEW_LABEL = nls.localize('theia-session-health/view/label', 'Session Health');
export const SESSION_HEALTH_SHOW_VIEW_COMMAND_ID = 'session-health.show-view';
/** Opens (never closes) the view; argument: the id of a section to scroll to. */
export const SESSION_HEALTH_OPEN_VIEW_COMMAND: Command = sessionHealthCommand({ id: 'session-health.open-view', label: 'Open Session Health View' }, 'theia-session-health/view/openView');
/** Label of the notifications' action that opens the view for details. */
export const SESSION_HEALTH_DETAILS_ACTION = nls.localize('theia-session-health/view/detailsAction', 'Details');
