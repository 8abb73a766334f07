// *****************************************************************************
// The backend's stopping notice in the tab: listens for STOPPING_EVENT on Theia's own socket, hands it to the
// connection monitor (state `stopping`), flushes the work journal at once and shows one notification. Once the
// socket is gone it asks GET /session-health/instance every 500 ms and reconnects as soon as a new instance answers
// (Socket.IO's own retries back off to 10 s; the request also renews the connection-token cookie).
// *****************************************************************************

import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { WebSocketConnectionSource } from '@theia/core/lib/browser/messaging/ws-connection-source';
import { MessageService } from '@theia/core/lib/common/message-service';
import { isStoppingNotice, STOPPING_EVENT, StoppingNotice } from '../../common/lifecycle/lifecycle-protocol';
import { ConnectionMonitor } from '../connection/connection-monitor';
import { fetchInstance } from '../connection/instance-sampler';
import { UnsavedWorkJournal } from '../journal/journal-service';

/** The notification; constant words only (the drain seconds are a number we format). */
export function stoppingMessage(notice: StoppingNotice, journal: boolean): string {
    const why = notice.cause === 'idle' ? 'because the session was idle' : 'on purpose (SIGTERM: a rollout, a node drain or an admin)';
    const seconds = Math.max(0, Math.round(notice.drainSeconds));
    const kept = journal
        ? 'Your unsaved work is kept in this browser and offered back when the server returns.'
        : 'Unsaved editors stay open in this tab: keep it open until the server returns.';
    return `The IDE server is shutting down ${why}; it serves this tab for up to ${seconds} s more. ${kept}`;
}

@injectable()
export class StoppingNotifier implements FrontendApplicationContribution {
    @inject(WebSocketConnectionSource) protected readonly connectionSource: WebSocketConnectionSource;
    @inject(ConnectionMonitor) protected readonly monitor: ConnectionMonitor;
    @inject(MessageService) protected readonly messages: MessageService;
    @inject(UnsavedWorkJournal) @optional() protected readonly journal: UnsavedWorkJournal | undefined;

    protected notified = new Set<string>();
    protected watching: string | undefined;

    /** How often, and how long, the tab looks for the new backend after a stop. */
    static readonly WATCH_INTERVAL_MS = 500;
    static readonly WATCH_LIMIT_MS = 15 * 60_000;

    initialize(): void {
        this.connectionSource.socket.on(STOPPING_EVENT, (notice: unknown) => {
            if (isStoppingNotice(notice)) {
                this.stopping(notice);
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
        this.messages.warn(stoppingMessage(notice, !!this.journal));
        this.watchForNewInstance(notice.instanceId);
    }

    /** After the socket closed: reconnects at once when another instance answers the instance route. */
    protected async watchForNewInstance(stopping: string): Promise<void> {
        if (this.watching === stopping) {
            return;
        }
        this.watching = stopping;
        const until = Date.now() + StoppingNotifier.WATCH_LIMIT_MS;
        while (Date.now() < until && this.watching === stopping) {
            await new Promise(resolve => setTimeout(resolve, StoppingNotifier.WATCH_INTERVAL_MS));
            const s = this.monitor.snapshot();
            if (s.socketOpen && s.instance?.id !== stopping) {
                break; // back on another instance already
            }
            if (!s.socketOpen) {
                const answer = await fetchInstance();
                if (answer && answer.id !== stopping) {
                    this.monitor.noteRecovery('A new IDE server answers; reconnecting now');
                    this.monitor.reconnectNow();
                    break;
                }
            }
        }
        this.watching = undefined;
    }
}
