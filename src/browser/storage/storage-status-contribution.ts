// *****************************************************************************
// The status-bar item `session-health-storage` and the ephemeral-workspace warning.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { StatusBar, StatusBarAlignment } from '@theia/core/lib/browser/status-bar/status-bar';
import { StorageService } from '@theia/core/lib/browser/storage-service';
import { ClipboardService } from '@theia/core/lib/browser/clipboard-service';
import { Command, CommandContribution, CommandRegistry } from '@theia/core/lib/common/command';
import { MessageService } from '@theia/core/lib/common/message-service';
import { ILogger } from '@theia/core/lib/common/logger';
import { WorkspaceService } from '@theia/workspace/lib/browser/workspace-service';
import { StorageClassification, StorageClassificationService, WorkspaceStorageReport } from '../../common/storage/storage-protocol';
import {
    STORAGE_EPHEMERAL_PATTERNS, STORAGE_PERSISTENT_PATTERNS, STORAGE_WARN_EPHEMERAL, StoragePreferences
} from './storage-preferences';
import { storageStatusText, storageTooltip, warningMessage, worstClassification } from './storage-format';
import { remediation } from './storage-remediation';
import { StorageFixDialog } from './storage-fix-dialog';
import { multilineTooltip } from '../shared/multiline-tooltip';
import { escapeMarkdown } from '../shared/markdown-text';
import { sessionHealthCommand } from '../shared/command-category';
import { Emitter } from '@theia/core/lib/common/event';
import { SESSION_HEALTH_DETAILS_ACTION, SESSION_HEALTH_OPEN_VIEW_COMMAND } from '../view/session-health-view-section';
import { PERSISTENCE_CHECK_COMMAND_ID } from '../../common/persistence/persistence-protocol';
import { nls } from '@theia/core/lib/common/nls';

export const STORAGE_STATUS_BAR_ID = 'session-health-storage';
/** The Storage section's id in the Session Health view (storage-view-section.ts). */
export const STORAGE_SECTION_ID = 'storage';
const DONT_WARN_KEY = 'session-health.storage.dont-warn';
const WARNED_PREFIX = 'session-health.storage.warned:';

export namespace StorageCommands {
    export const SHOW_DETAILS: Command = sessionHealthCommand({ id: 'session-health.show-storage-details', label: 'Show Workspace Storage Details' }, 'theia-session-health/storage/showDetails');
    export const SHOW_FIX: Command = sessionHealthCommand({ id: 'session-health.show-storage-fix', label: 'Show How to Put the Workspace on a Persistent Volume' }, 'theia-session-health/storage/showFix');
    export const RECHECK: Command = sessionHealthCommand({ id: 'session-health.recheck-storage', label: 'Check Workspace Storage Again' }, 'theia-session-health/storage/recheck');
}

export const ACTION_RUN_CHECK = nls.localize('theia-session-health/persistence/runCheckButton', 'Run Persistence Check');
export const ACTION_SHOW_FIX = nls.localize('theia-session-health/storage/actionShowFix', 'Show fix');
export const ACTION_DONT_WARN = nls.localize('theia-session-health/storage/actionDontWarn', 'Don\'t warn for this workspace');

@injectable()
export class StorageStatusContribution implements FrontendApplicationContribution, CommandContribution {
    @inject(StorageClassificationService) protected readonly service: StorageClassificationService;
    @inject(StatusBar) protected readonly statusBar: StatusBar;
    @inject(WorkspaceService) protected readonly workspaceService: WorkspaceService;
    @inject(StoragePreferences) protected readonly preferences: StoragePreferences;
    @inject(MessageService) protected readonly messages: MessageService;
    @inject(StorageService) protected readonly storage: StorageService;
    @inject(CommandRegistry) protected readonly commands: CommandRegistry;
    @inject(ClipboardService) protected readonly clipboard: ClipboardService;
    @inject(ILogger) protected readonly logger: ILogger;

