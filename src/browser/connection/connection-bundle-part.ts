// *****************************************************************************
// Bundle part `connection`: the monitor's snapshot (without the sids), its timeline and the round-trip samples
// of the last 24 h (from ConnectionHistory, when bound), and the sid's SHA-256: the hash the stored reports
// carry, so an admin finds this tab's records with one query.
// *****************************************************************************

import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { BundlePartContext } from '../../common/bundle/bundle-assembly';
import { BUNDLE_WINDOW_MS, MAX_BUNDLE_SAMPLES, MAX_BUNDLE_TIMELINE } from '../../common/bundle/bundle-protocol';
import { capNewest } from '../../common/bundle/bundle-size';
import { sha256Hex } from '../../common/shared/sha256';
import { ConnectionHistory } from './history/connection-history';
import { ConnectionMonitor } from './monitor/connection-monitor';
import { SupportBundleContribution } from '../bundle/support-bundle-contribution';

@injectable()
export class ConnectionBundlePart implements SupportBundleContribution {
    @inject(ConnectionMonitor) protected readonly monitor: ConnectionMonitor;
    @inject(ConnectionHistory) @optional() protected readonly history: ConnectionHistory | undefined;

    readonly id = 'connection';

    knownSecrets(): (string | undefined)[] {
        const s = this.monitor.snapshot();
        return [s.sid, s.backendSid];
    }

    collect(ctx: BundlePartContext): object {
        const { sid, backendSid, timeline, ...rest } = this.monitor.snapshot();
        const since = ctx.now - BUNDLE_WINDOW_MS;
        const events = capNewest(timeline.filter(e => e.at >= since), MAX_BUNDLE_TIMELINE, 'parts.connection.timeline', `at most ${MAX_BUNDLE_TIMELINE} entries`, ctx.cuts);
        const samples = this.history
            ? capNewest(this.history.samples(since), MAX_BUNDLE_SAMPLES, 'parts.connection.samples', `at most ${MAX_BUNDLE_SAMPLES} samples`, ctx.cuts)
            : undefined;
        return {
            sidSha256: sid ? sha256Hex(sid) : undefined,
            backendSidSha256: backendSid && backendSid !== sid ? sha256Hex(backendSid) : undefined,
            snapshot: ctx.redactor.value(rest),
            timeline: events.map(e => ({ at: new Date(e.at).toISOString(), kind: e.kind, message: ctx.redactor.text(e.message) })),
            samples: samples ?? null,
            samplesNote: this.history ? undefined : 'no connection history in this build (ConnectionHistory not bound)'
        };
    }
}
