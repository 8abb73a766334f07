// *****************************************************************************
// Steps 4-6 over HTTP long-polling: the handshake, follow-up requests of the session (affinity),
// and fresh handshakes (a cache hands out the same sid twice).
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';
import { parseOpenPacket, engineErrorCode } from '../engine-io-packets';
import { noSession, pageUnreachable, ProbeContext, ProbeStepDefinition, StepOutcome } from '../probe-context';
import { HttpObservation, ProbeObservations } from '../probe-observations';
import { DEFAULT_FRESH_HANDSHAKES, DEFAULT_PROBE_REQUESTS, hiddenSid } from '../probe-protocol';

const HANDSHAKE_ATTEMPTS = 3;

export const handshakeStep: ProbeStepDefinition = {
    name: 'handshake',
    skipReason: pageUnreachable,
    async run(ctx: ProbeContext) {
        for (let attempt = 0; attempt < HANDSHAKE_ATTEMPTS && !ctx.sid; attempt++) {
            const h = await ctx.handshake('handshake');
            ctx.obs.handshakes.push(h);
            ctx.sid = h.info?.sid;
        }
        const info = ctx.obs.handshakes.find(h => h.info)?.info;
        const failed = ctx.obs.handshakes.filter(h => !h.info).length;
        return {
            ok: !!info && failed === 0,
            summary: info
                ? nls.localize('theia-session-health/probe/step.handshake', 'sid {0}, upgrades [{1}], ping {2}/{3} ms', hiddenSid(info.sid), info.upgrades.join(', '), info.pingInterval, info.pingTimeout)
                    + (failed ? nls.localize('theia-session-health/probe/step.afterRefusedAttempts', ' (after {0} refused attempt(s))', failed) : '')
                : nls.localize('theia-session-health/probe/step.handshakeRefused', 'refused {0}×: {1}', failed, ctx.obs.handshakes.map(h => h.status ?? h.record.error).join(', '))
        };
    }
};

export const stickyStep: ProbeStepDefinition = {
    name: 'sticky',
    skipReason: noSession,
    async run(ctx: ProbeContext): Promise<StepOutcome> {
        const sid = ctx.sid!;
        const instance = ctx.obs.handshakes.find(h => h.info)?.instance;
        const rounds = Math.max(1, ctx.options.requests ?? DEFAULT_PROBE_REQUESTS);
        const sticky: NonNullable<ProbeObservations['sticky']> = { rounds, failures: [], instanceSwitches: [], cachedAnswers: [] };
        ctx.obs.sticky = sticky;
        const check = (o: HttpObservation, expect: (body: string) => boolean): boolean => {
            if (o.instance && instance && o.instance !== instance) {
                sticky.instanceSwitches.push({ record: o.record, from: instance, to: o.instance });
            }
            if (o.status === 200 && o.body !== undefined && expect(o.body)) {
                return true;
            }
            if (o.status === 200 && o.body !== undefined && parseOpenPacket(o.body)) {
                sticky.cachedAnswers.push(o.record);
                return false;
            }
            sticky.failures.push({ record: o.record, status: o.status, code: engineErrorCode(o.body) });
            return false;
        };
        for (let i = 0; i < rounds; i++) {
            // Connect to the main namespace: the server answers `40{...}` on the next GET at once
            // (an empty GET would be held for a whole ping interval). Then disconnect again.
            const connect = await ctx.http('sticky', 'POST', ctx.pollingUrl(sid), '40');
            if (check(connect, b => b === 'ok')) {
                const get = await ctx.http('sticky', 'GET', ctx.pollingUrl(sid));
                check(get, b => b.includes('40'));
            }
            const disconnect = await ctx.http('sticky', 'POST', ctx.pollingUrl(sid), '41');
            check(disconnect, b => b === 'ok');
        }
        const total = sticky.failures.length + sticky.instanceSwitches.length + sticky.cachedAnswers.length;
        return {
            ok: total === 0,
            summary: nls.localize('theia-session-health/probe/step.sticky', '{0} round(s): {1} refused, {2} on another instance, {3} cached', rounds, sticky.failures.length, sticky.instanceSwitches.length, sticky.cachedAnswers.length)
        };
    }
};

export const freshHandshakesStep: ProbeStepDefinition = {
    name: 'fresh-handshakes',
    skipReason: pageUnreachable,
    async run(ctx: ProbeContext): Promise<StepOutcome> {
        const count = Math.max(1, ctx.options.freshHandshakes ?? DEFAULT_FRESH_HANDSHAKES);
        const seen = new Set<string>(ctx.sid ? [ctx.sid] : []);
        const sids: string[] = [];
        const duplicates: string[] = [];
        for (let i = 0; i < count; i++) {
            const h = await ctx.handshake('fresh-handshakes');
            if (h.info) {
                sids.push(h.info.sid);
                if (seen.has(h.info.sid)) {
                    duplicates.push(h.info.sid);
                } else {
                    seen.add(h.info.sid);
                    // Close the session we opened (engine.io close packet).
                    await ctx.closeSession('fresh-handshakes', h.info.sid);
                }
            }
        }
        ctx.obs.fresh = { sids, duplicates };
        const cache = ctx.obs.cacheHeaders;
        return {
            ok: duplicates.length === 0 && cache.length === 0,
            summary: nls.localize('theia-session-health/probe/step.fresh', '{0} handshake(s), {1} sid(s), {2} repeated', count, sids.length, duplicates.length)
                + (cache.length ? nls.localize('theia-session-health/probe/step.cacheHeaders', ', cache headers: {0}', cache[0]) : '')
        };
    }
};
