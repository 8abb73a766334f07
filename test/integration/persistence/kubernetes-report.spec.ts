// What Kubernetes said ends up in the report: the `kubernetes` field and a `kubernetes` step, on a real temp dir.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runPersistenceCheck } from '../../../src/node/persistence/persistence-check';
import { StorageClassification } from '../../../src/common/storage/storage-protocol';
import { listTree } from '../../helpers/persistence-fixtures';

describe('persistence: Kubernetes information in the report', () => {
    let dir: string;
    beforeEach(() => dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-persistence-k8s-')));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const classification = (root: string, ownedByPod: boolean): StorageClassification => ({
        path: root, resolvedPath: root, verdict: ownedByPod ? 'ephemeral' : 'persistent', kind: 'csi-volume', decidedBy: 'kubernetes', notes: [], checkedAt: new Date().toISOString(),
        evidence: { reason: ownedByPod ? 'generic ephemeral volume' : 'PersistentVolumeClaim theia-workspace' },
        kubernetes: { namespace: 'ide', pod: 'theia-ide-0', volumeName: 'workspace', volumeType: ownedByPod ? 'ephemeral' : 'persistentVolumeClaim', claimName: 'theia-workspace', storageClass: 'standard-rwo', ownedByPod }
    });
    const run = (ownedByPod: boolean) => runPersistenceCheck({ path: dir, minFreeMegabytes: 0 }, {
        instance: { id: 'k8s-test', hostname: 'theia-ide-0', startedAt: new Date().toISOString(), source: 'ide' },
        classify: async root => classification(root, ownedByPod)
    });

    it('a claim-backed workspace: pass, with pod, volume, claim and storage class in the report', async () => {
        const report = await run(false);
        expect(report.verdict, JSON.stringify(report.steps)).to.equal('pass');
        expect(report.kubernetes).to.include({ namespace: 'ide', pod: 'theia-ide-0', claimName: 'theia-workspace', storageClass: 'standard-rwo', verdict: 'persistent' });
        expect(report.steps.map(s => s.id)).to.deep.equal(['classification', 'write-probe', 'space', 'permissions', 'restart-survival', 'kubernetes']);
        expect(report.steps[5].numbers).to.include({ claimName: 'theia-workspace', volumeType: 'persistentVolumeClaim' });
    });

    it('a pod-owned claim: classification and kubernetes fail, the probe still runs and cleans up', async () => {
        const report = await run(true);
        expect([report.verdict, report.firstFailingStep]).to.deep.equal(['fail', 'classification']);
        const k8s = report.steps.find(s => s.id === 'kubernetes')!;
        expect(k8s.verdict).to.equal('fail');
        expect(k8s.reason).to.include('deleted with the pod');
        expect(report.steps.find(s => s.id === 'write-probe')!.verdict).to.equal('pass');
        expect(listTree(dir).filter(l => l.includes('probe-'))).to.deep.equal([]);
    });
});
