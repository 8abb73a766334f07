// *****************************************************************************
// While Theia's socket is closed, asks GET /session-health/instance every 500 ms and reconnects at once when a
// backend answers again after not answering, or when another instance answers than the one this tab knew.
// Socket.IO's own retries back off to 10 s (Theia's reconnectionDelayMax), so after an outage of more than a few
// seconds (a crash, a pod replacement, a planned stop) the tab would otherwise wait up to 10 s more for its next
// try. Each request also renews a stale connection-token cookie, so that try is not refused.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { ConnectionMonitor } from '../connection-monitor';
import { ConnectionSnapshot } from '../connection-snapshot';
import { fetchInstance } from '../instance-sampler';

@injectable()
export class BackendReturnWatcher implements FrontendApplicationContribution {
    @inject(ConnectionMonitor) protected readonly monitor: ConnectionMonitor;

    /** How often the tab asks while its socket is closed. */
    static readonly INTERVAL_MS = 500;
    /** A request not answered within this counts as no answer (a blackholed route would otherwise hold the loop). */
    static readonly ANSWER_TIMEOUT_MS = 2000;

    protected timer: number | undefined;
    protected asking = false;
    /** Whether the last answer came (undefined: not asked yet in this outage) and from which instance. */
    protected lastAnswered: boolean | undefined;
    /** The instance this outage already reconnected for (not asked again every 500 ms if that try fails). */
    protected reconnectedFor: string | undefined;

    onStart(): void {
        this.monitor.onDidChange(s => this.update(s));
        this.update(this.monitor.snapshot());
    }

    onStop(): void {
        this.stopWatching();
    }

    protected update(s: ConnectionSnapshot): void {
        if (!s.socketOpen && this.timer === undefined) {
            this.lastAnswered = undefined;
            this.reconnectedFor = undefined;
            this.timer = window.setInterval(() => this.ask(), BackendReturnWatcher.INTERVAL_MS);
        } else if (s.socketOpen) {
            this.stopWatching();
        }
    }

    protected stopWatching(): void {
        if (this.timer !== undefined) {
            window.clearInterval(this.timer);
            this.timer = undefined;
        }
    }

    protected async ask(): Promise<void> {
        if (this.asking) {
            return;
        }
        this.asking = true;
        try {
            const answer = await fetchInstance(BackendReturnWatcher.ANSWER_TIMEOUT_MS);
            const s = this.monitor.snapshot();
            if (s.socketOpen || this.timer === undefined) {
                return;
            }
            const returned = !!answer && (this.lastAnswered === false
                || (!!s.instance && answer.id !== s.instance.id && answer.id !== this.reconnectedFor));
            this.lastAnswered = !!answer;
            if (returned) {
                this.reconnectedFor = answer.id;
                this.monitor.noteRecovery('An IDE server answers again; reconnecting now');
                this.monitor.reconnectNow();
            }
        } finally {
            this.asking = false;
        }
    }
}
