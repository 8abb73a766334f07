import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { classifyMount } from '../../../src/node/storage/storage-classifier';
import { parseMountInfo } from '../../../src/node/storage/mountinfo-parser';

const FIXTURE = parseMountInfo(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'storage', 'pod-mountinfo.txt'), 'utf8'));
const MAGIC = { ext4: 0xef53, tmpfs: 0x01021994, overlay: 0x794c7630, nfs: 0x6969, fuse: 0x65735546, xfs: 0x58465342 };

function inPod(p: string, statfsMagic?: number) {
    return classifyMount({ path: p, platform: 'linux', mountInfo: FIXTURE, statfsMagic });
}

describe('storage: classifier', () => {
    const cases: [string, number | undefined, string, string, string][] = [
        ['/home/theia/ws', MAGIC.overlay, 'ephemeral', 'container-overlay', '/'],
        ['/scratch/ws', MAGIC.ext4, 'ephemeral', 'empty-dir', '/scratch'],
        ['/var/run/secrets/kubernetes.io/serviceaccount/token', MAGIC.tmpfs, 'ephemeral', 'tmpfs', '/var/run/secrets/kubernetes.io/serviceaccount'],
        ['/home/project/app', MAGIC.ext4, 'persistent', 'block-volume', '/home/project'],
        ['/home/project/sub/x', MAGIC.ext4, 'persistent', 'block-volume', '/home/project/sub'],
        ['/data/ws', MAGIC.ext4, 'persistent', 'csi-volume', '/data'],
        ['/mnt/shared/team', MAGIC.nfs, 'persistent', 'network', '/mnt/shared'],
        ['/mnt/bucket/x', MAGIC.fuse, 'persistent', 'network', '/mnt/bucket'],
        ['/cache/x', MAGIC.ext4, 'node-local', 'host-path', '/cache'],
        ['/mnt/odd', MAGIC.fuse, 'unknown', 'unknown', '/mnt/odd'],
        ['/home/project/My Docs/a', MAGIC.tmpfs, 'ephemeral', 'tmpfs', '/home/project/My Docs'],
        ['/dev/shm/x', MAGIC.tmpfs, 'ephemeral', 'tmpfs', '/dev/shm']
    ];
    for (const [p, magic, verdict, kind, mountPoint] of cases) {
        it(`${p} -> ${verdict} (${kind})`, () => {
            const r = inPod(p, magic);
            expect([r.verdict, r.kind, r.evidence.mountPoint]).to.deep.equal([verdict, kind, mountPoint]);
            expect(r.evidence.reason).to.be.a('string').and.not.equal('');
            expect(r.evidence.mountInfoLine).to.equal(r.mount!.line);
            expect(r.notes).to.deep.equal([]);
        });
    }

    it('records the evidence: line, fs type, source, device and the statfs magic in hex', () => {
        const r = inPod('/home/project', MAGIC.ext4);
        expect(r.evidence).to.include({ fsType: 'ext4', source: '/dev/nvme1n1', device: '259:16', mountRoot: '/', statfsMagic: '0xef53', statfsName: 'ext4' });
        expect(r.evidence.mountInfoLine).to.match(/^2926 2913 259:16 \/ \/home\/project /);
    });

    it('tells the emptyDir reason in plain words', () => {
        expect(inPod('/scratch').evidence.reason).to.match(/emptyDir volume \(scratch\).*survives a container restart.*deleted when this pod is deleted/);
    });

    it('a disk mounted at / of a machine (not a container) is node-local', () => {
        const mi = parseMountInfo('27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n28 27 254:16 / /srv/ws rw - xfs /dev/vdb rw\n29 27 254:0 /home/u/ws /bind rw - ext4 /dev/vda rw');
        const root = classifyMount({ path: '/home/u', platform: 'linux', mountInfo: mi, statfsMagic: MAGIC.ext4 });
        expect([root.verdict, root.kind]).to.deep.equal(['node-local', 'host-path']);
        const own = classifyMount({ path: '/srv/ws/a', platform: 'linux', mountInfo: mi, statfsMagic: MAGIC.xfs });
        expect([own.verdict, own.kind]).to.deep.equal(['persistent', 'block-volume']);
        const bind = classifyMount({ path: '/bind', platform: 'linux', mountInfo: mi });
        expect([bind.verdict, bind.kind]).to.deep.equal(['node-local', 'host-path']);
    });

    it('an inline CSI volume that is no claim is unknown', () => {
        const mi = parseMountInfo('1 0 0:1 / / rw - overlay overlay rw\n2 1 8:1 /var/lib/kubelet/pods/u/volumes/kubernetes.io~csi/secrets-store/mount /s rw - ext4 /dev/sda1 rw');
        const r = classifyMount({ path: '/s', platform: 'linux', mountInfo: mi });
        expect([r.verdict, r.kind]).to.deep.equal(['unknown', 'csi-volume']);
    });

    it('says so when mount table and statfs disagree, and trusts a conclusive statfs', () => {
        const r = inPod('/home/project', MAGIC.tmpfs);
        expect([r.verdict, r.kind]).to.deep.equal(['ephemeral', 'tmpfs']);
        expect(r.notes.join(' ')).to.match(/disagree.*ext4.*tmpfs/);
        const u = inPod('/scratch', MAGIC.xfs);
        expect(u.verdict).to.equal('unknown');
        expect(u.evidence.reason).to.match(/disagree/);
    });

    it('never throws: non-Linux, unreadable /proc, relative path, empty table', () => {
        const mac = classifyMount({ path: '/Users/me', platform: 'darwin' });
        expect([mac.verdict, mac.evidence.reason]).to.deep.equal(['unknown', 'Storage classification needs Linux and /proc/self/mountinfo; this host runs darwin.']);
        const noProc = classifyMount({ path: '/w', platform: 'linux', mountInfoError: 'ENOENT: no such file', statfsMagic: MAGIC.tmpfs });
        expect([noProc.verdict, noProc.kind]).to.deep.equal(['ephemeral', 'tmpfs']);
        expect(noProc.evidence.reason).to.include('could not be read (ENOENT');
        const noProcDisk = classifyMount({ path: '/w', platform: 'linux', mountInfoError: 'EACCES', statfsMagic: MAGIC.ext4 });
        expect(noProcDisk.verdict).to.equal('unknown');
        expect(noProcDisk.evidence.reason).to.match(/ext4.*cannot tell/);
        expect(classifyMount({ path: 'rel/x', platform: 'linux', mountInfo: FIXTURE }).verdict).to.equal('unknown');
        const empty = classifyMount({ path: '/x', platform: 'linux', mountInfo: parseMountInfo('') });
        expect([empty.verdict, empty.evidence.reason]).to.deep.equal(['unknown', '/proc/self/mountinfo has no usable entries, and the filesystem type is not known either.']);
        const bad = classifyMount({ path: '/x', platform: 'linux', mountInfo: parseMountInfo('junk\n1 0 0:1 / / rw - overlay overlay rw') });
        expect(bad.verdict).to.equal('ephemeral');
        expect(bad.notes[0]).to.match(/1 malformed mountinfo line/);
    });
});
