// *****************************************************************************
// Steps 1-3: /health, /ready and the IDE page (which sets the connection token cookie).
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';
import { CONNECTION_TOKEN_COOKIE, ProbeContext, ProbeStepDefinition } from '../probe-context';
import { short } from '../probe-helpers';
import { HttpObservation } from '../probe-observations';
import { authRefusal } from '../probe-auth';

/** `200 "healthy"`; an answer that came from an authenticating proxy says so (its body is a sign-in page). */
function statusSummary(o: HttpObservation): string {
    const auth = authRefusal(o);
    return o.status !== undefined ? `${o.status} ${JSON.stringify(short(o.body?.trim() ?? '', 80))}${auth ? ` (${auth})` : ''}` : nls.localize('theia-session-health/probe/step.noAnswer', 'no answer: {0}', String(o.record.error));
}

export const healthStep: ProbeStepDefinition = {
    name: 'health',
    async run(ctx: ProbeContext) {
        const o = await ctx.http('health', 'GET', new URL('health', ctx.base).toString());
        ctx.obs.health = o;
        return { ok: o.status === 200 && !authRefusal(o), summary: statusSummary(o) };
    }
};

export const readyStep: ProbeStepDefinition = {
    name: 'ready',
    async run(ctx: ProbeContext) {
        const o = await ctx.http('ready', 'GET', new URL('ready', ctx.base).toString());
        ctx.obs.ready = o;
        return { ok: o.status === 200 && !authRefusal(o), summary: statusSummary(o) };
    }
};

export const pageStep: ProbeStepDefinition = {
    name: 'page',
    async run(ctx: ProbeContext) {
        const o = await ctx.http('page', 'GET', ctx.base);
        const tokenCookie = ctx.transport.hasCookie(CONNECTION_TOKEN_COOKIE, ctx.base);
        ctx.obs.page = { ...o, tokenCookie };
        const auth = authRefusal(o);
        const cookie = (tokenCookie === undefined ? '' : tokenCookie ? nls.localize('theia-session-health/probe/step.tokenCookie', ', connection token cookie received') : nls.localize('theia-session-health/probe/step.noTokenCookie', ', NO connection token cookie')) + (auth ? ` (${auth})` : '');
        return {
            ok: o.status !== undefined && o.status < 400 && tokenCookie !== false,
            summary: o.status !== undefined ? `${o.status}${cookie}` : nls.localize('theia-session-health/probe/step.noAnswer', 'no answer: {0}', String(o.record.error))
        };
    }
};
