// *****************************************************************************
// Command `Session Health: Run Persistence Check` (session-health.persistence-check): runs the check on the
// workspace root through the RPC service with a progress notification, remembers the marker it saw
// (localStorage, per workspace) and shows the report. Run by the reconnect logic after a backend restart
// (`{ trigger: 'restart' }`), it shows nothing and resolves to a RestartCheckResult for the one restart notification.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { Command, CommandContribution, CommandRegistry } from '@theia/core/lib/common/command';
import { MessageService } from '@theia/core/lib/common/message-service';
import { ProgressService } from '@theia/core/lib/common/progress-service';
import { ClipboardService } from '@theia/core/lib/browser/clipboard-service';
import { WorkspaceService } from '@theia/workspace/lib/browser/workspace-service';
import { formatPersistenceReport } from '../../common/persistence/persistence-format';
import {
    PERSISTENCE_CHECK_COMMAND_ID, PersistenceCheckService, PersistenceReport, RememberedMarker, RestartCheckResult
} from '../../common/persistence/persistence-protocol';
import {
    PERSISTENCE_DIRECTORY, PERSISTENCE_MIN_FREE_MEGABYTES, PERSISTENCE_MIN_FREE_PERCENT, PersistencePreferences
} from './persistence-preferences';
import { PersistenceReportDialog } from './persistence-report-dialog';
import { escapeMarkdown } from '../shared/markdown-text';
import { sessionHealthCommand } from '../shared/command-category';
import { Emitter } from '@theia/core/lib/common/event';
import { nls } from '@theia/core/lib/common/nls';

const NO_WORKSPACE = nls.localize('theia-session-health/persistence/noWorkspace', 'no workspace folder is open');

/** The Persistence section's id in the Session Health view. */
export const PERSISTENCE_SECTION_ID = 'persistence';

export const RUN_PERSISTENCE_CHECK: Command = sessionHealthCommand({ id: PERSISTENCE_CHECK_COMMAND_ID, label: 'Run Persistence Check' }, 'theia-session-health/persistence/runCheck');

/** localStorage key of the last marker this browser saw for a workspace root. */
export function markerStorageKey(rootUri: string): string {
    return `session-health.persistence-marker:${rootUri}`;
}

/**
 * Optional command argument. `{ trigger: 'restart' }`: run after a backend restart, quietly (no report view, no
 * notification); the command then resolves to a RestartCheckResult.
 */
export interface PersistenceCommandOptions {
    trigger?: 'restart' | 'user';
}


@injectable()
export class PersistenceCheckContribution implements CommandContribution {
    @inject(PersistenceCheckService) protected readonly service: PersistenceCheckService;
    @inject(WorkspaceService) protected readonly workspace: WorkspaceService;
    @inject(MessageService) protected readonly messages: MessageService;
    @inject(ClipboardService) protected readonly clipboard: ClipboardService;
    @inject(PersistencePreferences) protected readonly preferences: PersistencePreferences;
    @inject(CommandRegistry) protected readonly commands: CommandRegistry;
    @inject(ProgressService) protected readonly progress: ProgressService;

    protected last: PersistenceReport | undefined;

    protected running: Promise<PersistenceReport | undefined> | undefined;
    protected dialog: PersistenceReportDialog | undefined;
    protected readonly onDidChangeEmitter = new Emitter<void>();
    /** Fires when a check starts or ends (the Session Health view's Persistence section). */
    readonly onDidChange = this.onDidChangeEmitter.event;

    get lastReport(): PersistenceReport | undefined {
        return this.last;
    }

    get lastFailure(): string | undefined {
        return this.lastError;
    }

    get isRunning(): boolean {
        return this.running !== undefined;
    }

    registerCommands(registry: CommandRegistry): void {
        registry.registerCommand(RUN_PERSISTENCE_CHECK, { execute: (options?: PersistenceCommandOptions) => this.runCommand(options) });
    }

