// *****************************************************************************
// Command ids of the extension: public contracts, never renamed.
// *****************************************************************************

import { Command } from '@theia/core/lib/common/command';
import { sessionHealthCommand } from '../shared/command-category';

export namespace ConnectionCommands {
    export const SHOW_CONNECTION_DETAILS: Command = sessionHealthCommand({ id: 'session-health.show-connection-details', label: 'Show Connection Details' }, 'theia-session-health/connection/showConnectionDetails');
    export const COPY_CONNECTION_DETAILS: Command = sessionHealthCommand({ id: 'session-health.copy-connection-details', label: 'Copy Connection Details' }, 'theia-session-health/connection/copyConnectionDetails');
    export const RECONNECT_NOW: Command = sessionHealthCommand({ id: 'session-health.reconnect-now', label: 'Reconnect Now' }, 'theia-session-health/connection/reconnectNow');
    export const RELOAD_KEEPING_UNSAVED: Command = sessionHealthCommand({ id: 'session-health.reload-keeping-unsaved', label: 'Reload Window, Keeping Unsaved Changes' }, 'theia-session-health/connection/reloadKeepingUnsaved');
}

/** Status-bar ids: public contracts (DOM id `status-bar-<id>`). */
export const CONNECTION_STATUS_BAR_ID = 'session-health-connection';
