// *****************************************************************************
// Command ids of the extension: public contracts, never renamed.
// *****************************************************************************

import { Command } from '@theia/core/lib/common/command';
import { SESSION_HEALTH_CATEGORY } from '../command-category';

export namespace ConnectionCommands {
    const CATEGORY = SESSION_HEALTH_CATEGORY;
    export const SHOW_CONNECTION_DETAILS: Command = { id: 'session-health.show-connection-details', category: CATEGORY, label: 'Show Connection Details' };
    export const COPY_CONNECTION_DETAILS: Command = { id: 'session-health.copy-connection-details', category: CATEGORY, label: 'Copy Connection Details' };
    export const RECONNECT_NOW: Command = { id: 'session-health.reconnect-now', category: CATEGORY, label: 'Reconnect Now' };
    export const RELOAD_KEEPING_UNSAVED: Command = { id: 'session-health.reload-keeping-unsaved', category: CATEGORY, label: 'Reload Window, Keeping Unsaved Changes' };
}

/** Status-bar ids: public contracts (DOM id `status-bar-<id>`). */
export const CONNECTION_STATUS_BAR_ID = 'session-health-connection';
