// *****************************************************************************
// The backend's stopping notice in the tab: listens for STOPPING_EVENT on Theia's own socket, hands it to the
// connection monitor (state `stopping`), flushes the work journal at once and shows one notification (a progress
// notification: it closes itself once another instance serves the tab, where the one restart notification takes
// over). Once the socket is gone, the connection's BackendReturnWatcher reconnects as soon as the new instance answers.
// *****************************************************************************

import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { WebSocketConnectionSource } from '@theia/core/lib/browser/messaging/ws-connection-source';
import { MessageService } from '@theia/core/lib/common/message-service';
import { Progress } from '@theia/core/lib/common/message-service-protocol';
import { isStoppingNotice, STOPPING_EVENT, StoppingNotice } from '../../common/lifecycle/lifecycle-protocol';
import { ConnectionMonitor } from '../connection/monitor/connection-monitor';
import { UnsavedWorkJournal } from '../journal/unsaved-work-journal';
import { nls } from '@theia/core/lib/common/nls';

/** The notification; constant words only (the drain seconds are a number we format). */
export function stoppingMessage(notice: StoppingNotice, journal: boolean): string {
    const seconds = Math.max(0, Math.round(notice.drainSeconds));
    const head = notice.cause === 'idle'
        ? nls.localize('theia-session-health/lifecycle/stoppingIdle', 'The IDE server is shutting down because the session was idle; it serves this tab for up to {0} s more.', seconds)
        : nls.localize('theia-session-health/lifecycle/stopping', 'The IDE server is shutting down on purpose (SIGTERM: a rollout, a node drain or an admin); it serves this tab for up to {0} s more.', seconds);
    const kept = journal
        ? nls.localize('theia-session-health/lifecycle/keptInBrowser', 'Your unsaved work is kept in this browser and offered back when the server returns.')
        : nls.localize('theia-session-health/lifecycle/keepTabOpen', 'Unsaved editors stay open in this tab: keep it open until the server returns.');
    return `${head} ${kept}`;
}

@injectable()
export class StoppingNotifier implements FrontendApplicationContribution {
    @inject(WebSocketConnectionSource) protected readonly connectionSource: WebSocketConnectionSource;
    @inject(ConnectionMonitor) protected readonly monitor: ConnectionMonitor;
    @inject(MessageService) protected readonly messages: MessageService;
    @inject(UnsavedWorkJournal) @optional() protected readonly journal: UnsavedWorkJournal | undefined;

    protected notified = new Set<string>();
    /** The stopping notice on screen: a progress notification, the only kind Theia lets us close. */
    protected shown: { instanceId: string; progress: Progress } | undefined;

    initialize(): void {
        this.connectionSource.socket.on(STOPPING_EVENT, (notice: unknown) => {
            if (isStoppingNotice(notice)) {
                this.stopping(notice);
            }
        });
        // Once another instance serves the tab, the notice is over: the restart notification replaces it.
        this.monitor.onDidChange(s => {
            if (this.shown && s.socketOpen && s.instance && s.instance.id !== this.shown.instanceId) {
                this.shown.progress.cancel();
                this.shown = undefined;
            }
        });
    }

    protected stopping(notice: StoppingNotice): void {
        this.monitor.serverStopping(notice);
        if (this.notified.has(notice.instanceId)) {
            return;
        }
        this.notified.add(notice.instanceId);
        this.journal?.flush().catch(() => undefined);
        this.messages.showProgress({ text: stoppingMessage(notice, !!this.journal), options: { location: 'notification' } })
            .then(progress => {
                this.shown?.progress.cancel();
                this.shown = { instanceId: notice.instanceId, progress };
            });
    }
}
