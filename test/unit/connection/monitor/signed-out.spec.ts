// Signed out is not offline (#25): the instance route's answer classified, the diagnosis, the `signed-out` state, and
// its reason on the reports and the metric. Pure parts; the browser spec (test/browser/auth/) runs the real proxy.
import { expect } from 'chai';
import { classifyInstanceResponse } from '../../../../src/browser/connection/monitor/instance-answer';
import { diagnoseProxyAnswer } from '../../../../src/browser/connection/monitor/refusal-diagnosis';
import { ConnectionStateMachine } from '../../../../src/browser/connection/state/connection-state';
import { CONNECTION_STATES } from '../../../../src/browser/connection/state/connection-snapshot';
import { stateLabel } from '../../../../src/browser/connection/state/connection-labels';
import { statusBarText } from '../../../../src/browser/connection/status-bar/connection-format';
import { classifyConnectError } from '../../../../src/common/shared/engine-io-protocol';
import { ReportRecorder } from '../../../../src/browser/reports/report-recorder';
import { ReportQueue } from '../../../../src/browser/reports/report-queue';
import { ReportMetrics } from '../../../../src/node/reports/report-metrics';
import { validateBatch } from '../../../../src/common/reports/reports-protocol';

const INSTANCE = { id: 'inst-a', startedAt: '2026-01-01T00:00:00.000Z', hostname: 'h', version: '1' };

describe('signed out: who answers the instance route', () => {
    it('Theia\'s JSON is Theia; a redirect, 401, 407 or a 200 HTML page is an authenticating proxy; 404 is a removed route', () => {
        expect(classifyInstanceResponse(200, 'application/json', JSON.stringify(INSTANCE))).to.deep.equal({ kind: 'theia', instance: INSTANCE });
        expect(classifyInstanceResponse(302, '', '')).to.include({ kind: 'signed-out', how: 'redirect' });
        expect(classifyInstanceResponse(401, 'text/html', '<html>')).to.include({ kind: 'signed-out', how: 'unauthorized' });
        expect(classifyInstanceResponse(407, '', '')).to.include({ kind: 'signed-out', how: 'unauthorized' });
        expect(classifyInstanceResponse(200, 'text/html; charset=utf-8', '<!DOCTYPE html><html><body>Sign in</body></html>'))
            .to.include({ kind: 'signed-out', how: 'sign-in-page' });
        expect(classifyInstanceResponse(404, 'text/html', '<html>404</html>')).to.include({ kind: 'route-gone' });
    });

    it('a gateway error, Theia\'s 403 and a body too large to read are not a sign-in', () => {
        expect(classifyInstanceResponse(502, 'text/html', '<html>Bad Gateway</html>').kind).to.equal('none');
        expect(classifyInstanceResponse(403, 'application/json', '{"code":4,"message":"Forbidden"}').kind).to.equal('none');
        expect(classifyInstanceResponse(200, 'application/json', undefined).kind).to.equal('none');
    });
});

describe('signed out: the state', () => {
    function refusedThen(answerStatus: number, body = ''): ConnectionStateMachine {
        const m = new ConnectionStateMachine(0);
        m.socketOpened(1000, 'sid-1', 'websocket');
        m.socketClosed(2000, 'transport close', true);
        m.reconnectAttempt(3000, 1);
        m.connectFailed(3100, classifyConnectError({ message: 'xhr poll error', description: answerStatus }));
        const cause = diagnoseProxyAnswer(classifyInstanceResponse(answerStatus, 'text/html', body), 3200, 'transport close');
        if (cause) {
            m.diagnosed(cause);
        }
        m.evaluate(3200);
        return m;
    }

    it('an authenticating proxy makes the closed connection `signed-out` (text "Signed out"), not reconnecting', () => {
        expect(CONNECTION_STATES).to.include('signed-out');
        const m = refusedThen(401);
        const s = m.snapshot();
        expect(s.state).to.equal('signed-out');
        expect(s.cause?.cause).to.equal('signed-out');
        expect(stateLabel('signed-out')).to.equal('Signed out');
        expect(statusBarText(s, 3200)).to.match(/^\$\(account\) Signed out/);
        expect(s.timeline.map(e => e.message).join('\n')).to.match(/→ Signed out: Your sign-in to the IDE has expired/);
        // once a socket opens again (signed in elsewhere), it is connected and the cause is gone
        m.socketOpened(9000, 'sid-2', 'websocket');
        m.evaluate(9000);
        expect(m.snapshot().state).to.equal('connected');
        expect(m.snapshot().cause).to.equal(undefined);
    });

    it('a 404 for the IDE\'s route is the platform ending the session, with the last known reason; offline, not signed out', () => {
        const s = refusedThen(404, '<html>404 Not Found</html>').snapshot();
        expect(s.state).to.equal('offline');
        expect(s.cause?.cause).to.equal('session-ended');
        expect(s.reason).to.equal('The session was ended by the platform: the IDE\'s address answers HTTP 404. Last known reason: transport close');
    });

    it('Theia\'s own answer or none is no proxy diagnosis (the existing refusal logic keeps `token refused`)', () => {
        expect(diagnoseProxyAnswer({ kind: 'theia', instance: INSTANCE }, 1)).to.equal(undefined);
        expect(diagnoseProxyAnswer({ kind: 'none', status: 403 }, 1)).to.equal(undefined);
        expect(refusedThen(502).snapshot().state).to.equal('reconnecting');
    });
});

describe('signed out: reports and the metric', () => {
    it('the outage\'s disconnect (still queued) and its reconnect say `reason: signed-out`, and the metric counts it', async () => {
        let n = 0;
        const recorder = new ReportRecorder({ tabId: 'tab-1', newId: () => `record-${++n}-xxxxxxxx` });
        const queue = new ReportQueue(undefined, undefined, () => 'queue-key-1');
        const m = new ConnectionStateMachine(0);
        const step = (t: number) => {
            m.evaluate(t);
            queue.push(recorder.update(m.snapshot(), t));
            for (const a of recorder.takeAmendments()) {
                queue.amend(a.id, a.fields);
            }
        };
        m.socketOpened(1000, 'sid-1', 'websocket');
        m.heartbeatSent(1000, 1);
        m.heartbeatReplied(1010, { seq: 1, instance: INSTANCE });
        step(1010);
        m.socketClosed(2000, 'transport close', true);
        step(2000);
        m.connectFailed(3000, classifyConnectError({ message: 'xhr poll error', description: 401 }));
        m.diagnosed(diagnoseProxyAnswer({ kind: 'signed-out', how: 'unauthorized', status: 401 }, 3100)!);
        step(3100);
        expect(m.snapshot().state).to.equal('signed-out');
        m.reconnectSucceeded(8000, 1);
        m.socketOpened(8000, 'sid-2', 'websocket');
        m.heartbeatSent(8000, 2);
        m.heartbeatReplied(8010, { seq: 2, instance: INSTANCE });
        step(8010);
        const records = queue.peek(100, 1e9);
        const disconnect = records.find(r => r.type === 'disconnect')!;
        const reconnect = records.find(r => r.type === 'reconnect')!;
        expect(disconnect.fields).to.include({ reason: 'signed-out', description: 'transport close' });
        expect(reconnect.fields).to.include({ reason: 'signed-out', attempts: 1 });
        expect(validateBatch({ records }).ok).to.equal(true);
        const metrics = new ReportMetrics();
        metrics.observe(records, 'http', 0, 8010);
        expect(await metrics.exposition()).to.match(/^session_health_disconnects_total\{reason="signed-out"\} 1$/m);
    });
});
