import { expect } from 'chai';
import { ConnectionStateMachine } from '../../../../src/browser/connection/state/connection-state';
import { detailsText, statusBarText, tooltipText } from '../../../../src/browser/connection/status-bar/connection-format';

function connected(): ConnectionStateMachine {
    const m = new ConnectionStateMachine(0);
    m.socketOpened(0, 'AbCdEfGhIjKlMnOp', 'websocket');
    m.heartbeatSent(100, 1);
    m.heartbeatReplied(112, { seq: 1, serverTime: 0, instance: { id: 'i-1', startedAt: '2026-01-01T00:00:00Z', hostname: 'h', version: '1' } });
    m.evaluate(112);
    return m;
}

describe('connection texts', () => {
    it('shows transport and round trip in the status bar', () => {
        expect(statusBarText(connected().snapshot(), 200)).to.equal('$(plug) WebSocket · 12 ms');
    });

    it('adds the reconnect count and shows the retry countdown', () => {
        const m = connected();
        m.reconnectSucceeded(300, 1);
        m.reconnectSucceeded(400, 1);
        expect(statusBarText(m.snapshot(), 500)).to.equal('$(plug) WebSocket · 12 ms · ↻2');
        m.socketClosed(1000, 'ping timeout', true);
        m.reconnectAttempt(1000, 3);
        m.reconnectScheduled(1000, 4000);
        m.evaluate(1000);
        expect(statusBarText(m.snapshot(), 1500)).to.equal('$(sync~spin) Reconnecting (attempt 3, next in 4 s) · ↻2');
    });

    it('puts every field the user needs in the tooltip', () => {
        const m = connected();
        m.socketClosed(1000, 'ping timeout', true);
        m.socketOpened(2000, 'ZyXwVuTs', 'websocket');
        m.evaluate(2000);
        const tip = tooltipText(m.snapshot(), 2500);
        expect(tip).to.match(/Transport: WebSocket/);
        expect(tip).to.match(/Session: ZyXwVuTs/);
        expect(tip).to.match(/Connected since: /);
        expect(tip).to.match(/Reconnects: 0/);
        expect(tip).to.match(/Last disconnect: ping timeout at /);
        expect(tip).to.match(/Round trip: p50 12 ms, p95 12 ms/);
        expect(tip).to.match(/Last heartbeat: 2.4 s ago/);
    });

    it('copies the full sid and the timeline', () => {
        const text = detailsText(connected().snapshot(), 200);
        expect(text).to.contain('Session id (sid): AbCdEfGhIjKlMnOp');
        expect(text).to.match(/Timeline:\n.*connect .*Connected over WebSocket/);
    });
});
