// *****************************************************************************
// Signed out is not offline. When a reconnect was refused and an authenticating proxy answers the instance route in
// Theia's place, the connection is `signed-out` (a 404 there: the platform ended the session). One notification
// says so, with "Sign in" (a new window on the address the proxy refused: it takes it through its sign-in, and
// this tab stays as it is) and "Reload" (journal first). The sign-in cookie is shared by the browser's windows, so
// as soon as Theia answers again the BackendReturnWatcher reconnects this tab without a reload; the notice goes.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { WindowService } from '@theia/core/lib/browser/window/window-service';
import { MessageService } from '@theia/core/lib/common/message-service';
import { Progress } from '@theia/core/lib/common/message-service-protocol';
import { nls } from '@theia/core/lib/common/nls';
import { ConnectionMonitor } from '../monitor/connection-monitor';
import { ConnectionSnapshot } from '../state/connection-snapshot';
import { InstanceAnswer } from '../monitor/instance-answer';
import { diagnoseProxyAnswer } from '../monitor/refusal-diagnosis';
import { UnsavedWorkKeeper } from './unsaved-work-keeper';
import { escapeMarkdown } from '../../shared/markdown-text';
import { Endpoint } from '@theia/core/lib/browser/endpoint';
import { INSTANCE_ROUTE } from '../../../common/connection/heartbeat-protocol';

/** A Socket.IO attempt older than this without an outcome is not waited for (engine.io's handshake is quicker). */
const IN_FLIGHT_MS = 3000;

export const SIGN_IN_ACTION = (): string => nls.localize('theia-session-health/connection/signIn', 'Sign in');
export const RELOAD_ACTION = (): string => nls.localize('theia-session-health/connection/signInReload', 'Reload');
export const signedOutNotice = (): string => nls.localize('theia-session-health/connection/signedOutNotice',
    'Your sign-in to the IDE has expired. Sign in again; your unsaved work is kept in this browser.');

@injectable()
export class SignInRecovery implements FrontendApplicationContribution {
    @inject(ConnectionMonitor) protected readonly monitor: ConnectionMonitor;
    @inject(MessageService) protected readonly messages: MessageService;
    @inject(WindowService) protected readonly windowService: WindowService;
    @inject(UnsavedWorkKeeper) protected readonly keeper: UnsavedWorkKeeper;

    /** The notification while shown: a progress one (its bar: waiting for the sign-in), the kind code can close. */
    protected notice: Progress | undefined;
    protected opening = false;
    protected signedOutSince: number | undefined;
    /** Socket.IO's own reconnect attempt was under way when Theia answered again (its start). */
    protected attemptInFlightSince: number | undefined;

    onStart(): void {
        this.monitor.onDidChange(s => this.update(s));
    }

    /**
     * The instance route answered, but not Theia: signed out (an authenticating proxy) or the session ended (404).
     * Only after a refused reconnect in this outage: before that, the open socket may still work.
     */
    proxyAnswered(answer: InstanceAnswer, s: ConnectionSnapshot): void {
        const refused = s.lastConnectError && s.lastConnectError.at >= (s.lastDisconnect?.at ?? 0);
        const cause = refused ? diagnoseProxyAnswer(answer, Date.now(), lastKnownReason(s)) : undefined;
        if (cause && cause.cause !== s.cause?.cause) {
            this.monitor.diagnosed(cause);
        }
    }

    /**
     * Theia answers again (the sign-in in the other window is done): reconnect at once, unless Socket.IO's own attempt
     * is under way (forcing would cut off an attempt that now passes the proxy); if that one fails, reconnect then.
     */
    signedInAgain(s: ConnectionSnapshot): void {
        this.monitor.noteRecovery(nls.localize('theia-session-health/connection/note.signInDone', 'The IDE server answers again (signed in); reconnecting now'));
        const last = [...s.timeline].reverse().find(e => e.kind === 'reconnect-attempt' || e.kind === 'connect-error');
        if (last?.kind === 'reconnect-attempt' && Date.now() - last.at < IN_FLIGHT_MS) {
            this.attemptInFlightSince = last.at;
            window.setTimeout(() => this.checkAttemptInFlight(this.monitor.snapshot()), IN_FLIGHT_MS);
            return;
        }
        this.monitor.reconnectNow();
    }

