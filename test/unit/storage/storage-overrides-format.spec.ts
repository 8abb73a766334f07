import { expect } from 'chai';
import { parse, parseAllDocuments } from 'yaml';
import { applyAdminOverrides, parseWorkspaceEnv } from '../../../src/node/storage/storage-overrides';
import { matchesMountPattern, mountPattern } from '../../../src/node/storage/mount-pattern';
import { lossWhen, storageStatusText, warningMessage, worstClassification } from '../../../src/browser/storage/storage-format';
import { remediation } from '../../../src/browser/storage/storage-remediation';
import { StorageClassification } from '../../../src/common/storage/storage-protocol';
import { toFsPath } from '../../../src/node/storage/default-storage-classification-service';

function result(partial: Partial<StorageClassification>): StorageClassification {
    return {
        path: '/w', resolvedPath: '/w', verdict: 'ephemeral', kind: 'tmpfs', decidedBy: 'mountinfo', notes: [], checkedAt: '2026-01-01T00:00:00.000Z',
        evidence: { mountPoint: '/w', fsType: 'tmpfs', source: 'tmpfs', reason: 'In memory.' },
        ...partial
    };
}

describe('storage: admin overrides', () => {
    it('globs: * within a segment, ** across, ? one character, regex characters literal', () => {
        expect(mountPattern('/mnt/*').test('/mnt/a')).to.equal(true);
        expect(mountPattern('/mnt/*').test('/mnt/a/b')).to.equal(false);
        expect(mountPattern('/mnt/**').test('/mnt/a/b')).to.equal(true);
        expect(mountPattern('/mnt/**').test('/mnt')).to.equal(true);
        expect(mountPattern('/**/ws').test('/a/b/ws')).to.equal(true);
        expect(mountPattern('/d?').test('/d1')).to.equal(true);
        expect(mountPattern('/a.b+(c)').test('/a.b+(c)')).to.equal(true);
        expect(mountPattern('/a.b').test('/axb')).to.equal(false);
        expect(matchesMountPattern('/x', ['', 3, '/x'] as unknown[])).to.equal('/x');
        expect(matchesMountPattern('/x', undefined)).to.equal(undefined);
    });

    it('the env value: persistent / ephemeral in any case; anything else is reported and ignored', () => {
        expect(parseWorkspaceEnv(' Persistent ')).to.deep.equal({ verdict: 'persistent' });
        expect(parseWorkspaceEnv('EPHEMERAL')).to.deep.equal({ verdict: 'ephemeral' });
        expect(parseWorkspaceEnv('')).to.deep.equal({});
        expect(parseWorkspaceEnv('yes').note).to.include('ignored');
    });

    it('env wins for workspace roots; ephemeral patterns win over persistent ones; the detection is kept', () => {
        const r = result({});
        const env = applyAdminOverrides(r, { workspaceEnv: 'persistent', ephemeralMountPatterns: ['/w'] }, true);
        expect([env.verdict, env.decidedBy, env.kind]).to.deep.equal(['persistent', 'admin', 'tmpfs']);
        expect(env.mountinfo).to.deep.equal({ verdict: 'ephemeral', kind: 'tmpfs', reason: 'In memory.' });
        const notRoot = applyAdminOverrides(r, { workspaceEnv: 'persistent' }, false);
        expect(notRoot).to.equal(r);
        const both = applyAdminOverrides(result({ verdict: 'persistent' }), { persistentMountPatterns: ['/*'], ephemeralMountPatterns: ['/w'] }, false);
        expect([both.verdict, both.evidence.reason]).to.deep.equal(['ephemeral', 'Declared ephemeral by the administrator (sessionHealth.storage.ephemeralMountPatterns: /w); detected: persistent, tmpfs.']);
        const pers = applyAdminOverrides(r, { persistentMountPatterns: ['/w'] }, false);
        expect(pers.verdict).to.equal('persistent');
        const noMount = result({ evidence: { reason: 'x' } });
        expect(applyAdminOverrides(noMount, { persistentMountPatterns: ['/**'] }, false)).to.equal(noMount);
    });
});

