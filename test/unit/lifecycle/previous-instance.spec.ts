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

const OLD = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
const NEW = '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5';
const OTHER = '0c0ffee0-dead-4bee-8f00-0123456789ab';

describe('lifecycle: what happened to the previous instance', () => {
    const started = rec('start', OLD, '2026-12-01T14:00:00.000Z');

    it('a stop record is a planned stop (or an idle stop); none is a crash; nothing at all is a first start', () => {
        const stop = rec('stop', OLD, '2026-12-01T14:02:00.000Z', { cause: 'sigterm', drainSeconds: 5 });
        expect(decidePrevious({ ownId: NEW, records: [started, stop], foreign: [] }))
            .to.deep.equal({ instanceId: OLD, stoppedAt: stop.time, cause: 'planned-stop', detail: 'SIGTERM; drain 5 s' });
        expect(decidePrevious({ ownId: NEW, records: [started, { ...stop, cause: 'idle' }], foreign: [] })!.cause).to.equal('idle-stop');
        expect(decidePrevious({ ownId: NEW, records: [started], foreign: [] })!.cause).to.equal('crash');
        expect(decidePrevious({ ownId: NEW, records: [], foreign: [] })).to.equal(undefined);
        // The ids of another directory's records are not published.
        expect(decidePrevious({ ownId: NEW, records: [], foreign: [started] })).to.include({ cause: 'storage-replaced', instanceId: '' });
    });

    it('Kubernetes refines a crash: OOMKilled with the limit, Evicted, Error exit 137; a restarted container without a ledger is replaced storage', () => {
        const oom = decidePrevious({ ownId: NEW, records: [started], foreign: [], pod: pod({ reason: 'OOMKilled', exitCode: 137, finishedAt: '2026-12-01T14:02:00Z' }) })!;
        expect(oom).to.include({ cause: 'oom-killed', stoppedAt: '2026-12-01T14:02:00Z' });
        expect(restartSentence(oom, () => '14:02')).to.match(/^The IDE server restarted at 14:02: it ran out of memory \(limit 4 GiB; .*\)\. Your files survived\.$/);
        const evicted = pod(undefined, { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' });
        expect(decidePrevious({ ownId: NEW, records: [started], foreign: [], pod: evicted })).to.include({ cause: 'evicted' });
        const error = decidePrevious({ ownId: NEW, records: [started], foreign: [], pod: pod({ reason: 'Error', exitCode: 137 }) })!;
        expect(error.cause).to.equal('error-exit');
        expect(error.detail).to.include('exit code 137, SIGKILL');
        expect(decidePrevious({ ownId: NEW, records: [], foreign: [], pod: pod({ reason: 'Error', exitCode: 1 }) })!.cause).to.equal('storage-replaced');
        // a stop record wins over the container status
        const stop = rec('stop', OLD, '2026-12-01T14:02:00.000Z', { cause: 'sigterm', drainSeconds: 30 });
        expect(decidePrevious({ ownId: NEW, records: [started, stop], foreign: [], pod: pod({ reason: 'Error', exitCode: 143 }) })!.cause).to.equal('planned-stop');
    });

    it('the pod\'s own OOMKilled or Evicted wins over any file record (a stop record, another directory\'s ledger)', () => {
        const stop = rec('stop', OLD, '2026-12-01T14:02:00.000Z', { cause: 'sigterm', drainSeconds: 30 });
        const oom = pod({ reason: 'OOMKilled', exitCode: 137, finishedAt: '2026-12-01T14:03:00Z' });
        expect(decidePrevious({ ownId: NEW, records: [started, stop], foreign: [], pod: oom }))
            .to.include({ instanceId: OLD, cause: 'oom-killed', stoppedAt: '2026-12-01T14:03:00Z' });
        const evicted = pod(undefined, { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' });
        expect(decidePrevious({ ownId: NEW, records: [started, { ...stop, cause: 'idle' }], foreign: [], pod: evicted })).to.include({ cause: 'evicted' });
        expect(decidePrevious({ ownId: NEW, records: [], foreign: [started, stop], pod: oom })).to.include({ instanceId: '', cause: 'oom-killed' });
    });

    it('records with an empty or foreign instanceId decide nothing and are never published', () => {
        const at = '2026-12-01T14:05:00.000Z';
        const forged = (instanceId: string) => rec('stop', instanceId, at, { cause: 'sigterm', drainSeconds: 5 });
        // The predecessor crashed; records appended afterwards by someone else do not turn it into a planned stop.
        for (const id of ['', OTHER, 'not-an-id', '<b>x</b>']) {
            const previous = decidePrevious({ ownId: NEW, records: [started, forged(id)], foreign: [] })!;
            expect(previous, JSON.stringify(id)).to.include({ instanceId: OLD, cause: 'crash' });
        }
        // Without the predecessor's start record nothing in the file says who ran before.
        expect(decidePrevious({ ownId: NEW, records: [forged(OLD), forged(''), rec('start', '', at)], foreign: [] })).to.equal(undefined);
        // A stop record of the predecessor written before its start (another run of the same id) is not its stop.
        expect(decidePrevious({ ownId: NEW, records: [{ ...forged(OLD), time: '2026-12-01T13:00:00.000Z' }, started], foreign: [] })!.cause).to.equal('crash');
        // Another directory's ledger without a start record a backend could have written is not a replaced volume.
        expect(decidePrevious({ ownId: NEW, records: [], foreign: [forged(''), rec('start', 'x', at)] })).to.equal(undefined);
        // Our own start record is not the predecessor.
        expect(decidePrevious({ ownId: NEW, records: [started, rec('start', NEW, at)], foreign: [] })).to.include({ instanceId: OLD, cause: 'crash' });
    });

    it('lifecycle lines round-trip; torn and foreign lines are skipped', () => {
        const stop = rec('stop', OLD, '2026-12-01T14:02:00.000Z', { cause: 'sigterm', drainSeconds: 5 });
        const text = lifecycleLine(started) + lifecycleLine(stop) + '{"kind":"stop","instanceId":"x"}\n{"kind":"st';
        expect(parseLifecycle(text)).to.deep.equal([started, stop]);
    });
});