    /** That attempt failed (it left before the sign-in was through): reconnect now. */
    protected checkAttemptInFlight(s: ConnectionSnapshot): void {
        const since = this.attemptInFlightSince;
        if (since === undefined) {
            return;
        }
        const failed = s.lastConnectError && s.lastConnectError.at >= since;
        if (s.socketOpen || failed || Date.now() - since >= IN_FLIGHT_MS) {
            this.attemptInFlightSince = undefined;
            if (!s.socketOpen) {
                this.monitor.reconnectNow();
            }
        }
    }

    protected update(s: ConnectionSnapshot): void {
        this.checkAttemptInFlight(s);
        // for tests and support: the diagnosed cause of the current outage ('' while connected)
        document.body.dataset.sessionHealthConnectionCause = s.cause?.cause ?? '';
        if (s.state === 'signed-out') {
            this.signedOutSince ??= Date.now();
            document.body.dataset.sessionHealthSignedOut = String(this.signedOutSince);
            this.show();
        } else if (this.signedOutSince !== undefined) {
            this.signedOutSince = undefined;
            delete document.body.dataset.sessionHealthSignedOut;
            this.hide();
            if (s.socketOpen) {
                this.monitor.noteRecovery(nls.localize('theia-session-health/connection/note.signedIn', 'Signed in again: reconnected without reloading the page'));
            }
        }
    }

    protected show(): void {
        if (this.notice || this.opening) {
            return;
        }
        this.opening = true;
        const text = signedOutNotice();
        // plain text: escaped, since Theia renders notification text as markdown
        this.messages.showProgress({ text: escapeMarkdown(text), actions: [SIGN_IN_ACTION(), RELOAD_ACTION()] }).then(progress => {
            this.opening = false;
            if (this.signedOutSince === undefined) {
                progress.cancel();
                return;
            }
            this.notice = progress;
            progress.result.then(action => this.acted(progress, action));
        });
    }

    protected hide(): void {
        const notice = this.notice;
        this.notice = undefined;
        notice?.cancel();
    }

    protected acted(progress: Progress, action: string | undefined): void {
        if (this.notice === progress) {
            this.notice = undefined;
        }
        if (action === SIGN_IN_ACTION()) {
            this.signIn();
            // still signed out until the other window is through: the notice stays until this tab is connected
            if (this.signedOutSince !== undefined) {
                this.show();
            }
        } else if (action === RELOAD_ACTION()) {
            this.keeper.reloadKeepingUnsaved();
        }
    }

    /**
     * Opens, in a new window, the address the proxy refused this tab (the instance route): the proxy takes that window
     * through its sign-in (its redirect target) and back to a small JSON answer. Not the IDE's page: a second IDE
     * would load the whole frontend at the moment this tab reconnects, and its journal would restore this tab's
     * unsaved editors a second time. This tab is left as it is.
     */
    protected signIn(): void {
        this.windowService.openNewWindow(new Endpoint({ path: INSTANCE_ROUTE }).getRestUrl().toString(), { external: true });
    }
}

/** What this tab last knew about why its server went away: a stop notice, a restart cause, the last disconnect. */
export function lastKnownReason(s: ConnectionSnapshot): string | undefined {
    if (s.stopping) {
        return s.stopping.cause === 'idle'
            ? nls.localize('theia-session-health/connection/lastKnown.idle', 'the IDE server announced an idle stop')
            : nls.localize('theia-session-health/connection/lastKnown.stopping', 'the IDE server announced that it was shutting down');
    }
    return s.restartCause?.message ?? s.lastDisconnect?.reason;
}
