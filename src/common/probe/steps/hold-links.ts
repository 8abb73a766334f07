// *****************************************************************************
// The ways the hold step can keep an idle connection open. One broken layer must not hide another:
// when WebSocket-only handshakes are refused (Origin check behind a proxy that rewrites Host), the
// hold runs over the upgraded polling session; when no WebSocket gets through at all, over long-polling.
// Each link times its cut from its own events (the last traffic and the close), not from a polling loop.
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';
import { PACKET_SEPARATOR } from '../engine-io-packets';
import { OpenedWebSocket, ProbeContext } from '../probe-context';
import { now, sleep } from '../probe-helpers';
import { ProbeHoldVia, ProbeRequestRecord } from '../probe-protocol';
import { upgradeSession, webSocketHandshake } from './websocket-steps';

/** A connection cut by something else than the probe. */
export interface HoldCut {
    /** When the cut was seen (probe clock, ms). */
    at: number;
    /** Milliseconds without traffic before the cut. */
    idleMs: number;
    why: string;
}

export interface HoldLink {
    readonly record: ProbeRequestRecord;
    /** Holds the connection idle until `end` (probe clock, ms), answering server pings; resolves with the cut, if any. */
    holdUntil(end: number, onPing: () => void): Promise<HoldCut | undefined>;
    close(): Promise<void>;
}

class WebSocketLink implements HoldLink {
    protected lastSentAt = now();
    constructor(protected readonly opened: OpenedWebSocket) { }

    get record(): ProbeRequestRecord {
        return this.opened.o.record;
    }

    send(text: string): void {
        this.lastSentAt = now();
        this.opened.ws!.send(text);
    }

    async holdUntil(end: number, onPing: () => void): Promise<HoldCut | undefined> {
        const { queue, closed, lastMessageAt } = this.opened;
        let handled = 0;
        while (now() < end && closed.code === undefined) {
            while (handled < queue.length) {
                if (queue[handled++] === '2') {
                    this.send('3');
                    onPing();
                }
            }
            await sleep(Math.min(50, Math.max(1, end - now())));
        }
        if (closed.code === undefined) {
            return undefined;
        }
        const at = closed.at ?? now();
        return { at, idleMs: at - Math.max(lastMessageAt.at, this.lastSentAt), why: nls.localize('theia-session-health/probe/hold.closeCode', 'close code {0}', String(closed.code)) };
    }

    async close(): Promise<void> {
        this.opened.ws?.close();
    }
}

class LongPollingLink implements HoldLink {
    protected closedByProbe = false;
    constructor(protected readonly ctx: ProbeContext, protected readonly sid: string, readonly record: ProbeRequestRecord) { }

    async holdUntil(end: number, onPing: () => void): Promise<HoldCut | undefined> {
        while (now() < end && !this.closedByProbe) {
            const sentAt = now();
            // The server holds a poll until it has a packet (its ping, every pingInterval): wait up to the end of the hold.
            const o = await this.ctx.http('hold', 'GET', this.ctx.pollingUrl(this.sid), undefined, Math.max(100, Math.ceil(end - sentAt)));
            const at = now();
            if (o.errorKind === 'timeout' && at >= end - 50) {
                return undefined;
            }
            if (o.status !== 200 || o.body === undefined) {
                return { at, idleMs: at - sentAt, why: o.status !== undefined ? nls.localize('theia-session-health/probe/hold.httpOnPoll', 'HTTP {0} on a held poll', o.status) : nls.localize('theia-session-health/probe/hold.pollCut', 'poll cut: {0}', String(o.record.error)) };
            }
            const packets = o.body.split(PACKET_SEPARATOR);
            if (packets.includes('1')) {
                return { at, idleMs: at - sentAt, why: nls.localize('theia-session-health/probe/hold.serverClosed', 'the server closed the polling session') };
            }
            for (let i = packets.filter(p => p === '2').length; i > 0; i--) {
                await this.ctx.http('hold', 'POST', this.ctx.pollingUrl(this.sid), '3');
                onPing();
            }
        }
        return undefined;
    }

    async close(): Promise<void> {
        this.closedByProbe = true;
        await this.ctx.closeSession('hold', this.sid);
    }
}

/** Joins the main namespace (Socket.IO closes a namespace-less connection after 45 s). */
function joinNamespace(link: WebSocketLink): WebSocketLink {
    link.send('40');
    return link;
}

/** Opens an idle connection one way; a string says why that way did not work. */
export async function openHoldLink(ctx: ProbeContext, via: ProbeHoldVia): Promise<HoldLink | string> {
    switch (via) {
        case 'websocket':
        case 'websocket-without-origin': {
            const opened = await webSocketHandshake(ctx, 'hold', via === 'websocket');
            if (!opened.ws) {
                return opened.o.noExchange ? nls.localize('theia-session-health/probe/hold.noOpenPacket', 'no open packet on the WebSocket') : `${opened.o.record.status ?? ''} ${opened.o.record.error ?? ''}`.trim();
            }
            return joinNamespace(new WebSocketLink(opened));
        }
        case 'upgraded-session': {
            const h = await ctx.handshake('hold');
            if (!h.info) {
                return nls.localize('theia-session-health/probe/hold.handshakeRefused', 'polling handshake refused: {0}', String(h.status ?? h.record.error));
            }
            const opened = await upgradeSession(ctx, 'hold', h.info.sid);
            return opened.ws && !opened.failure ? joinNamespace(new WebSocketLink(opened)) : opened.failure ?? nls.localize('theia-session-health/probe/hold.upgradeFailed', 'upgrade failed');
        }
        case 'long-polling': {
            const h = await ctx.handshake('hold');
            if (!h.info) {
                return nls.localize('theia-session-health/probe/hold.handshakeRefused', 'polling handshake refused: {0}', String(h.status ?? h.record.error));
            }
            const join = await ctx.http('hold', 'POST', ctx.pollingUrl(h.info.sid), '40');
            const joined = join.status === 200 ? await ctx.http('hold', 'GET', ctx.pollingUrl(h.info.sid)) : join;
            if (joined.status !== 200 || !joined.body?.includes('40')) {
                return nls.localize('theia-session-health/probe/hold.joinFailed', 'could not join the namespace over polling: {0}', String(joined.status ?? joined.record.error));
            }
            return new LongPollingLink(ctx, h.info.sid, h.record);
        }
    }
}
