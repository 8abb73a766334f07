// *****************************************************************************
// While Theia's socket is closed, asks GET /session-health/instance every 500 ms (every 5 s after 15 min) and reconnects at once when a
// backend answers again after not answering, or when another instance answers than the one this tab knew.
// Socket.IO's own retries back off to 10 s (Theia's reconnectionDelayMax), so after an outage of more than a few
// seconds (a crash, a pod replacement, a planned stop) the tab would otherwise wait up to 10 s more for its next
// try. Each request also renews a stale connection-token cookie, so that try is not refused: ConnectionRecovery
// explains a new instance as a restart (backendReturned) before it reconnects. An authenticating proxy or a 404
// answering instead goes to SignInRecovery (signed out / session ended); once Theia answers again, this reconnects.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { ConnectionMonitor } from '../monitor/connection-monitor';
import { ConnectionRecovery } from './connection-recovery';
import { ConnectionSnapshot } from '../state/connection-snapshot';
import { askInstanceRoute } from '../monitor/instance-answer';
import { SignInRecovery } from './sign-in-recovery';

@injectable()
export class BackendReturnWatcher implements FrontendApplicationContribution {
    @inject(ConnectionMonitor) protected readonly monitor: ConnectionMonitor;
    @inject(ConnectionRecovery) protected readonly recovery: ConnectionRecovery;
    @inject(SignInRecovery) protected readonly signIn: SignInRecovery;

    /** How often the tab asks while its socket is closed: every 500 ms for the first 15 min, then every 5 s. */
    static readonly INTERVAL_MS = 500;
    static readonly FAST_FOR_MS = 15 * 60_000;
    static readonly SLOW_INTERVAL_MS = 5000;
    /** Signed out: the sign-in in another window ends any moment, and the goal is connected within 2 s of it. */
    static readonly SIGNED_OUT_INTERVAL_MS = 200;
    /** A request not answered within this counts as no answer (a blackholed route would otherwise hold the loop). */
    static readonly ANSWER_TIMEOUT_MS = 2000;

    protected timer: number | undefined;
    protected outageSince = 0;
    /** One look-out per outage: a loop from an earlier outage stops when this changes. */
    protected outage = 0;
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
            this.outageSince = Date.now();
            this.schedule(++this.outage);
        } else if (s.socketOpen) {
            this.stopWatching();
        }
    }

    protected schedule(outage: number): void {
        const slow = Date.now() - this.outageSince > BackendReturnWatcher.FAST_FOR_MS;
        const signedOut = this.monitor.snapshot().state === 'signed-out';
        this.timer = window.setTimeout(async () => {
            await this.ask();
            if (this.timer !== undefined && outage === this.outage) {
                this.schedule(outage);
            }
        }, signedOut ? BackendReturnWatcher.SIGNED_OUT_INTERVAL_MS : slow ? BackendReturnWatcher.SLOW_INTERVAL_MS : BackendReturnWatcher.INTERVAL_MS);
    }

    protected stopWatching(): void {
        if (this.timer !== undefined) {
            window.clearTimeout(this.timer);
            this.timer = undefined;
            this.outage++;
        }
    }

    protected async ask(): Promise<void> {
        try {
            const reply = await askInstanceRoute(BackendReturnWatcher.ANSWER_TIMEOUT_MS);
            const s = this.monitor.snapshot();
            if (s.socketOpen || this.timer === undefined) {
                return;
            }
            const answer = reply.kind === 'theia' ? reply.instance : undefined;
            if (!answer) {
                // a proxy answers in Theia's place (signed out) or the session's route is gone: say so
                this.signIn.proxyAnswered(reply, s);
            }
            const returned = !!answer && (this.lastAnswered === false
                || (!!s.instance && answer.id !== s.instance.id && answer.id !== this.reconnectedFor));
            this.lastAnswered = !!answer;
            if (returned) {
                this.reconnectedFor = answer.id;
                if (s.state === 'signed-out') {
                    this.signIn.signedInAgain(s); // the same server: no restart to diagnose first
                } else {
                    await this.recovery.backendReturned();
                }
            }
        } catch {
            // no answer this time
        }
    }
}