    async runCommand(options?: PersistenceCommandOptions): Promise<PersistenceReport | RestartCheckResult | undefined> {
        if (options?.trigger === 'restart') {
            // Quiet: the reconnect logic says the verdict in its one restart notification; details are in the view.
            const report = await this.check(true);
            // no workspace folder: nothing to check, nothing to say (not a failure that needs the user's action)
            return report ? { report } : this.lastError === NO_WORKSPACE ? {} : { failure: this.lastError ?? nls.localize('theia-session-health/persistence/unknownError', 'unknown error') };
        }
        const dialog = this.openDialog();
        const report = await this.check();
        if (report) {
            dialog.showReport(report);
        } else {
            dialog.showError(this.lastError ?? nls.localize('theia-session-health/persistence/noWorkspaceOpen', 'no workspace is open'));
        }
        return report;
    }

    protected lastError: string | undefined;

    protected openDialog(report?: PersistenceReport): PersistenceReportDialog {
        const dialog = new PersistenceReportDialog({
            copyText: () => this.last && this.clipboard.writeText(formatPersistenceReport(this.last)),
            copyJson: () => this.last && this.clipboard.writeText(JSON.stringify(this.last, undefined, 2)),
            rerun: async () => {
                dialog.showRunning();
                const again = await this.check();
                if (again) {
                    dialog.showReport(again);
                } else {
                    dialog.showError(this.lastError ?? nls.localize('theia-session-health/persistence/unknownError', 'unknown error'));
                }
            }
        });
        this.dialog = dialog;
        if (report) {
            dialog.showReport(report);
        }
        dialog.open().finally(() => {
            if (this.dialog === dialog) {
                this.dialog = undefined;
            }
        });
        return dialog;
    }

    /** Runs one check (a second call while one runs waits for the same result). */
    check(quiet = false): Promise<PersistenceReport | undefined> {
        if (!this.running) {
            this.running = this.doCheck(quiet).finally(() => {
                this.running = undefined;
                this.onDidChangeEmitter.fire();
            });
            this.onDidChangeEmitter.fire();
        }
        return this.running;
    }

    /** `quiet`: no notification (the progress goes to the status bar, a failure only to `lastFailure`). */
    protected async doCheck(quiet = false): Promise<PersistenceReport | undefined> {
        this.lastError = undefined;
        const roots = await this.workspace.roots;
        const root = roots[0]?.resource;
        if (!root) {
            this.lastError = NO_WORKSPACE;
            if (!quiet) {
                this.messages.info(nls.localize('theia-session-health/persistence/openWorkspace', 'Open a workspace folder to run the persistence check.'));
            }
            return undefined;
        }
        const rootUri = root.toString();
        // ProgressService routes by location (MessageService would always make it a notification): quiet = the status bar
        const progress = await this.progress.showProgress({ text: nls.localize('theia-session-health/persistence/progress', 'Session Health: running the persistence check…'), options: { location: quiet ? 'window' : 'notification' } });
        try {
            const report = await this.service.runCheck({
                path: rootUri,
                rememberedMarker: this.remembered(rootUri),
                directory: this.preferences[PERSISTENCE_DIRECTORY],
                minFreePercent: this.preferences[PERSISTENCE_MIN_FREE_PERCENT],
                minFreeMegabytes: this.preferences[PERSISTENCE_MIN_FREE_MEGABYTES]
            });
            if (report.ledger.marker) {
                this.remember(rootUri, { nonce: report.ledger.marker.nonce, time: report.ledger.marker.time, instanceId: report.ledger.marker.instanceId });
            }
            this.last = report;
            return report;
        } catch (e) {
            this.lastError = e instanceof Error ? e.message : String(e);
            if (!quiet) {
                this.messages.error(nls.localize('theia-session-health/persistence/couldNotRun', 'The persistence check could not run: {0}', escapeMarkdown(this.lastError)));
            }
            return undefined;
        } finally {
            progress.cancel();
        }
    }

    protected remembered(rootUri: string): RememberedMarker | undefined {
        try {
            const raw = window.localStorage.getItem(markerStorageKey(rootUri));
            const parsed = raw ? JSON.parse(raw) as RememberedMarker : undefined;
            return parsed && typeof parsed.nonce === 'string' ? parsed : undefined;
        } catch {
            return undefined;
        }
    }

    protected remember(rootUri: string, marker: RememberedMarker): void {
        try {
            window.localStorage.setItem(markerStorageKey(rootUri), JSON.stringify(marker));
        } catch {
            // Storage full or disabled: the next check cannot tell a replaced storage, nothing else breaks.
        }
    }
}
