// *****************************************************************************
// The one notification of a restart. Once Theia's services answer on the new instance, it waits a short bounded
// time for the restart cause (lifecycle, optional) and the persistence check's verdict (optional), then shows one
// short notification with "Details" (the Session Health view). A verdict that comes later goes to the timeline, and
// only a verdict that needs the user's action (files lost, check failed) is shown then, once.
// *****************************************************************************

import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { CommandRegistry } from '@theia/core/lib/common/command';
import { MessageService } from '@theia/core/lib/common/message-service';
import { BackendInstance } from '../../../common/connection/heartbeat-protocol';
import { PreviousInstance } from '../../../common/lifecycle/lifecycle-protocol';
import { restartNotification } from '../../../common/persistence/persistence-format';
import { PERSISTENCE_CHECK_COMMAND_ID, RestartCheckResult } from '../../../common/persistence/persistence-protocol';
import { escapeMarkdown } from '../../shared/markdown-text';
import { SESSION_HEALTH_DETAILS_ACTION, SESSION_HEALTH_OPEN_VIEW_COMMAND } from '../../view/session-health-view-section';
import { ConnectionMonitor } from '../monitor/connection-monitor';
import { filesClause, RestartCauseSource, restartSummary, Severity, shortTime } from './restart-summary';
import { nls } from '@theia/core/lib/common/nls';

/**
 * How long after the tab reconnected the notification waits at most for the cause and the verdict (goal: shown <= 3 s
 * after the backend listens). It waits for Theia's services in any case (without them there is no check to run).
 */
export const RESTART_FACTS_WAIT_MS = 1500;

export interface RestartContext {
    /** The instance the tab worked with before. */
    before?: BackendInstance;
    /** The tab was told the server was stopping. */
    planned: boolean;
    /** A notification about this outage was shown already (no session affinity): only what needs action is added. */
    alreadyTold: boolean;
}

@injectable()
export class RestartNotifier {
    @inject(ConnectionMonitor) protected readonly monitor: ConnectionMonitor;
    @inject(MessageService) protected readonly messages: MessageService;
    @inject(CommandRegistry) protected readonly commands: CommandRegistry;
    @inject(RestartCauseSource) @optional() protected readonly causes: RestartCauseSource | undefined;

    /** Asks for the cause at once (it needs no Theia service, only the instance route). */
    cause(context: RestartContext, instance: BackendInstance): Promise<PreviousInstance | undefined> {
        return context.before && this.causes ? this.causes.explain(context.before.id, instance.id).catch(() => undefined) : Promise.resolve(undefined);
    }

    /** Called once Theia's services answer on the new instance. */
    async tell(context: RestartContext, instance: BackendInstance, cause: Promise<PreviousInstance | undefined>, reconnectedAt: number): Promise<void> {
        const check = this.runCheck();
        const wait = Math.max(0, reconnectedAt + RESTART_FACTS_WAIT_MS - Date.now());
        const deadline = new Promise<'late'>(resolve => setTimeout(() => resolve('late'), wait));
        const [previous, checked] = await Promise.all([
            Promise.race([cause, deadline.then(() => undefined)]),
            check ? Promise.race([check, deadline.then(() => 'pending' as const)]) : Promise.resolve(undefined)
        ]);
        const summary = restartSummary({ instance, planned: context.planned, previous, check: checked }, shortTime);
        if (!context.alreadyTold || summary.severity === 'error') {
            this.show(summary.severity, summary.text, summary.section);
        }
        if (checked === 'pending' && check) {
            const late = await check;
            const files = filesClause({ instance, planned: context.planned, check: late });
            if (files.severity !== 'info') {
                this.show(files.severity, files.text.trim(), 'persistence');
            }
        }
        this.markSettled(instance);
    }

    /** <body data-session-health-restart-settled="<instance id>">: every fact of that restart is told (admins' debugging, tests). */
    protected markSettled(instance: BackendInstance): void {
        document.body.dataset.sessionHealthRestartSettled = instance.id;
    }

    /** The persistence check, quiet, when that capability is present; its outcome goes to the timeline. */
    protected runCheck(): Promise<RestartCheckResult> | undefined {
        if (!this.commands.getCommand(PERSISTENCE_CHECK_COMMAND_ID)) {
            return undefined;
        }
        this.monitor.noteRecovery(nls.localize('theia-session-health/connection/note.runningCheck', 'Running the persistence check to see whether your files survived the restart'));
        return this.commands.executeCommand<RestartCheckResult>(PERSISTENCE_CHECK_COMMAND_ID, { trigger: 'restart' })
            .then((result): RestartCheckResult => result ?? { failure: 'the check did not answer' }, (e): RestartCheckResult => ({ failure: e instanceof Error ? e.message : String(e) }))
            .then(result => {
                this.monitor.noteRecovery(result.report
                    ? nls.localize('theia-session-health/connection/note.checkResult', 'Persistence check after the restart: {0}', restartNotification(result.report).text)
                    : nls.localize('theia-session-health/connection/note.checkFailed', 'The persistence check after the restart could not run: {0}', result.failure));
                return result;
            });
    }

    /** Plain text (the host, a setting or a server's reason may be in it), with "Details" opening the view. */
    protected show(severity: Severity, text: string, section: string): void {
        const markdown = escapeMarkdown(text);
        const shown = severity === 'error' ? this.messages.error(markdown, SESSION_HEALTH_DETAILS_ACTION)
            : severity === 'warn' ? this.messages.warn(markdown, SESSION_HEALTH_DETAILS_ACTION) : this.messages.info(markdown, SESSION_HEALTH_DETAILS_ACTION);
        shown.then(action => action === SESSION_HEALTH_DETAILS_ACTION && this.commands.executeCommand(SESSION_HEALTH_OPEN_VIEW_COMMAND.id, section));
    }
}