    protected report: WorkspaceStorageReport | undefined;
    protected generation = 0;
    protected readonly onDidChangeReportEmitter = new Emitter<void>();
    /** Fires when the workspace storage was classified again (the Session Health view's Storage section). */
    readonly onDidChangeReport = this.onDidChangeReportEmitter.event;

    get currentReport(): WorkspaceStorageReport | undefined {
        return this.report;
    }

    async copy(text: string): Promise<void> {
        await this.clipboard.writeText(text);
        this.messages.info(nls.localize('theia-session-health/storage/copied', 'Copied to the clipboard.'));
    }

    /** The last classification of the workspace (the support bundle reads it). */
    get lastReport(): WorkspaceStorageReport | undefined {
        return this.report;
    }

    onStart(): void {
        this.workspaceService.onWorkspaceChanged(() => this.refresh());
        this.preferences.onPreferenceChanged(e => {
            if (e.preferenceName === STORAGE_PERSISTENT_PATTERNS || e.preferenceName === STORAGE_EPHEMERAL_PATTERNS) {
                this.refresh();
            }
        });
        Promise.all([this.workspaceService.ready, this.preferences.ready]).then(() => this.refresh());
    }

    registerCommands(commands: CommandRegistry): void {
        commands.registerCommand(StorageCommands.SHOW_DETAILS, { execute: () => this.showDetails() });
        commands.registerCommand(StorageCommands.SHOW_FIX, { execute: () => this.showFix() });
        commands.registerCommand(StorageCommands.RECHECK, { execute: () => this.refresh() });
    }

    protected workspaceKey(): string | undefined {
        return this.workspaceService.workspace?.resource.toString() ?? this.workspaceService.tryGetRoots()[0]?.resource.toString();
    }

    async refresh(): Promise<void> {
        const generation = ++this.generation;
        const roots = this.workspaceService.tryGetRoots().map(root => root.resource).filter(uri => uri.scheme === 'file').map(uri => uri.toString());
        if (roots.length === 0) {
            this.report = undefined;
            this.onDidChangeReportEmitter.fire();
            this.statusBar.removeElement(STORAGE_STATUS_BAR_ID);
            return;
        }
        let report: WorkspaceStorageReport;
        try {
            report = await this.service.classifyWorkspace({
                roots,
                persistentMountPatterns: this.preferences[STORAGE_PERSISTENT_PATTERNS] ?? [],
                ephemeralMountPatterns: this.preferences[STORAGE_EPHEMERAL_PATTERNS] ?? []
            });
        } catch (e) {
            this.logger.warn(`session-health: workspace storage check failed: ${e instanceof Error ? e.message : String(e)}`);
            return;
        }
        if (generation !== this.generation) {
            return;
        }
        this.report = report;
        this.onDidChangeReportEmitter.fire();
        this.render(report);
        await this.maybeWarn(report);
    }

    protected render(report: WorkspaceStorageReport): void {
        const worst = worstClassification(report.roots);
        if (!worst) {
            this.statusBar.removeElement(STORAGE_STATUS_BAR_ID);
            return;
        }
        const warn = worst.verdict === 'ephemeral' || worst.verdict === 'node-local';
        this.statusBar.setElement(STORAGE_STATUS_BAR_ID, {
            name: nls.localize('theia-session-health/storage/itemName', 'Workspace Storage'),
            text: storageStatusText(worst),
            tooltip: multilineTooltip(storageTooltip(report.roots, report.configDir)),
            alignment: StatusBarAlignment.LEFT,
            priority: 999,
            className: `session-health-storage session-health-storage-${worst.verdict}`,
            command: StorageCommands.SHOW_DETAILS.id,
            accessibilityInformation: { label: nls.localize('theia-session-health/storage/ariaLabel', 'Workspace storage {0}, {1}', worst.verdict, worst.kind), role: 'button' },
            ...(warn ? { color: 'var(--theia-statusBarItem-warningForeground)', backgroundColor: 'var(--theia-statusBarItem-warningBackground)' } : {})
        });
    }

