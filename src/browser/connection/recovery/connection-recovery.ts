// *****************************************************************************
// Recovers from refused reconnects by itself: a restarted backend (stale connection token), an unknown
// session, another replica. Explains the cause, refreshes the token with an ordinary same-origin request
// (Theia re-issues its cookie on any HTTP request with a stale one) and retries at once.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { CommandContribution, CommandRegistry } from '@theia/core/lib/common/command';
import { MessageService } from '@theia/core/lib/common/message-service';
import { ConnectionSnapshot } from '../state/connection-snapshot';
import { diagnoseRefusal, diagnoseReturn, isRecoverableRefusal, onHost } from '../monitor/refusal-diagnosis';
import { BackendInstance, HeartbeatService } from '../../../common/connection/heartbeat-protocol';
import { sampleInstances } from '../monitor/instance-sampler';
import { ConnectionMonitor } from '../monitor/connection-monitor';
import { ConnectionCommands } from '../connection-commands';
import { UnsavedWorkKeeper } from './unsaved-work-keeper';
import { escapeMarkdown } from '../../shared/markdown-text';
import { SESSION_HEALTH_DETAILS_ACTION, SESSION_HEALTH_OPEN_VIEW_COMMAND } from '../../view/session-health-view-section';
import { RestartNotifier } from './restart-notifier';
import { nls } from '@theia/core/lib/common/nls';

const SAMPLES = 3;
const MIN_INTERVAL_MS = 1000;
/** Connected again, yet heartbeats keep failing this long: Theia's services did not come back; reload. */
const FALLBACK_AFTER_MS = 15_000;
const FALLBACK_MISSED = 5;

interface PendingRestart { instance?: BackendInstance; notifiedAt: number; planned?: boolean; told?: boolean }

@injectable()
export class ConnectionRecovery implements FrontendApplicationContribution, CommandContribution {
    @inject(ConnectionMonitor) protected readonly monitor: ConnectionMonitor;
    @inject(MessageService) protected readonly messages: MessageService;
    @inject(CommandRegistry) protected readonly commands: CommandRegistry;
    @inject(UnsavedWorkKeeper) protected readonly keeper: UnsavedWorkKeeper;
    @inject(HeartbeatService) protected readonly heartbeatRpc: HeartbeatService;
    @inject(RestartNotifier) protected readonly restartNotifier: RestartNotifier;

    protected handledErrorAt = 0;
    protected lastAttemptAt = 0;
    protected busy = false;
    /** The instance this tab worked with last, kept across the outage. */
    protected knownInstance: BackendInstance | undefined;
    /**
     * Set while an outage caused by a restart or a replica switch is being recovered. `planned`: the tab was told
     * the server was stopping; `told`: a notification about this outage was shown already (no session affinity).
     */
    protected pending: PendingRestart | undefined;
    /** The fallback check runs only while an outage is being recovered: an idle tab runs no timer for it (issue 28). */
    protected fallbackTimer: number | undefined;
    protected get pendingRestart(): PendingRestart | undefined {
        return this.pending;
    }
    protected set pendingRestart(value: PendingRestart | undefined) {
        this.pending = value;
        if (value && this.fallbackTimer === undefined) {
            this.fallbackTimer = window.setInterval(() => this.checkFallback(this.monitor.snapshot()), 2000);
        } else if (!value && this.fallbackTimer !== undefined) {
            window.clearInterval(this.fallbackTimer);
            this.fallbackTimer = undefined;
        }
    }
    protected notifiedAffinity = false;

    onStart(): void {
        this.monitor.onDidChange(snapshot => this.onChange(snapshot));
    }

    registerCommands(commands: CommandRegistry): void {
        commands.registerCommand(ConnectionCommands.RELOAD_KEEPING_UNSAVED, { execute: () => this.keeper.reloadKeepingUnsaved() });
    }

    /**
     * After an outage: connected again, but the heartbeat RPC keeps failing, so Theia's services are not back.
     * Not covered by recovered(): that runs only once a heartbeat answer reports a new instance, which failing
     * heartbeats never deliver (and a token-refused / session-unknown outage on the same instance never calls it).
     */
    protected checkFallback(s: ConnectionSnapshot): void {
        if (this.pendingRestart && s.socketOpen && s.connectedSince !== undefined
            && Date.now() - s.connectedSince > FALLBACK_AFTER_MS && s.consecutiveMissed >= FALLBACK_MISSED) {
            this.pendingRestart = undefined;
            this.monitor.noteRecovery(nls.localize('theia-session-health/connection/note.reloading', 'The IDE services did not come back on the new server: reloading the page, keeping unsaved editors'));
            this.keeper.reloadKeepingUnsaved();
        }
    }

    protected onChange(s: ConnectionSnapshot): void {
        if (s.socketOpen && s.instance) {
            // Any new instance behind a tab that knew another one is a restart (or a replica switch), even when no
            // refused reconnect or returning backend announced it: it gets the restart notification.
            if (this.knownInstance && s.instance.id !== this.knownInstance.id && s.state !== 'offline') {
                this.recovered(this.knownInstance, s.instance);
            }
            this.knownInstance = s.instance;
        }
        const error = s.lastConnectError;
        if (!s.socketOpen && error && error.at > this.handledErrorAt && isRecoverableRefusal(error)) {
            this.handledErrorAt = error.at;
            this.handleRefusal(s);
        }
    }

