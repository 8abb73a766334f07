// *****************************************************************************
// Server busy or network? A silence on an open socket starts when a heartbeat goes missed. When answers
// come back, the backend's event-loop delay that they carry tells whether its blocked loop explains the
// silence: decided with the first answer (its busy time covers the whole silence), or, for answers without a
// loop delay, within SILENCE_SETTLE_MS of the first answer; otherwise it was the network.
// *****************************************************************************

import { LoopDelay } from '../../../common/connection/heartbeat-protocol';
import { MonitorSettings, SilenceCause, SilenceEpisode } from './connection-snapshot';

/** After the first answer, how long later answers may still bring the backend's loop delay. */
export const SILENCE_SETTLE_MS = 1000;

/**
 * How long the backend was blocked: the longest loop delay or the busy time, whichever is longer (the busy time
 * has a block at once; the histogram only from its next timer tick).
 *
 * Whether a backend blocked for `blockedMs` explains a silence of `silenceMs`: it covers at least half of it,
 * and what it leaves unexplained is no more than a healthy link shows between two answers (one heartbeat
 * interval, plus a second for the answer's trip and the timer phases).
 */
export function blockExplainsSilence(blockedMs: number, silenceMs: number, settings: MonitorSettings): boolean {
    return blockedMs >= silenceMs / 2 && silenceMs - blockedMs <= settings.heartbeatIntervalMs + 1000;
}

export class SilenceTracker {
    protected episode: SilenceEpisode | undefined;
    protected stalls = 0;

    get current(): SilenceEpisode | undefined {
        return this.episode && { ...this.episode };
    }

    /** How many silences a busy backend explained. */
    get serverStalls(): number {
        return this.stalls;
    }

    /** Undecided and answered: later answers may still carry the loop delay that explains it. */
    get settling(): boolean {
        return !!this.episode && this.episode.cause === undefined && this.episode.answeredAt !== undefined;
    }

    /**
     * A heartbeat sent at `sentAt` went missed: a silence since the last answer (`since`). It continues an
     * undecided silence; a heartbeat sent before the last silence ended belongs to that one (its answer is
     * still on the way in the burst that ended it), so it opens no new one.
     */
    missed(since: number, sentAt: number): void {
        const last = this.episode;
        if (!last || last.cause !== undefined && sentAt >= (last.answeredAt ?? last.since)) {
            this.episode = { since, blockedMs: 0 };
        }
    }

    /** An answer arrived; returns the cause when this answer decides it. */
    answered(now: number, loopDelay: LoopDelay | undefined, settings: MonitorSettings): SilenceCause | undefined {
        const episode = this.episode;
        if (!episode || episode.cause !== undefined) {
            return undefined;
        }
        episode.answeredAt ??= now;
        episode.blockedMs = Math.max(episode.blockedMs, loopDelay?.maxMs ?? 0, loopDelay?.busyMs ?? 0);
        if (blockExplainsSilence(episode.blockedMs, episode.answeredAt - episode.since, settings)) {
            return this.decide(now, 'server-busy');
        }
        // The busy time covers this socket's whole silence at once: an answer with it that does not explain
        // the silence decides it. Without it, later answers may still bring the histogram's max.
        return loopDelay ? this.decide(now, 'network') : undefined;
    }

    /** Past the settle time without an explanation: the network. */
    expire(now: number): SilenceCause | undefined {
        const episode = this.episode;
        if (episode && episode.cause === undefined && episode.answeredAt !== undefined && now >= episode.answeredAt + SILENCE_SETTLE_MS) {
            return this.decide(now, 'network');
        }
        return undefined;
    }

    /** The socket closed during the silence: the connection failed, not the server's loop. */
    closed(now: number): SilenceCause | undefined {
        const episode = this.episode;
        if (episode && episode.cause === undefined) {
            episode.answeredAt ??= now;
            return this.decide(now, 'network');
        }
        return undefined;
    }

    /** When `expire` may decide (undefined: nothing pending). */
    nextDecisionAt(): number | undefined {
        return this.settling ? this.episode!.answeredAt! + SILENCE_SETTLE_MS : undefined;
    }

    protected decide(now: number, cause: SilenceCause): SilenceCause {
        this.episode!.cause = cause;
        this.episode!.decidedAt = now;
        if (cause === 'server-busy') {
            this.stalls++;
        }
        return cause;
    }
}
