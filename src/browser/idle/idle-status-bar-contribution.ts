// *****************************************************************************
// The idle countdown in the status bar (`session-health-idle`, class `session-health-idle-warning`,
// "Stops in 4:59") from the warning on, and one notification per warning that says what the stop would cost,
// with "I'm still here" and "Run Persistence Check". Any input (or another tab's) hides it again.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { StatusBar, StatusBarAlignment } from '@theia/core/lib/browser/status-bar/status-bar';
import { Command, CommandContribution, CommandRegistry } from '@theia/core/lib/common/command';
import { DisposableCollection } from '@theia/core/lib/common/disposable';
import { MessageService } from '@theia/core/lib/common/message-service';
import { PERSISTENCE_CHECK_COMMAND_ID } from '../../common/persistence/persistence-protocol';
import { sessionHealthCommand } from '../shared/command-category';
import { IdleActivityReporter } from './idle-activity-reporter';
import { countdownText } from './idle-countdown';
import { idleRiskMessage } from './idle-risk';
import { IdleRiskReader } from './idle-risk-reader';
import { nls } from '@theia/core/lib/common/nls';

export const IDLE_STATUS_BAR_ID = 'session-health-idle';
export const IDLE_WARNING_CLASS = 'session-health-idle-warning';
export const ACTION_STILL_HERE = nls.localize('theia-session-health/idle/actionStillHere', 'I\'m still here');
export const ACTION_RUN_CHECK = nls.localize('theia-session-health/persistence/runCheckButton', 'Run Persistence Check');

export namespace IdleCommands {
    export const STILL_HERE: Command = sessionHealthCommand({ id: 'session-health.idle-still-here', label: 'I\'m Still Here (Reset the Idle Countdown)' }, 'theia-session-health/idle/stillHere');
}

@injectable()
export class IdleStatusBarContribution implements FrontendApplicationContribution, CommandContribution {
    @inject(IdleActivityReporter) protected readonly reporter: IdleActivityReporter;
    @inject(IdleRiskReader) protected readonly risk: IdleRiskReader;
    @inject(StatusBar) protected readonly statusBar: StatusBar;
    @inject(MessageService) protected readonly messages: MessageService;
    @inject(CommandRegistry) protected readonly commands: CommandRegistry;

    protected readonly toDispose = new DisposableCollection();
    protected timer: number | undefined;
    protected showing = false;
    /** One notification per warning: reset when the countdown is reset. */
    protected notified = false;

    registerCommands(commands: CommandRegistry): void {
        commands.registerCommand(IdleCommands.STILL_HERE, { execute: () => this.reporter.registerActivity() });
    }

    onStart(): void {
        this.toDispose.push(this.reporter.onDidChange(() => this.update()));
        this.update();
    }

    onStop(): void {
        window.clearTimeout(this.timer);
        this.toDispose.dispose();
    }

    protected update(): void {
        window.clearTimeout(this.timer);
        const phase = this.reporter.phase();
        if (phase.phase !== 'warning') {
            // Hidden by input before the backend answered (warnInMs 0): the same warning, so no second notification
            // if it shows again; a real reset (or no countdown) starts a new warning.
            this.hide(phase.phase === 'off' || phase.warnInMs > 0);
            if (phase.phase === 'idle') {
                this.timer = window.setTimeout(() => this.update(), Math.max(50, phase.warnInMs));
            }
            return;
        }
        const text = countdownText(phase.remainingMs);
        this.showing = true;
        this.statusBar.setElement(IDLE_STATUS_BAR_ID, {
            name: nls.localize('theia-session-health/idle/itemName', 'Idle Countdown'),
            text,
            tooltip: nls.localize('theia-session-health/idle/tooltip', 'The IDE stops when nobody uses it. Any key press or mouse use resets the countdown. Click: I\'m still here.'),
            alignment: StatusBarAlignment.LEFT,
            priority: 1001,
            className: IDLE_WARNING_CLASS,
            command: IdleCommands.STILL_HERE.id,
            color: 'var(--theia-statusBarItem-warningForeground)',
            backgroundColor: 'var(--theia-statusBarItem-warningBackground)',
            accessibilityInformation: { label: nls.localize('theia-session-health/idle/ariaLabel', 'Idle: the IDE {0}', text.toLowerCase()), role: 'button' }
        });
        if (!this.notified) {
            this.notified = true;
            this.notify(text);
        }
        // Next whole second of the countdown.
        this.timer = window.setTimeout(() => this.update(), (phase.remainingMs % 1000) || 1000);
    }

    protected hide(newWarning: boolean): void {
        if (newWarning) {
            this.notified = false;
        }
        if (this.showing) {
            this.showing = false;
            this.statusBar.removeElement(IDLE_STATUS_BAR_ID);
        }
    }

    protected async notify(countdown: string): Promise<void> {
        const risk = await this.risk.read();
        document.body.dataset.sessionHealthIdleWarning = new Date().toISOString();
        const action = await this.messages.warn(idleRiskMessage(risk, countdown), ACTION_STILL_HERE, ACTION_RUN_CHECK);
        if (action === ACTION_STILL_HERE) {
            await this.reporter.registerActivity();
        } else if (action === ACTION_RUN_CHECK) {
            await this.reporter.registerActivity();
            if (this.commands.getCommand(PERSISTENCE_CHECK_COMMAND_ID)) {
                await this.commands.executeCommand(PERSISTENCE_CHECK_COMMAND_ID);
            }
        }
    }
}
