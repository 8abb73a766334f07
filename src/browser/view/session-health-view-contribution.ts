// *****************************************************************************
// The view's place in the shell (bottom panel, like Problems and Output), its toggle command
// `session-health.show-view`, and `session-health.open-view` (opens, never closes; optionally scrolls to a
// section): what the status-bar items and the notifications' "Details" actions run.
// *****************************************************************************

import { injectable } from '@theia/core/shared/inversify';
import { AbstractViewContribution } from '@theia/core/lib/browser/shell/view-contribution';
import { CommandRegistry } from '@theia/core/lib/common/command';
import {
    SESSION_HEALTH_OPEN_VIEW_COMMAND, SESSION_HEALTH_SHOW_VIEW_COMMAND_ID, SESSION_HEALTH_VIEW_ID, SESSION_HEALTH_VIEW_LABEL
} from './session-health-view-section';
import { SessionHealthWidget } from './session-health-widget';

@injectable()
export class SessionHealthViewContribution extends AbstractViewContribution<SessionHealthWidget> {
    constructor() {
        super({
            widgetId: SESSION_HEALTH_VIEW_ID,
            widgetName: SESSION_HEALTH_VIEW_LABEL,
            defaultWidgetOptions: { area: 'bottom' },
            toggleCommandId: SESSION_HEALTH_SHOW_VIEW_COMMAND_ID
        });
    }

    override registerCommands(commands: CommandRegistry): void {
        super.registerCommands(commands);
        commands.registerCommand(SESSION_HEALTH_OPEN_VIEW_COMMAND, { execute: (sectionId?: string) => this.openSection(sectionId) });
    }

    /** Opens and activates the view; with a section id, scrolls that section into sight. */
    async openSection(sectionId?: string): Promise<SessionHealthWidget> {
        const widget = await this.openView({ activate: true, reveal: true });
        if (typeof sectionId === 'string') {
            widget.reveal(sectionId);
        }
        return widget;
    }
}
