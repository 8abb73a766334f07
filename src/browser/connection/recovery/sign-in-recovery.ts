// *****************************************************************************
// Signed out is not offline. When a reconnect was refused and an authenticating proxy answers the instance route in
// Theia's place, the connection is `signed-out` (a 404 there: the platform ended the session). One notification
// says so, with "Sign in" (the IDE's address in a new window: the proxy takes it through sign-in, and this tab stays
// as it is) and "Reload" (journal first). The sign-in cookie is shared by the windows of the browser, so as soon as
// Theia answers again the BackendReturnWatcher reconnects this tab without a reload; the notification then goes.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { WindowService } from '@theia/core/lib/browser/window/window-service';
import { MessageService } from '@theia/core/lib/common/message-service';
import { Progress } from '@theia/core/lib/common/message-service-protocol';
import { nls } from '@theia/core/lib/common/nls';
import { ConnectionMonitor } from '../connection-monitor';
import { ConnectionSnapshot } from '../connection-snapshot';
import { InstanceAnswer } from '../instance-answer';
import { diagnoseProxyAnswer } from '../refusal-diagnosis';
import { UnsavedWorkKeeper } from './unsaved-work-keeper';
import { escapeMarkdown } from '../../markdown-text';

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

    /** Theia answers again (the sign-in in the other window is done): reconnect at once. */
    signedInAgain(): void {
        this.monitor.noteRecovery(nls.localize('theia-session-health/connection/note.signInDone', 'The IDE server answers again (signed in); reconnecting now'));
        this.monitor.reconnectNow();
    }

    protected update(s: ConnectionSnapshot): void {
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
     * Opens the IDE's own address in a new window: the proxy sends it through its sign-in and back (a redirect target
     * seen by this tab would return to the instance route, not to a page). This tab is left as it is.
     */
    protected signIn(): void {
        const url = new URL(window.location.href);
        url.hash = '';
        this.windowService.openNewWindow(url.toString(), { external: true });
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
