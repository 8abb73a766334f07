// *****************************************************************************
// Turns connection snapshots into report records: new timeline entries become events, state changes
// become degraded/offline/recovered, and summary() makes the periodic summary. Pure: no timers, no DOM.
// The time offline and the time to detect come from the snapshot's timestamps; timeline-cursor.ts finds what is new.
// *****************************************************************************

import { ConnectionSnapshot, ConnectionState, TimelineEvent } from '../connection/state/connection-snapshot';
import { ReportFields, ReportRecord, ReportType, SIGNED_OUT_REASON } from '../../common/reports/reports-protocol';
import { clean } from './clean-fields';
import { TimelineCursor } from './timeline-cursor';

export { clean };
import { sha256Hex } from '../../common/shared/sha256';

export interface RecorderIdentity {
    tabId: string;
    newId(): string;
}

const USABLE: readonly ConnectionState[] = ['connected', 'polling'];
const DOWN: readonly ConnectionState[] = ['offline', 'reconnecting', 'signed-out'];
/** A reconnect record waits this long for the first heartbeat answer (to know whether the instance changed). */
const RECONNECT_WAIT_MS = 10000;

export class ReportRecorder {
    protected seq = 0;
    /** Which timeline entries this recorder has not turned into records yet. */
    protected readonly entries = new TimelineCursor();
    protected state: ConnectionState | undefined;
    protected connectedAt: number | undefined;
    protected downSince: number | undefined;
    protected lastMissed = 0;
    protected instanceId = '';
    protected sidHash = '';
    protected hashedSid: string | undefined;
    /** The instance id known before the current update (a reconnect compares against it). */
    protected instanceBeforeUpdate = '';
    /**
     * A reconnect waits for its first heartbeat answer before it is recorded. Dropped again before that, it was not a
     * recovery: the outage goes on from where it began (`downSince`), and the next reconnect adds its attempts.
     */
    protected pendingReconnect: { at: number; attempts: number; instanceBefore: string; downSince?: number; signedOut?: boolean } | undefined;
    /** The disconnect record of the current outage, and whether the outage turned out to be an expired sign-in. */
    protected outage: { disconnect?: ReportRecord; signedOut?: boolean } = {};
    /** Changes to records made earlier (still queued: nothing is delivered while the socket is closed). */
    protected amendments: { id: string; fields: ReportFields }[] = [];

    constructor(protected readonly identity: RecorderIdentity) { }

    get sequence(): number {
        return this.seq;
    }

    /** Starts the sequence after `seq` (a reloaded tab keeps counting). */
    resumeSequence(seq: number): void {
        this.seq = Math.max(this.seq, seq);
    }

    protected make(type: ReportType, at: number, fields: ReportFields): ReportRecord {
        return {
            id: this.identity.newId(), seq: ++this.seq, tabId: this.identity.tabId, instanceId: this.instanceId,
            sidHash: this.sidHash, type, at: Math.max(0, Math.round(at)), fields: clean(fields)
        };
    }

    protected noteIdentity(snapshot: ConnectionSnapshot): void {
        if (snapshot.instance?.id) {
            this.instanceId = snapshot.instance.id.replace(/[^A-Za-z0-9_.:-]/g, '').slice(0, 128);
        }
        if (snapshot.sid && snapshot.sid !== this.hashedSid) {
            this.hashedSid = snapshot.sid;
            this.sidHash = sha256Hex(snapshot.sid);
        }
    }

    /** Field changes to earlier records since the last call: the disconnect of an outage that turned out `signed-out`. */
    takeAmendments(): { id: string; fields: ReportFields }[] {
        return this.amendments.splice(0);
    }

    /** Records for what changed since the last snapshot. */
    update(snapshot: ConnectionSnapshot, now: number): ReportRecord[] {
        const out: ReportRecord[] = [];
        this.instanceBeforeUpdate = this.instanceId;
        this.noteIdentity(snapshot);
        for (const entry of this.entries.next(snapshot.timeline)) {
            if (entry.kind === 'disconnect') {
                this.sendReconnect(snapshot, now, out, entry.at); // answered before this drop: it was a recovery
            }
            const record = this.fromTimeline(entry, snapshot);
            if (record) {
                out.push(record);
            }
        }
        if (snapshot.state !== this.state) {
            out.push(...this.fromStateChange(this.state, snapshot));
            this.state = snapshot.state;
        }
        this.sendReconnect(snapshot, now, out);
        return this.withSilenceCause(snapshot, out);
    }

    /**
     * Sends the pending reconnect once answered (by `until`, when given: an answer before a drop), or, the answer not
     * needed to say so, after 10 s on an open socket; one that dropped unanswered waits for the next reconnect.
     */
    protected sendReconnect(snapshot: ConnectionSnapshot, now: number, out: ReportRecord[], until = Infinity): void {
        const pending = this.pendingReconnect;
        if (!pending) {
            return;
        }
        const answer = snapshot.lastHeartbeatAt ?? 0;
        const answered = answer >= pending.at && answer <= until && !!snapshot.instance;
        if (answered || until === Infinity && snapshot.socketOpen && now - pending.at >= RECONNECT_WAIT_MS) {
            this.pendingReconnect = undefined;
            out.push(this.make('reconnect', pending.at, {
                reason: pending.signedOut ? SIGNED_OUT_REASON : undefined, attempts: pending.attempts, offlineMs: pending.downSince !== undefined ? pending.at - pending.downSince : undefined,
                instanceChanged: !!pending.instanceBefore && !!this.instanceId && pending.instanceBefore !== this.instanceId
            }));
        }
    }

    // Server busy or network: the offline record goes out while the tab cannot know yet. When the cause of the
    // silence is known (as the answers come back), the degraded record of that moment carries it, or one is made.
    protected causeReportedFor: number | undefined;

