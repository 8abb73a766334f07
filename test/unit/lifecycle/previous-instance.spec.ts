import { expect } from 'chai';
import { decidePrevious } from '../../../src/node/lifecycle/previous-instance';
import { LifecycleRecord, lifecycleLine, parseLifecycle } from '../../../src/node/lifecycle/lifecycle-records';
import { podTermination } from '../../../src/node/storage/pod-termination';
import { restartSentence } from '../../../src/common/lifecycle/lifecycle-protocol';

const DIR = '42:b1700000000000000000';
const rec = (kind: 'start' | 'stop', instanceId: string, time: string, extra: Partial<LifecycleRecord> = {}): LifecycleRecord =>
    ({ kind, instanceId, hostname: 'pod-a', instanceStartedAt: time, time, dir: DIR, ...extra });
const pod = (terminated: object | undefined, status: object = {}) => podTermination({
    metadata: { name: 'theia-0' },
    spec: { containers: [{ name: 'theia', resources: { limits: { memory: '4Gi' } } }] },
    status: { phase: 'Running', ...status, containerStatuses: [{ name: 'theia', restartCount: 1, ...(terminated ? { lastState: { terminated } } : {}) }] }
}, 'theia');

describe('lifecycle: what happened to the previous instance', () => {
    const started = rec('start', 'old', '2026-12-01T14:00:00.000Z');

    it('a stop record is a planned stop (or an idle stop); none is a crash; nothing at all is a first start', () => {
        const stop = rec('stop', 'old', '2026-12-01T14:02:00.000Z', { cause: 'sigterm', drainSeconds: 5 });
        expect(decidePrevious({ ownId: 'new', records: [started, stop], foreign: [] }))
            .to.deep.equal({ instanceId: 'old', stoppedAt: stop.time, cause: 'planned-stop', detail: 'SIGTERM; drain 5 s' });
        expect(decidePrevious({ ownId: 'new', records: [started, { ...stop, cause: 'idle' }], foreign: [] })!.cause).to.equal('idle-stop');
        expect(decidePrevious({ ownId: 'new', records: [started], foreign: [] })!.cause).to.equal('crash');
        expect(decidePrevious({ ownId: 'new', records: [], foreign: [] })).to.equal(undefined);
        expect(decidePrevious({ ownId: 'new', records: [], foreign: [started] })).to.include({ cause: 'storage-replaced', instanceId: 'old' });
    });

    it('Kubernetes refines a crash: OOMKilled with the limit, Evicted, Error exit 137; a restarted container without a ledger is replaced storage', () => {
        const oom = decidePrevious({ ownId: 'new', records: [started], foreign: [], pod: pod({ reason: 'OOMKilled', exitCode: 137, finishedAt: '2026-12-01T14:02:00Z' }) })!;
        expect(oom).to.include({ cause: 'oom-killed', stoppedAt: '2026-12-01T14:02:00Z' });
        expect(restartSentence(oom, () => '14:02')).to.match(/^The IDE server restarted at 14:02: it ran out of memory \(limit 4 GiB; .*\)\. Your files survived\.$/);
        const evicted = pod(undefined, { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' });
        expect(decidePrevious({ ownId: 'new', records: [started], foreign: [], pod: evicted })).to.include({ cause: 'evicted' });
        const error = decidePrevious({ ownId: 'new', records: [started], foreign: [], pod: pod({ reason: 'Error', exitCode: 137 }) })!;
        expect(error.cause).to.equal('error-exit');
        expect(error.detail).to.include('exit code 137, SIGKILL');
        expect(decidePrevious({ ownId: 'new', records: [], foreign: [], pod: pod({ reason: 'Error', exitCode: 1 }) })!.cause).to.equal('storage-replaced');
        // a stop record wins over the container status
        const stop = rec('stop', 'old', '2026-12-01T14:02:00.000Z', { cause: 'sigterm', drainSeconds: 30 });
        expect(decidePrevious({ ownId: 'new', records: [started, stop], foreign: [], pod: pod({ reason: 'Error', exitCode: 143 }) })!.cause).to.equal('planned-stop');
    });

    it('lifecycle lines round-trip; torn and foreign lines are skipped', () => {
        const stop = rec('stop', 'old', '2026-12-01T14:02:00.000Z', { cause: 'sigterm', drainSeconds: 5 });
        const text = lifecycleLine(started) + lifecycleLine(stop) + '{"kind":"stop","instanceId":"x"}\n{"kind":"st';
        expect(parseLifecycle(text)).to.deep.equal([started, stop]);
    });
});