describe('storage: texts and the fix', () => {
    it('status texts per verdict', () => {
        expect(storageStatusText(result({ verdict: 'persistent', kind: 'block-volume' }))).to.equal('$(database) Persistent');
        expect(storageStatusText(result({ verdict: 'persistent', kind: 'block-volume', kubernetes: { namespace: 'n', pod: 'p', claimName: 'c' } }))).to.equal('$(database) PVC');
        expect(storageStatusText(result({ verdict: 'persistent', kind: 'csi-volume' }))).to.equal('$(database) PVC');
        expect(storageStatusText(result({}))).to.equal('$(warning) Ephemeral');
        expect(storageStatusText(result({ verdict: 'node-local', kind: 'host-path' }))).to.equal('$(warning) Node-local');
        expect(storageStatusText(result({ verdict: 'unknown', kind: 'unknown' }))).to.equal('$(question) Storage unknown');
    });

    it('the worst root is shown, and the warning says what is lost and when', () => {
        const roots = [result({ path: '/a', verdict: 'persistent' }), result({ path: '/b', verdict: 'node-local', kind: 'host-path' }), result({ path: '/c' })];
        expect(worstClassification(roots)!.path).to.equal('/c');
        expect(worstClassification([])).to.equal(undefined);
        expect(lossWhen(result({ kind: 'container-overlay' }))).to.include('container restarts');
        expect(lossWhen(result({ kind: 'empty-dir' }))).to.include('survives only a container restart');
        expect(warningMessage(result({ kind: 'tmpfs' }))).to.match(/^Your workspace \/w is on ephemeral storage \(tmpfs\): your files are deleted when this pod is deleted or restarted/);
    });

    it('the fix is valid YAML with the workspace path, whatever characters it has', () => {
        const weird = '/home/pro ject/"quoted"\\back: #x';
        const fix = remediation({ workspacePath: weird, containerName: 'ide', storageClass: 'fast-ssd' });
        const docs = parseAllDocuments(fix.deployment).map(d => d.toJS());
        expect(docs.map(d => d.kind)).to.deep.equal(['PersistentVolumeClaim', 'Deployment']);
        expect(docs[0].spec).to.deep.include({ accessModes: ['ReadWriteOnce'], storageClassName: 'fast-ssd' });
        const container = docs[1].spec.template.spec.containers[0];
        expect(container.name).to.equal('ide');
        expect(container.volumeMounts[0]).to.deep.equal({ name: 'workspace', mountPath: weird });
        expect(docs[1].spec.template.spec.volumes[0].persistentVolumeClaim.claimName).to.equal(docs[0].metadata.name);
        expect(docs[1].spec.strategy.type).to.equal('Recreate');
        const sts = parse(fix.statefulSet);
        expect(sts.kind).to.equal('StatefulSet');
        expect(sts.spec.template.spec.containers[0].volumeMounts[0].mountPath).to.equal(weird);
        expect(sts.spec.volumeClaimTemplates[0].metadata.name).to.equal('workspace');
        expect(sts.spec.volumeClaimTemplates[0].spec.storageClassName).to.equal('fast-ssd');
        const plain = parse(remediation({ workspacePath: '/home/project' }).statefulSet);
        expect(plain.spec.volumeClaimTemplates[0].spec.storageClassName).to.equal(undefined);
    });

    it('workspace URIs to paths', () => {
        expect(toFsPath('file:///home/pro%20ject')).to.equal('/home/pro ject');
        expect(toFsPath('/x')).to.equal('/x');
        expect(toFsPath('http://x/y')).to.equal(undefined);
        expect(toFsPath(undefined as unknown as string)).to.equal(undefined);
    });
});