    protected sessionFlag(key: string): boolean {
        try {
            return window.sessionStorage.getItem(WARNED_PREFIX + key) !== null;
        } catch {
            return false;
        }
    }

    protected setSessionFlag(key: string): void {
        try {
            window.sessionStorage.setItem(WARNED_PREFIX + key, new Date().toISOString());
        } catch {
            // no session storage: the in-memory report still stops repeats until reload
        }
    }

    protected readonly warnedInMemory = new Set<string>();

    /** Records the last warning decision on <body data-session-health-storage-warning> (for admins' debugging and tests). */
    protected markDecision(decision: 'shown' | 'not-needed' | 'off' | 'session' | 'dont-warn'): void {
        document.body.dataset.sessionHealthStorageWarning = decision;
    }

    protected async maybeWarn(report: WorkspaceStorageReport): Promise<void> {
        const worst = worstClassification(report.roots);
        const key = this.workspaceKey();
        if (!worst || !key || (worst.verdict !== 'ephemeral' && worst.verdict !== 'node-local')) {
            this.markDecision('not-needed');
            return;
        }
        if (this.preferences[STORAGE_WARN_EPHEMERAL] === false) {
            this.markDecision('off');
            return;
        }
        if (this.warnedInMemory.has(key)) {
            return; // already decided on this page
        }
        if (this.sessionFlag(key)) {
            this.markDecision('session');
            return;
        }
        const dismissed = await this.storage.getData<string[]>(DONT_WARN_KEY, []);
        if (Array.isArray(dismissed) && dismissed.includes(key)) {
            this.markDecision('dont-warn');
            return;
        }
        this.warnedInMemory.add(key);
        this.setSessionFlag(key);
        this.markDecision('shown');
        // short: the evidence and the fix are in the Session Health view ("Details")
        const action = await this.messages.warn(escapeMarkdown(warningMessage(worst)), SESSION_HEALTH_DETAILS_ACTION, ACTION_RUN_CHECK, ACTION_DONT_WARN);
        if (action === ACTION_RUN_CHECK) {
            await this.runPersistenceCheck();
        } else if (action === SESSION_HEALTH_DETAILS_ACTION) {
            await this.showDetails();
        } else if (action === ACTION_DONT_WARN) {
            const current = await this.storage.getData<string[]>(DONT_WARN_KEY, []);
            await this.storage.setData(DONT_WARN_KEY, [...new Set([...(Array.isArray(current) ? current : []), key])]);
            this.messages.info(nls.localize('theia-session-health/storage/notWarnedAgain', 'You will not be warned about the storage of this workspace again. The status bar still shows it.'));
        }
    }

    async runPersistenceCheck(): Promise<void> {
        if (this.commands.getCommand(PERSISTENCE_CHECK_COMMAND_ID)) {
            await this.commands.executeCommand(PERSISTENCE_CHECK_COMMAND_ID);
        } else {
            this.messages.info(nls.localize('theia-session-health/storage/checkUnavailable', 'The persistence check is not available yet in this IDE.'));
        }
    }

    async showFix(result?: StorageClassification): Promise<void> {
        const target = result ?? worstClassification(this.report?.roots ?? []);
        if (!target) {
            this.messages.info(nls.localize('theia-session-health/storage/noWorkspace', 'No workspace is open, so there is nothing to fix.'));
            return;
        }
        const fix = remediation({
            workspacePath: target.resolvedPath ?? target.path,
            containerName: target.kubernetes?.container,
            storageClass: target.kubernetes?.storageClass
        });
        const dialog = new StorageFixDialog(target, fix, text => {
            Promise.resolve(this.clipboard.writeText(text)).then(() => this.messages.info(nls.localize('theia-session-health/storage/copied', 'Copied to the clipboard.')));
        });
        await dialog.open();
    }

    /** The details are the Session Health view's Storage section. */
    async showDetails(): Promise<void> {
        await this.commands.executeCommand(SESSION_HEALTH_OPEN_VIEW_COMMAND.id, STORAGE_SECTION_ID);
    }
}
