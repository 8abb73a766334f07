// *****************************************************************************
// Step 9 (with --hold S): an idle connection held open for S seconds. Every cut is recorded and the
// connection reopened the way that worked, so the period of a proxy's idle timeout shows.
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';
import { pageUnreachable, ProbeContext, ProbeStepDefinition, StepOutcome } from '../probe-context';
import { median, now, sleep } from '../probe-helpers';
import { PROBE_HOLD_WAYS, ProbeHoldResult, ProbeHoldVia } from '../probe-protocol';
import { HoldLink, openHoldLink } from './hold-links';

const round2 = (seconds: number) => Math.round(seconds * 100) / 100;

/** The ways to try, best first: the browser cannot leave out Origin. */
export function holdWays(ctx: ProbeContext): ProbeHoldVia[] {
    return PROBE_HOLD_WAYS.filter(w => w !== 'websocket-without-origin' || ctx.transport.canOmitOrigin);
}

export const holdStep: ProbeStepDefinition = {
    name: 'hold',
    skipReason: pageUnreachable,
    async run(ctx: ProbeContext): Promise<StepOutcome> {
        const seconds = ctx.options.holdSeconds!;
        const result: ProbeHoldResult = { seconds, cuts: [], lifetimes: [], pingsAnswered: 0, idleBeforeCut: [] };
        ctx.obs.hold = result;
        const start = now();
        const end = start + seconds * 1000;
        let ways = holdWays(ctx);
        const fallbacks: string[] = [];
        while (now() < end) {
            let link: HoldLink | undefined;
            for (const way of ways) {
                const opened = await openHoldLink(ctx, way);
                if (typeof opened !== 'string') {
                    link = opened;
                    if (result.via !== way) {
                        result.via = way;
                        // Reconnect the way that worked (and fall back further if it stops working).
                        ways = ways.slice(ways.indexOf(way));
                    }
                    break;
                }
                fallbacks.push(`${way}: ${opened}`);
            }
            if (fallbacks.length) {
                result.fallbacks = [...new Set(fallbacks)];
            }
            if (!link) {
                return { ok: false, summary: nls.localize('theia-session-health/probe/step.holdFailed', 'could not open an idle connection any way: {0}', [...new Set(fallbacks)].join('; ')) };
            }
            const openedAt = now();
            const cut = await link.holdUntil(end, () => { result.pingsAnswered++; });
            if (cut) {
                result.cuts.push(round2((cut.at - start) / 1000));
                result.lifetimes.push(round2((cut.at - openedAt) / 1000));
                result.idleBeforeCut!.push(round2(cut.idleMs / 1000));
                link.record.error = nls.localize('theia-session-health/probe/step.cutAfter', 'cut after {0} s, {1} s idle ({2})', ((cut.at - openedAt) / 1000).toFixed(2), (cut.idleMs / 1000).toFixed(2), cut.why);
                if (cut.at - openedAt < 100) {
                    await sleep(100); // cut at once: do not reconnect in a tight loop
                }
            } else {
                await link.close();
            }
        }
        result.period = median(result.lifetimes);
        result.idlePeriod = median(result.idleBeforeCut!);
        const how = result.via && result.via !== 'websocket' ? nls.localize('theia-session-health/probe/step.holdVia', ' over the {0} ({1})', result.via, String(result.fallbacks?.join('; '))) : '';
        return {
            ok: result.cuts.length === 0,
            summary: (result.cuts.length === 0 ? nls.localize('theia-session-health/probe/step.heldNoCut', 'held {0} s without a cut ({1} ping(s) answered)', seconds, result.pingsAnswered)
                : nls.localize('theia-session-health/probe/step.holdCut', 'cut {0}× at {1} s; period {2} s, {3} s idle', result.cuts.length, result.cuts.map(c => c.toFixed(1)).join(', '), String(result.period?.toFixed(1)), String(result.idlePeriod?.toFixed(1)))) + how
        };
    }
};