    protected withSilenceCause(snapshot: ConnectionSnapshot, out: ReportRecord[]): ReportRecord[] {
        const silence = snapshot.silence;
        if (!silence?.cause || silence.decidedAt === undefined || silence.decidedAt === this.causeReportedFor) {
            return out;
        }
        this.causeReportedFor = silence.decidedAt;
        const index = out.findIndex(r => r.type === 'degraded');
        if (index >= 0) {
            out[index] = { ...out[index], fields: { ...out[index].fields, cause: silence.cause } };
            return out;
        }
        const reason = [...snapshot.timeline].reverse().find(e => e.kind === 'server-busy' || e.kind === 'network-drop')?.message;
        return [...out, this.make('degraded', silence.decidedAt, { previousState: snapshot.state, reason, cause: silence.cause })];
    }

    protected fromTimeline(entry: TimelineEvent, snapshot: ConnectionSnapshot): ReportRecord | undefined {
        switch (entry.kind) {
            case 'connect':
                this.connectedAt = entry.at;
                return this.make('connect', entry.at, { transport: snapshot.transport });
            case 'disconnect': {
                const sessionMs = this.connectedAt !== undefined ? entry.at - this.connectedAt : undefined;
                this.connectedAt = undefined;
                // dropped before the pending reconnect was answered: the outage goes on from where it began
                const outageStart = this.pendingReconnect?.downSince;
                this.downSince = outageStart !== undefined ? Math.min(outageStart, this.downSince ?? outageStart) : this.downSince ?? entry.at;
                const last = snapshot.lastDisconnect;
                const record = this.make('disconnect', entry.at, {
                    reason: last?.reason ?? entry.message.replace(/^Disconnected: /, ''), description: last?.description, sessionMs
                });
                this.outage = { disconnect: record };
                return record;
            }
            case 'reconnect': {
                const earlier = this.pendingReconnect;
                const attempts = Number(/after (\d+)/.exec(entry.message)?.[1] ?? 0) + (earlier?.attempts ?? 0);
                this.pendingReconnect = {
                    at: entry.at, attempts, instanceBefore: earlier?.instanceBefore ?? this.instanceBeforeUpdate, downSince: this.downSince,
                    signedOut: earlier?.signedOut || this.outage.signedOut
                };
                this.outage = {};
                this.downSince = undefined;
                return undefined;
            }
            case 'upgrade':
                return this.make('upgrade', entry.at, { transport: snapshot.transport });
            case 'upgrade-error':
                return this.make('upgrade-error', entry.at, { message: snapshot.lastUpgradeError?.message ?? entry.message });
            case 'connect-error': {
                const error = snapshot.lastConnectError;
                return this.make('handshake-error', entry.at, { code: error?.code, status: error?.status, message: error?.message ?? entry.message });
            }
            case 'heartbeat-missed':
                return this.make('heartbeat-missed', entry.at, { message: entry.message });
            case 'instance-changed':
                return this.make('instance-changed', entry.at, {});
            case 'restart-cause':
                // why the previous backend stopped (docs/restarts.md): a second instance-changed record, with the cause
                return this.make('instance-changed', entry.at, { cause: snapshot.restartCause?.cause, message: entry.message });
            default:
                return undefined;
        }
    }

    protected fromStateChange(previous: ConnectionState | undefined, snapshot: ConnectionSnapshot): ReportRecord[] {
        const at = snapshot.stateSince;
        const state = snapshot.state;
        if (previous === undefined) {
            return [];
        }
        if (state === 'signed-out' && !this.outage.signedOut) {
            // the outage's disconnect was recorded before its cause was known: it now says `signed-out`
            this.outage.signedOut = true;
            const d = this.outage.disconnect;
            if (d) {
                const was = [d.fields.reason, d.fields.description].filter(v => v !== undefined).join(': ');
                this.amendments.push({ id: d.id, fields: clean({ ...d.fields, reason: SIGNED_OUT_REASON, description: was || undefined }) });
            }
        }
        if (DOWN.includes(state) && !DOWN.includes(previous)) {
            this.downSince ??= at;
            const lastAnswer = snapshot.lastHeartbeatAt;
            return [this.make('offline', at, {
                state, previousState: previous, reason: snapshot.reason,
                detectMs: lastAnswer !== undefined && at >= lastAnswer ? at - lastAnswer : undefined
            })];
        }
        if (state === 'degraded' && previous !== 'degraded') {
            return [this.make('degraded', at, { previousState: previous, reason: snapshot.reason })];
        }
        if (USABLE.includes(state) && !USABLE.includes(previous)) {
            // usable again, straight from offline or by way of degraded: the outage ends here
            const offlineMs = this.downSince !== undefined ? at - this.downSince : undefined;
            this.downSince = undefined;
            return [this.make('recovered', at, { state, previousState: previous, offlineMs })];
        }
        return [];
    }

    /** The periodic summary; `dropped` records lost from a full queue since the last summary. */
    summary(snapshot: ConnectionSnapshot, now: number, extra: { visibility?: string; dropped?: number; queued?: number }): ReportRecord {
        this.noteIdentity(snapshot);
        const missed = Math.max(0, snapshot.missedHeartbeats - this.lastMissed);
        this.lastMissed = snapshot.missedHeartbeats;
        const rtt = snapshot.roundTrip;
        return this.make('summary', now, {
            rttCount: rtt.count, rttP50Ms: rtt.p50, rttP95Ms: rtt.p95, rttMaxMs: rtt.max, missedHeartbeats: missed,
            transport: snapshot.transport ?? 'none', state: snapshot.state, visibility: extra.visibility,
            droppedRecords: extra.dropped, queuedRecords: extra.queued
        });
    }
}