    protected async handleRefusal(s: ConnectionSnapshot): Promise<void> {
        if (this.busy || Date.now() - this.lastAttemptAt < MIN_INTERVAL_MS) {
            return;
        }
        this.busy = true;
        this.lastAttemptAt = Date.now();
        try {
            const sampled = await sampleInstances(SAMPLES);
            const cause = diagnoseRefusal({ error: s.lastConnectError!, known: this.knownInstance, sampled, at: Date.now() });
            this.monitor.diagnosed(cause);
            if (cause.cause === 'backend-restarted' && !this.pendingRestart) {
                // No notification yet: the cause is in the timeline, the one restart notification comes on recovery.
                this.pendingRestart = { instance: sampled[sampled.length - 1], notifiedAt: Date.now(), planned: s.state === 'stopping' };
            } else if (cause.cause === 'no-session-affinity' && !this.notifiedAffinity) {
                this.notifiedAffinity = true;
                this.pendingRestart ??= { notifiedAt: Date.now() };
                this.pendingRestart.told = true;
                // The message carries host names from the network (escaped); the fix is in the view's Connection section.
                this.notify('error', `${escapeMarkdown(cause.message)} The fix is in the Session Health view.`);
            } else if (cause.cause === 'token-refused' || cause.cause === 'session-unknown') {
                this.pendingRestart ??= { notifiedAt: Date.now() };
            }
            if (cause.cause !== 'unreachable') {
                // The instance requests above carried the stale cookie, so the backend issued a fresh one: retry now.
                this.monitor.noteRecovery(nls.localize('theia-session-health/connection/note.freshToken', 'Fresh connection token fetched; reconnecting now'));
                this.monitor.reconnectNow();
            }
        } finally {
            this.busy = false;
        }
    }

    /**
     * The BackendReturnWatcher saw a backend answer again while the socket was closed. Its request renewed the token
     * cookie, so the reconnect is not refused and handleRefusal never runs: a new instance is diagnosed as a restart
     * here (timeline), then recovered() says it in one notification. Reconnects at once in every case.
     */
    async backendReturned(): Promise<void> {
        const known = this.knownInstance;
        if (known && !this.pendingRestart && !this.busy) {
            this.busy = true;
            try {
                const sampled = await sampleInstances(SAMPLES);
                const cause = diagnoseReturn(known, sampled, Date.now());
                if (cause && !this.pendingRestart) {
                    const planned = this.monitor.snapshot().state === 'stopping';
                    this.monitor.diagnosed(cause);
                    this.pendingRestart = { instance: sampled[sampled.length - 1], notifiedAt: Date.now(), planned };
                }
            } finally {
                this.busy = false;
            }
        }
        this.monitor.noteRecovery(nls.localize('theia-session-health/connection/note.answersAgain', 'An IDE server answers again; reconnecting now'));
        this.monitor.reconnectNow();
    }

    /** A warning that stays: short, with "Details" opening the Session Health view's Connection section. */
    protected notify(severity: 'warn' | 'error', markdown: string): void {
        const shown = severity === 'warn' ? this.messages.warn(markdown, SESSION_HEALTH_DETAILS_ACTION) : this.messages.error(markdown, SESSION_HEALTH_DETAILS_ACTION);
        shown.then(action => action === SESSION_HEALTH_DETAILS_ACTION && this.commands.executeCommand(SESSION_HEALTH_OPEN_VIEW_COMMAND.id, 'connection'));
    }

    protected async recovered(before: BackendInstance, instance: BackendInstance): Promise<void> {
        const reconnectedAt = Date.now();
        const pending = this.pendingRestart;
        this.pendingRestart = undefined;
        const context = { before, planned: !!pending?.planned, alreadyTold: !!pending?.told };
        const cause = this.restartNotifier.cause(context, instance);
        // The heartbeat answers on the socket as soon as it is back; Theia's RPC channels come back a moment later.
        if (!await this.servicesAnswer(FALLBACK_AFTER_MS)) {
            this.monitor.noteRecovery(nls.localize('theia-session-health/connection/note.reloading', 'The IDE services did not come back on the new server: reloading the page, keeping unsaved editors'));
            await this.keeper.reloadKeepingUnsaved();
            return;
        }
        this.monitor.noteRecovery(nls.localize('theia-session-health/connection/note.reconnected', 'Reconnected to the IDE server (instance {0}{1}, started {2}). Unsaved changes in open editors are kept.',
            instance.id.slice(0, 8), onHost(instance.hostname), new Date(instance.startedAt).toLocaleTimeString()));
        // One notification for the restart: the cause and the persistence check's verdict (both optional) in it.
        await this.restartNotifier.tell(context, instance, cause, reconnectedAt);
    }

    /** Whether an RPC call to the backend answers within `timeoutMs` (tried every 250 ms while the channel reconnects). */
    protected async servicesAnswer(timeoutMs: number): Promise<boolean> {
        const deadline = Date.now() + timeoutMs;
        while (Date.now() < deadline) {
            const answered = await Promise.race([
                this.heartbeatRpc.getInstance().then(() => true, () => false),
                new Promise<boolean>(resolve => setTimeout(() => resolve(false), Math.max(1, deadline - Date.now())))
            ]);
            if (answered) {
                return true;
            }
            await new Promise(resolve => setTimeout(resolve, 250));
        }
        return false;
    }
}
