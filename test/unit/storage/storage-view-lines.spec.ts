import { expect } from 'chai';
import { storageLines } from '../../../src/browser/storage/storage-view-lines';
import { StorageClassification } from '../../../src/common/storage/storage-protocol';
import { ledgerTimeline } from '../../../src/browser/persistence/persistence-ledger-timeline';

const ROOT: StorageClassification = {
    path: '/work/ws', verdict: 'node-local', kind: 'host-path', decidedBy: 'mountinfo',
    evidence: { mountPoint: '/', fsType: 'ext4', source: '/dev/vda', reason: 'On this machine\'s own root disk (ext4 from /dev/vda)' },
    notes: ['not in Kubernetes'], checkedAt: '2026-12-01T21:00:00.000Z'
};

describe('storage lines of the Session Health view', () => {
    it('verdict, kind, mount, evidence and loss are separate lines (the notification ran them together)', () => {
        const lines = storageLines(ROOT);
        const byField = Object.fromEntries(lines.map(l => [l.field, l.value]));
        expect(byField.verdict).to.equal('node-local');
        expect(byField.kind).to.equal('host-path');
        expect(byField['mount-point']).to.equal('/');
        expect(byField.filesystem).to.equal('ext4');
        expect(byField.source).to.equal('/dev/vda');
        expect(byField.evidence).to.equal(ROOT.evidence.reason);
        expect(byField.loss).to.match(/lost when the IDE moves/);
        expect(byField['note-0']).to.equal('not in Kubernetes');
        for (const l of lines) {
            expect(l.value, l.field).to.not.contain('\n');
        }
    });

    it('a persistent root has no loss line and absent evidence fields have no line', () => {
        const lines = storageLines({ ...ROOT, verdict: 'persistent', evidence: { reason: 'declared by the admin' } });
        expect(lines.map(l => l.field)).to.not.include.members(['loss', 'mount-point', 'filesystem']);
    });
});

describe('restart-survival timeline of the Session Health view', () => {
    it('lists the ledger\'s markers newest first, and says when the remembered one is gone', () => {
        const t = ledgerTimeline({
            file: '/w/.theia/session-health/markers.jsonl', entries: 3, instances: 3, restartsSurvived: 2, since: '2026-12-01T10:00:00.000Z',
            marker: { instanceId: 'aaaaaaaa-1', hostname: 'pod-a', instanceStartedAt: '2026-12-01T20:00:00.000Z', time: '2026-12-01T21:00:00.000Z', nonce: 'n', source: 'ide' },
            remembered: { nonce: 'm', time: '2026-12-01T15:00:00.000Z', instanceId: 'bbbbbbbb-2', found: false },
            unreadableLines: 0
        });
        expect(t.map(e => e.kind)).to.deep.equal(['written', 'remembered-missing', 'oldest']);
        expect(t[1].text).to.contain('is gone');
        expect(t[2].text).to.contain('2 restarts survived');
    });
});

describe('the restart-survival timeline of the Persistence section', () => {
    it('from the summary\'s recent markers: each marker a row, restarts marked, the oldest marker only when older than the rows', () => {
        const t = ledgerTimeline({
            file: '/w/.theia/session-health/markers.jsonl', entries: 2, instances: 2, restartsSurvived: 1, since: '2026-12-01T10:00:00.000Z', unreadableLines: 0,
            recent: [
                { time: '2026-12-01T21:00:00.000Z', instanceId: 'bbbbbbbb-2', hostname: 'pod-b', source: 'ide', outcome: 'written', afterRestart: true },
                { time: '2026-12-01T10:00:00.000Z', instanceId: 'aaaaaaaa-1', hostname: 'pod-a', source: 'ide', outcome: 'survived' },
                { time: '2026-12-01T09:00:00.000Z', instanceId: 'cccccccc-0', outcome: 'lost', cause: 'the storage was replaced' }
            ]
        });
        expect(t.map(e => [e.kind, e.instance, !!e.afterRestart])).to.deep.equal([['written', 'bbbbbbbb', true], ['survived', 'aaaaaaaa', false], ['lost', 'cccccccc', false]]);
        expect(t[0].text).to.contain('first after a backend restart');
        expect(t[2].text).to.match(/^Lost: .*cccccccc.*the storage was replaced/);
    });
});
