// *****************************************************************************
// The command palette category of every Session Health command (the "Session Health: …" prefix), and the one way
// our commands get their translated label and category (Theia's `Command.toLocalizedCommand`).
// *****************************************************************************

import { Command } from '@theia/core/lib/common/command';

export const SESSION_HEALTH_CATEGORY = 'Session Health';
/** The nls key of the category; every key of this extension starts with `theia-session-health/`. */
export const SESSION_HEALTH_CATEGORY_KEY = 'theia-session-health/common/category';

/** A command whose label (English default in `command.label`) is looked up under `labelKey`. */
export function sessionHealthCommand(command: Command & { label: string }, labelKey: string): Command {
    return Command.toLocalizedCommand({ category: SESSION_HEALTH_CATEGORY, ...command }, labelKey, SESSION_HEALTH_CATEGORY_KEY);
}
