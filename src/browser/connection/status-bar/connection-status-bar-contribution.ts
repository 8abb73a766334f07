// *****************************************************************************
// The status-bar item `session-health-connection` and the commands around it.
// *****************************************************************************

import { inject, injectable, named } from '@theia/core/shared/inversify';
import { ContributionProvider } from '@theia/core/lib/common/contribution-provider';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { StatusBar, StatusBarAlignment } from '@theia/core/lib/browser/status-bar/status-bar';
import { ClipboardService } from '@theia/core/lib/browser/clipboard-service';
import { CommandContribution, CommandRegistry } from '@theia/core/lib/common/command';
import { MessageService } from '@theia/core/lib/common/message-service';
import { nls } from '@theia/core/lib/common/nls';
import { ConnectionSnapshot, ConnectionState } from '../state/connection-snapshot';
import { detailsText, statusBarText, tooltipText } from './connection-format';
import { ConnectionPreferences, SHOW_STATUS_BAR_ITEM } from '../connection-preferences';
import { ConnectionMonitor } from '../monitor/connection-monitor';
import { multilineTooltip } from '../../shared/multiline-tooltip';
import { CONNECTION_STATUS_BAR_ID, ConnectionCommands } from '../connection-commands';
import { withoutLiveSids } from './sid-display';
import { stateLabel } from '../state/connection-labels';
import { UnsavedWorkContribution } from '../unsaved-work-contribution';
import { SESSION_HEALTH_OPEN_VIEW_COMMAND } from '../../view/session-health-view-section';
import { CONNECTION_SECTION_ID } from '../view-section/connection-view-section';
import { SIGNED_OUT_BACKGROUND, SIGNED_OUT_FOREGROUND, stateColorVariable } from './connection-state-colors';

const COLORS: Record<ConnectionState, { color?: string; backgroundColor?: string }> = {
    connected: {},
    polling: { color: 'var(--theia-statusBarItem-warningForeground)', backgroundColor: 'var(--theia-statusBarItem-warningBackground)' },
    degraded: { color: 'var(--theia-statusBarItem-warningForeground)', backgroundColor: 'var(--theia-statusBarItem-warningBackground)' },
    offline: { color: 'var(--theia-statusBarItem-errorForeground)', backgroundColor: 'var(--theia-statusBarItem-errorBackground)' },
    reconnecting: { color: 'var(--theia-statusBarItem-errorForeground)', backgroundColor: 'var(--theia-statusBarItem-errorBackground)' },
    stopping: { color: 'var(--theia-statusBarItem-warningForeground)', backgroundColor: 'var(--theia-statusBarItem-warningBackground)' },
    // warning colours of our own, with high-contrast values (Theia's status-bar warning background has none in hcDark)
    'signed-out': { color: `var(${stateColorVariable(SIGNED_OUT_FOREGROUND)})`, backgroundColor: `var(${stateColorVariable(SIGNED_OUT_BACKGROUND)})` }
};

@injectable()
export class ConnectionStatusBarContribution implements FrontendApplicationContribution, CommandContribution {
    @inject(ConnectionMonitor) protected readonly monitor: ConnectionMonitor;
    @inject(StatusBar) protected readonly statusBar: StatusBar;
    @inject(ClipboardService) protected readonly clipboard: ClipboardService;
    @inject(MessageService) protected readonly messages: MessageService;
    @inject(CommandRegistry) protected readonly commands: CommandRegistry;
    @inject(ConnectionPreferences) protected readonly preferences: ConnectionPreferences;
    /** The work journal's line, when its module is loaded: the tooltip says how much unsaved work this browser keeps. */
    @inject(ContributionProvider) @named(UnsavedWorkContribution)
    protected readonly unsavedWork: ContributionProvider<UnsavedWorkContribution>;

    protected countdown: number | undefined;

    onStart(): void {
        this.monitor.onDidChange(snapshot => this.render(snapshot));
        this.preferences.onPreferenceChanged(e => {
            if (e.preferenceName === SHOW_STATUS_BAR_ITEM) {
                this.render(this.monitor.snapshot());
            }
        });
        this.render(this.monitor.snapshot());
    }

    registerCommands(commands: CommandRegistry): void {
        commands.registerCommand(ConnectionCommands.SHOW_CONNECTION_DETAILS, { execute: () => this.showDetails() });
        commands.registerCommand(ConnectionCommands.COPY_CONNECTION_DETAILS, { execute: () => this.copyDetails() });
        commands.registerCommand(ConnectionCommands.RECONNECT_NOW, { execute: () => this.monitor.reconnectNow() });
    }

    /** What the item currently shows; a snapshot that would show the same is not repainted. */
    protected rendered: string | undefined;

    protected tooltip(): string {
        const lines = this.unsavedWork.getContributions().map(c => c.tooltipLine()).filter(line => !!line);
        return [tooltipText(this.monitor.snapshot(), Date.now()), ...lines].join('\n');
    }

    protected render(snapshot: ConnectionSnapshot): void {
        this.updateCountdown(snapshot.state === 'reconnecting');
        if (this.preferences[SHOW_STATUS_BAR_ITEM] === false) {
            if (this.rendered !== undefined) {
                this.rendered = undefined;
                this.statusBar.removeElement(CONNECTION_STATUS_BAR_ID);
            }
            return;
        }
        const text = statusBarText(snapshot, Date.now());
        const className = `session-health-item session-health-${snapshot.state}`;
        // Heartbeats arrive every second; most of them change nothing the item shows.
        if (this.rendered === `${className}|${text}`) {
            return;
        }
        this.rendered = `${className}|${text}`;
        this.statusBar.setElement(CONNECTION_STATUS_BAR_ID, {
            name: nls.localize('theia-session-health/connection/itemName', 'IDE Connection'),
            text,
            // computed when hovered, so it is current then and costs nothing otherwise
            tooltip: () => multilineTooltip(this.tooltip()),
            alignment: StatusBarAlignment.LEFT,
            priority: 1000,
            className,
            command: ConnectionCommands.SHOW_CONNECTION_DETAILS.id,
            // The visible text first (WCAG 2.5.3, label in name: a speech user says what they see), then the state.
            accessibilityInformation: {
                label: `${text.replace(/\$\([^)]*\)\s*/g, '').trim()}, ${nls.localize('theia-session-health/connection/itemAriaLabel', 'IDE connection {0}', stateLabel(snapshot.state).toLowerCase())}`,
                role: 'button'
            },
            ...COLORS[snapshot.state]
        });
    }

    /** While reconnecting, the "next in S s" countdown needs a repaint every second. */
    protected updateCountdown(active: boolean): void {
        if (active && this.countdown === undefined) {
            this.countdown = window.setInterval(() => this.render(this.monitor.snapshot()), 1000);
        } else if (!active && this.countdown !== undefined) {
            window.clearInterval(this.countdown);
            this.countdown = undefined;
        }
    }

    async copyDetails(): Promise<void> {
        // the short sid and its hash only: a pasted live sid could drive this tab's polling session
        await this.clipboard.writeText(detailsText(withoutLiveSids(this.monitor.snapshot()), Date.now()));
        this.messages.info(nls.localize('theia-session-health/connection/detailsCopied', 'Connection details copied to the clipboard.'));
    }

    /** The details are the Session Health view's Connection section (the details dialog is gone). */
    async showDetails(): Promise<void> {
        await this.commands.executeCommand(SESSION_HEALTH_OPEN_VIEW_COMMAND.id, CONNECTION_SECTION_ID);
    }
}
