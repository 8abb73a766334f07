// *****************************************************************************
// Steps 4-6 over HTTP long-polling: the handshake, follow-up requests of the session (affinity),
// and fresh handshakes (a cache hands out the same sid twice).
// *****************************************************************************

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
                ? `sid ${hiddenSid(info.sid)}, upgrades [${info.upgrades.join(', ')}], ping ${info.pingInterval}/${info.pingTimeout} ms` + (failed ? ` (after ${failed} refused attempt(s))` : '')
                : `refused ${failed}×: ${ctx.obs.handshakes.map(h => h.status ?? h.record.error).join(', ')}`
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
            summary: `${rounds} round(s): ${sticky.failures.length} refused, ${sticky.instanceSwitches.length} on another instance, ${sticky.cachedAnswers.length} cached`
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
            summary: `${count} handshake(s), ${sids.length} sid(s), ${duplicates.length} repeated` + (cache.length ? `, cache headers: ${cache[0]}` : '')
        };
    }
};
