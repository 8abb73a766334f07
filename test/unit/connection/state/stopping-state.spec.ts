import { expect } from 'chai';
import { CONNECTION_STATES } from '../../../../src/browser/connection/state/connection-snapshot';
import { ConnectionStateMachine } from '../../../../src/browser/connection/state/connection-state';
import { statusBarText } from '../../../../src/browser/connection/status-bar/connection-format';
import { stoppingMessage } from '../../../../src/browser/lifecycle/stopping-notifier';
import { ReportRecorder } from '../../../../src/browser/reports/report-recorder';
import { validateBatch } from '../../../../src/common/reports/reports-protocol';

describe('lifecycle: the `stopping` connection state', () => {
    it('a stopping notice on an open socket is `stopping` ("Server stopping") until a socket opens again', () => {
        expect(CONNECTION_STATES).to.include('stopping');
        const m = new ConnectionStateMachine(1000);
        m.socketOpened(1000, 'sid-1', 'websocket');
        m.evaluate(1000);
        const notice = { instanceId: 'a', cause: 'sigterm' as const, drainSeconds: 5, stopsAt: 6000 };
        m.serverStopping(1100, notice);
        expect(m.evaluate(1100)).to.equal(true);
        const s = m.snapshot();
        expect(s.state).to.equal('stopping');
        expect(statusBarText(s, 1100)).to.contain('Server stopping');
        expect(s.timeline.map(e => e.kind)).to.include('stopping');
        m.socketClosed(2000, 'transport close', true);
        m.evaluate(2000);
        expect(m.snapshot().state).to.equal('reconnecting');
        m.socketOpened(3000, 'sid-2', 'websocket');
        m.evaluate(3000);
        expect(m.snapshot().state).to.not.equal('stopping');
        expect(m.snapshot().stopping).to.equal(undefined);
    });

    it('the notification says the server shuts down and that unsaved work is kept', () => {
        const text = stoppingMessage({ instanceId: 'a', cause: 'sigterm', drainSeconds: 5, stopsAt: 0 }, true);
        expect(text).to.match(/^The IDE server is shutting down .*up to 5 s more\. Your unsaved work is kept in this browser/);
    });
});

describe('lifecycle: the restart cause in the keep-alive reports', () => {
    it('a restart-cause timeline entry becomes a valid instance-changed record with cause and message', () => {
        let n = 0;
        const recorder = new ReportRecorder({ tabId: 'tab-1', newId: () => `record-${++n}` });
        const m = new ConnectionStateMachine(0);
        m.socketOpened(1000, 'sid-1', 'websocket');
        m.evaluate(1000);
        recorder.update(m.snapshot(), 1000);
        const message = 'The IDE server restarted at 14:02: it ran out of memory (limit 4 GiB). Your files survived.';
        m.restartExplained(2000, 'oom-killed', message);
        m.evaluate(2000);
        const records = recorder.update(m.snapshot(), 2000);
        expect(records.map(r => [r.type, r.fields])).to.deep.equal([['instance-changed', { cause: 'oom-killed', message }]]);
        expect(validateBatch({ records }).ok).to.equal(true);
    });
});
