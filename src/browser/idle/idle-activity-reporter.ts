// *****************************************************************************
// Reports this tab's keyboard, mouse and focus activity to the backend (at most every 30 s, sooner when the
// timeout is short, at once while the warning shows) and its visibility; keeps the backend's latest status,
// which any tab's activity changes (pushed to every tab). The heartbeat is not activity.
// *****************************************************************************

import { inject, injectable, postConstruct } from '@theia/core/shared/inversify';
import { Emitter, Event } from '@theia/core/lib/common/event';
import { Disposable, DisposableCollection } from '@theia/core/lib/common/disposable';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { RpcProxy } from '@theia/core/lib/common/messaging/proxy-factory';
import { ACTIVITY_REPORTS_PER_SECOND, IdleClient, IdleService, IdleStatus } from '../../common/idle/idle-protocol';
import { activityReportIntervalMs, IdlePhase, idlePhase } from './idle-countdown';

const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'pointerdown', 'mousemove', 'wheel', 'touchstart'];
/** In the warning, reports go at most this often: the backend's rate limit (ACTIVITY_REPORTS_PER_SECOND). */
const WARNING_REPORT_GAP_MS = 1000 / ACTIVITY_REPORTS_PER_SECOND;
/** A countdown hidden by input shows again when the backend has not answered the report by then. */
const LOCAL_RESET_MAX_MS = 5000;

export const IdleActivityReporter = Symbol('IdleActivityReporter');
export interface IdleActivityReporter {
    /** Fires when the status changed (a report's answer, another tab's activity) or this tab saw input during the warning. */
    readonly onDidChange: Event<void>;
    /** Where the countdown stands now. */
    phase(): IdlePhase;
    /** The last status from the backend. */
    readonly status: IdleStatus | undefined;
    /** Registers activity now (the "I'm still here" action), regardless of the report interval. */
    registerActivity(): Promise<void>;
}

@injectable()
export class DefaultIdleActivityReporter implements IdleActivityReporter, IdleClient, FrontendApplicationContribution {
    @inject(IdleService) protected readonly service: RpcProxy<IdleService>;

    protected readonly onDidChangeEmitter = new Emitter<void>();
    readonly onDidChange = this.onDidChangeEmitter.event;
    protected readonly toDispose = new DisposableCollection(this.onDidChangeEmitter);
    status: IdleStatus | undefined;
    protected offsetMs = 0;
    protected lastSentAt = 0;
    protected pending = false;
    protected trailing: number | undefined;
    /** Input seen in the warning, before the backend answered: hide the countdown at once. */
    protected localReset = false;
    protected localResetAt = 0;

    @postConstruct()
    protected init(): void {
        // A reconnect is not activity, but the first report of this page is (the page load is the user's doing):
        // whichever comes first, the open connection or onStart, carries it.
        this.toDispose.push(this.service.onDidOpenConnection(() => this.send(this.lastSentAt === 0)));
    }

    onStart(): void {
        const onInput = () => this.onInput();
        for (const type of ACTIVITY_EVENTS) {
            window.addEventListener(type, onInput, { capture: true, passive: true });
            this.toDispose.push(Disposable.create(() => window.removeEventListener(type, onInput, { capture: true })));
        }
        window.addEventListener('focus', onInput);
        const onVisibility = () => this.send(false);
        document.addEventListener('visibilitychange', onVisibility);
        this.toDispose.push(Disposable.create(() => {
            window.removeEventListener('focus', onInput);
            document.removeEventListener('visibilitychange', onVisibility);
        }));
        if (this.lastSentAt === 0) {
            this.send(true);
        }
    }

    onStop(): void {
        this.toDispose.dispose();
        window.clearTimeout(this.trailing);
    }

    onIdleStatus(status: IdleStatus): void {
        this.accept(status);
    }

    phase(): IdlePhase {
        const phase = idlePhase(this.status, Date.now(), this.offsetMs);
        return this.localReset && !this.unanswered() && phase.phase === 'warning' ? { phase: 'idle', warnInMs: 0, remainingMs: phase.remainingMs } : phase;
    }

    /** The report of the input that hid the countdown has had no answer for LOCAL_RESET_MAX_MS (the connection is down). */
    protected unanswered(): boolean {
        return this.localReset && Date.now() - this.localResetAt >= LOCAL_RESET_MAX_MS;
    }

    async registerActivity(): Promise<void> {
        await this.send(true);
    }

    protected onInput(): void {
        // The first input in the warning hides the countdown until its report is answered; more input does not extend
        // that, and once it is unanswered for LOCAL_RESET_MAX_MS the countdown stays shown (typing through a dropped
        // connection must not hide it in blinks while the backend counts down).
        const warning = this.phase().phase === 'warning' && !this.localReset;
        if (warning) {
            this.localReset = true;
            this.localResetAt = Date.now();
            this.onDidChangeEmitter.fire();
        }
        // Until the answer, reports go at once but not faster than the backend takes them (a refused last one left
        // the countdown hidden); unanswered, at the normal interval, so that a dropped connection queues few.
        const gap = this.localReset && !this.unanswered() ? WARNING_REPORT_GAP_MS : activityReportIntervalMs(this.status);
        const wait = this.lastSentAt + gap - Date.now();
        if (wait <= 0) {
            this.send(true);
        } else if (!this.pending || warning) {
            // Input within the interval: one report when it ends.
            window.clearTimeout(this.trailing);
            this.pending = true;
            this.trailing = window.setTimeout(() => this.send(true), wait);
        }
    }

    protected async send(activity: boolean): Promise<void> {
        if (activity) {
            this.pending = false;
            window.clearTimeout(this.trailing);
            this.lastSentAt = Date.now();
        }
        const sentAt = Date.now();
        try {
            const status = await this.service.report({ activity, visible: document.visibilityState === 'visible' });
            // The backend's clock at the midpoint of the round trip.
            this.offsetMs = status.serverTime - (sentAt + Date.now()) / 2;
            if (activity && this.localResetAt <= sentAt) {
                this.localReset = false; // the backend has it, even when its clock gave the same lastActivity
            }
            this.accept(status);
        } catch {
            // Not connected or refused: the backend still counts down, so the countdown shows again; the next input
            // or reconnect reports again.
            if (activity && this.localReset) {
                this.localReset = false;
                this.onDidChangeEmitter.fire();
            }
        }
    }

    protected accept(status: IdleStatus): void {
        const previous = this.status;
        this.status = status;
        if (previous?.lastActivity !== status.lastActivity) {
            this.localReset = false;
        }
        this.onDidChangeEmitter.fire();
    }
}
