// *****************************************************************************
// Steps 7-8: the WebSocket upgrade of the polling session (what Theia's client does), and a
// WebSocket-only handshake (what a client with `transports: ['websocket']` does).
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';
import { noSession, OpenedWebSocket, pageUnreachable, ProbeContext, ProbeStepDefinition, StepOutcome } from '../probe-context';
import { HandshakeObservation, WebSocketObservation } from '../probe-observations';
import { ProbeStepName } from '../probe-protocol';
import { parseOpenPacket } from '../engine-io-packets';

/**
 * Upgrades a polling session to a WebSocket: `2probe` / `3probe`, then `5`. The socket stays open
 * on success (the caller closes it); `failure` says why it did not work.
 */
export async function upgradeSession(ctx: ProbeContext, step: ProbeStepName, sid: string): Promise<OpenedWebSocket & { failure?: string }> {
    const opened = await ctx.openWs(step, ctx.webSocketUrl(sid));
    const { o, ws, queue, closed } = opened;
    if (!ws) {
        return { ...opened, failure: nls.localize('theia-session-health/probe/step.upgradeRefused', 'upgrade refused: {0} {1}', o.record.status ?? '', o.record.error ?? '').trim() };
    }
    ws.send('2probe');
    const answer = await ctx.waitFor(queue, closed, m => m === '3probe', ctx.timeoutMs);
    if (!answer) {
        o.ok = false;
        o.noExchange = true;
        ws.close();
        return { ...opened, ws: undefined, failure: closed.code !== undefined
            ? nls.localize('theia-session-health/probe/step.noProbeAnswerClosed', 'opened, but no "3probe" answer to "2probe" (closed with {0})', closed.code)
            : nls.localize('theia-session-health/probe/step.noProbeAnswer', 'opened, but no "3probe" answer to "2probe"') };
    }
    ws.send('5');
    ctx.movedToWebSocket(sid);
    return opened;
}

/** A WebSocket-only handshake: opens and waits for the engine.io open packet. The socket stays open when it worked. */
export async function webSocketHandshake(ctx: ProbeContext, step: ProbeStepName, origin: boolean): Promise<OpenedWebSocket> {
    const opened = await ctx.openWs(step, ctx.webSocketUrl(), origin);
    const { o, ws, queue, closed } = opened;
    if (ws) {
        const open = await ctx.waitFor(queue, closed, m => m.startsWith('0{'), ctx.timeoutMs);
        const sid = open && parseOpenPacket(open)?.sid;
        if (sid) {
            ctx.noteSid(sid);
        }
        if (!open) {
            o.ok = false;
            o.noExchange = true;
            ws.close();
            return { ...opened, ws: undefined };
        }
    }
    return opened;
}

export const webSocketUpgradeStep: ProbeStepDefinition = {
    name: 'websocket-upgrade',
    skipReason: noSession,
    async run(ctx: ProbeContext): Promise<StepOutcome> {
        const { o, ws, failure } = await upgradeSession(ctx, 'websocket-upgrade', ctx.sid!);
        ctx.obs.upgrade = o;
        // Closing the upgraded socket ends the session; a failed upgrade leaves it on polling: close it there.
        ws?.close();
        if (failure) {
            await ctx.closeSession('websocket-upgrade', ctx.sid!);
        }
        return failure ? { ok: false, summary: failure } : { ok: true, summary: nls.localize('theia-session-health/probe/step.upgraded', '101, 2probe/3probe exchanged, upgraded ({0} ms to open)', o.record.ms) };
    }
};

async function wsOnlyOnce(ctx: ProbeContext, origin: boolean): Promise<WebSocketObservation> {
    const { o, ws } = await webSocketHandshake(ctx, 'websocket-only', origin);
    ws?.close();
    return o;
}

const ORIGIN_ATTEMPTS = 3;

/**
 * When no WebSocket-only handshake reached the Origin check (the upgrade itself does not get through), the check
 * is still measured: polling handshakes with the page's Origin, next to the accepted one without it.
 */
async function originOverPolling(ctx: ProbeContext, attempts: WebSocketObservation[]): Promise<string> {
    if (!ctx.sid || !ctx.transport.canOmitOrigin || attempts.some(a => a.code === 4)) {
        return '';
    }
    const tries: HandshakeObservation[] = [];
    for (let i = 0; i < ORIGIN_ATTEMPTS && !tries.some(h => h.info); i++) {
        tries.push(await ctx.handshake('websocket-only', true));
    }
    ctx.obs.pollingWithOrigin = tries;
    for (const h of tries.filter(t => t.info)) {
        await ctx.closeSession('websocket-only', h.info!.sid);
    }
    return nls.localize('theia-session-health/probe/step.originOverPolling', '; polling handshake with Origin: {0}', tries.map(h => h.status ?? h.record.error).join(', '));
}

export const webSocketOnlyStep: ProbeStepDefinition = {
    name: 'websocket-only',
    skipReason: pageUnreachable,
    async run(ctx: ProbeContext): Promise<StepOutcome> {
        const attempts: WebSocketObservation[] = [];
        ctx.obs.wsOnly = attempts;
        attempts.push(await wsOnlyOnce(ctx, true));
        if (!attempts[0].ok && attempts[0].code === 4) {
            // Refused: is it the Origin (Host rewritten by the proxy) or the token (another backend)?
            if (ctx.transport.canOmitOrigin) {
                ctx.obs.wsOnlyWithoutOrigin = await wsOnlyOnce(ctx, false);
            }
            attempts.push(await wsOnlyOnce(ctx, true));
            if (!attempts[1].ok) {
                attempts.push(await wsOnlyOnce(ctx, true));
            }
        }
        const ok = attempts.some(a => a.ok);
        const last = attempts[attempts.length - 1];
        const originNote = ok ? '' : await originOverPolling(ctx, attempts);
        return {
            ok: attempts[0].ok,
            summary: ok ? nls.localize('theia-session-health/probe/step.openPacket', 'open packet received') + (attempts.length > 1 ? nls.localize('theia-session-health/probe/step.afterRefusals', ' (after {0} refusal(s))', attempts.filter(a => !a.ok).length) : '')
                : nls.localize('theia-session-health/probe/step.wsOnlyFailed', 'failed: {0} {1}', last.status ?? '', last.noExchange ? nls.localize('theia-session-health/probe/step.noOpenPacket', 'no open packet') : last.record.error ?? '').trim() + originNote
        };
    }
};
