// *****************************************************************************
// The heartbeat half of the connection state machine: what was sent, what answered and how fast, what was
// missed, the backend instance and sid the answers name, and the silences between them. Pure: no timers.
// *****************************************************************************

import { BackendInstance, HeartbeatReply } from '../../../common/connection/heartbeat-protocol';
import { RoundTripWindow } from './round-trip-window';
import { HeartbeatAnswer, SilenceCause } from './connection-snapshot';
import { formatSeconds, shortSid } from './connection-labels';
import { ConnectionEvents } from './connection-events';
import { HeartbeatClock } from './heartbeat-clock';
import { SilenceTracker } from './silence-episode';
import { eventTexts } from './connection-event-texts';

export abstract class ConnectionHeartbeats extends ConnectionEvents {
    protected backendSid: string | undefined;
    protected readonly rtt = new RoundTripWindow(60);
    protected readonly clock = new HeartbeatClock();
    protected readonly silences = new SilenceTracker();
    /** Last time anything arrived from the backend, or the start of a grace period. */
    protected lastInboundAt: number | undefined;
    protected lastHeartbeatAt: number | undefined;
    protected heartbeatsSent = 0;
    protected missedHeartbeats = 0;
    /** When the first answer after the last silence arrived (heartbeats sent before it are not round-trip samples). */
    protected silenceAnsweredAt: number | undefined;
    protected consecutiveMissed = 0;
    /** Answers whose round trip counted, and the last such round trip (the history's samples). */
    protected answers = 0;
    protected lastRoundTripMs: number | undefined;
    protected instance: BackendInstance | undefined;

    /** Anything arrived from the backend: a packet proves the path is alive. */
    inbound(now: number): void {
        if (this.lastInboundAt === undefined || now > this.lastInboundAt) {
            this.lastInboundAt = now;
        }
    }

    // ---- Heartbeats ----------------------------------------------------------------------------

    heartbeatSent(now: number, seq: number): void {
        this.heartbeatsSent++;
        this.clock.sent(now, seq);
    }

    /** An answer: the light heartbeat's ack, or the heartbeat RPC's reply. */
    heartbeatReplied(now: number, answer: HeartbeatAnswer | HeartbeatReply): void {
        const entry = this.clock.answered(answer.seq);
        if (!entry) {
            return;
        }
        this.inbound(now);
        this.lastHeartbeatAt = now;
        const roundTrip = now - entry.sentAt;
        if (this.consecutiveMissed > 0) {
            // The first answer after a silence: the answers queued behind it arrive in one burst.
            this.silenceAnsweredAt = now;
        }
        if (!entry.missed && roundTrip <= this.settings.heartbeatTimeoutMs) {
            // A heartbeat sent into the silence measured the outage, not the link: it would widen the offline
            // threshold (4× the p95) for the next drop. Only heartbeats sent after the silence ended are samples.
            if (this.silenceAnsweredAt === undefined || entry.sentAt >= this.silenceAnsweredAt) {
                this.rtt.add(roundTrip);
                this.lastRoundTripMs = roundTrip;
            }
            this.answers++;
            this.consecutiveMissed = 0;
        } else {
            this.log(now, 'heartbeat-late', eventTexts.late(Math.round(roundTrip)));
        }
        this.noteSilenceCause(now, this.silences.answered(now, 'loopDelay' in answer ? answer.loopDelay : undefined, this.settings));
        if (answer.instance) {
            this.noteInstance(now, answer.instance);
        }
        if (answer.sid && answer.sid !== this.backendSid) {
            this.backendSid = answer.sid;
            if (this.sid && answer.sid !== this.sid) {
                this.log(now, 'sid-mismatch', eventTexts.sidMismatch(shortSid(answer.sid), shortSid(this.sid)));
            }
        }
    }

    /** A silence waits for its cause: answers may still bring the backend's loop delay (ask for one now). */
    get silenceSettling(): boolean {
        return this.silences.settling;
    }

    protected noteSilenceCause(now: number, cause: SilenceCause | undefined): void {
        const episode = cause && this.silences.current;
        if (!episode) {
            return;
        }
        const silence = formatSeconds((episode.answeredAt ?? now) - episode.since);
        if (cause === 'server-busy') {
            this.log(now, 'server-busy', eventTexts.serverBusy(formatSeconds(episode.blockedMs), silence));
        } else {
            this.log(now, 'network-drop', eventTexts.networkDrop(silence, Math.round(episode.blockedMs)));
        }
    }

    /** The answer of a heartbeat failed (the RPC rejected); the path still answered, so it is inbound. */
    heartbeatFailed(now: number, seq: number, message: string): void {
        if (this.clock.failed(seq)) {
            this.missedHeartbeats++;
            this.consecutiveMissed++;
            this.log(now, 'heartbeat-missed', eventTexts.heartbeatFailed(message));
        }
    }

    noteInstance(now: number, instance: BackendInstance): void {
        if (!this.instance) {
            this.log(now, 'instance', eventTexts.instance(instance.id.slice(0, 8), instance.hostname, new Date(instance.startedAt).toISOString()));
        } else if (this.instance.id !== instance.id) {
            this.log(now, 'instance-changed', eventTexts.instanceChanged(instance.id.slice(0, 8), instance.hostname, this.instance.id.slice(0, 8), this.instance.hostname));
        }
        this.instance = instance;
    }

    /**
     * Timers ran late (a hidden tab is throttled, or the machine slept). Heartbeats that are overdue
     * only because of that are not missed: their clocks restart now.
     */
    timersPaused(now: number, pausedMs: number): void {
        this.clock.restart(now);
        if (this.lastInboundAt !== undefined) {
            this.lastInboundAt = Math.max(this.lastInboundAt, now);
        }
        this.log(now, 'paused', eventTexts.paused(formatSeconds(pausedMs)));
    }

    /** A heartbeat is sent and not answered yet. */
    get awaitingAnswer(): boolean {
        return this.clock.size > 0;
    }

    /** Whether a heartbeat may be sent now (socket open, not too many unanswered). */
    canSendHeartbeat(): boolean {
        return this.socketOpen;
    }

    /**
     * How long a silence with a heartbeat outstanding must last before the link counts as dead: the heartbeat
     * timeout, widened to 4× the recent p95 round trip on a slow link (samples never exceed the timeout, so
     * this is at most 4× the timeout).
     */
    offlineAfterMs(): number {
        return Math.max(this.settings.heartbeatTimeoutMs, 4 * (this.rtt.summary().p95 ?? 0));
    }
}
