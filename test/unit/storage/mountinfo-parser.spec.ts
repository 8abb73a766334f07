import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { decodeMountInfoString, findMount, mountContains, parseMountInfo, parseMountInfoLine } from '../../../src/node/storage/mountinfo-parser';

const FIXTURE = fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'storage', 'pod-mountinfo.txt'), 'utf8');

describe('storage: mountinfo parser', () => {
    it('parses every field of a line (proc_pid_mountinfo(5) example)', () => {
        const line = '36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue';
        const e = parseMountInfoLine(line);
        if (typeof e === 'string') {
            throw new Error(e);
        }
        expect(e.mountId).to.equal(36);
        expect(e.parentId).to.equal(35);
        expect(e.device).to.equal('98:0');
        expect(e.major).to.equal(98);
        expect(e.minor).to.equal(0);
        expect(e.root).to.equal('/mnt1');
        expect(e.mountPoint).to.equal('/mnt2');
        expect(e.mountOptions).to.deep.equal(['rw', 'noatime']);
        expect(e.optionalFields).to.deep.equal(['master:1']);
        expect(e.fsType).to.equal('ext3');
        expect(e.source).to.equal('/dev/root');
        expect(e.superOptions).to.deep.equal(['rw', 'errors=continue']);
        expect(e.line).to.equal(line);
    });

    it('handles zero and several optional fields', () => {
        const none = parseMountInfoLine('22 27 0:21 / /proc rw,relatime - proc proc rw');
        const many = parseMountInfoLine('22 27 0:21 / /x rw shared:1 master:2 propagate_from:3 unbindable - tmpfs tmpfs rw');
        expect(typeof none !== 'string' && none.optionalFields).to.deep.equal([]);
        expect(typeof many !== 'string' && many.optionalFields).to.deep.equal(['shared:1', 'master:2', 'propagate_from:3', 'unbindable']);
        expect(typeof many !== 'string' && many.fsType).to.equal('tmpfs');
    });

    it('decodes the octal escapes for space, tab, newline and backslash', () => {
        expect(decodeMountInfoString('/a\\040b')).to.equal('/a b');
        expect(decodeMountInfoString('/a\\011b')).to.equal('/a\tb');
        expect(decodeMountInfoString('/a\\012b')).to.equal('/a\nb');
        expect(decodeMountInfoString('/a\\134b')).to.equal('/a\\b');
        expect(decodeMountInfoString('/plain')).to.equal('/plain');
        const e = parseMountInfoLine('50 1 0:40 /r\\040oot /mnt/my\\040dir\\011x rw - tmpfs my\\040src rw');
        expect(typeof e !== 'string' && [e.root, e.mountPoint, e.source]).to.deep.equal(['/r oot', '/mnt/my dir\tx', 'my src']);
    });

    it('reports malformed lines instead of throwing', () => {
        const { entries, errors } = parseMountInfo('garbage\n22 27 0:21 / /proc rw,relatime - proc proc rw\n1 2 x:y / / rw - a b c\n\n1 2 3:4 / / rw no separator here at all');
        expect(entries).to.have.length(1);
        expect(errors.map(e => e.lineNumber)).to.deep.equal([1, 3, 5]);
        expect(parseMountInfo(undefined as unknown as string)).to.deep.equal({ entries: [], errors: [] });
    });

    it('parses a realistic pod mountinfo', () => {
        const { entries, errors } = parseMountInfo(FIXTURE);
        expect(errors).to.deep.equal([]);
        expect(entries).to.have.length(23);
        const root = entries.find(e => e.mountPoint === '/')!;
        expect(root.fsType).to.equal('overlay');
        expect(root.optionalFields).to.deep.equal(['master:837']);
        expect(root.superOptions.some(o => o.startsWith('upperdir='))).to.equal(true);
        const scratch = entries.find(e => e.mountPoint === '/scratch')!;
        expect(scratch.root).to.match(/\/volumes\/kubernetes\.io~empty-dir\/scratch$/);
        expect(scratch.source).to.equal('/dev/nvme0n1p1');
        const token = entries.find(e => e.mountPoint === '/var/run/secrets/kubernetes.io/serviceaccount')!;
        expect([token.fsType, token.mountOptions[0]]).to.deep.equal(['tmpfs', 'ro']);
        const pv = entries.find(e => e.mountPoint === '/home/project')!;
        expect([pv.device, pv.root, pv.fsType, pv.source]).to.deep.equal(['259:16', '/', 'ext4', '/dev/nvme1n1']);
        expect(entries.find(e => e.mountPoint === '/mnt/tmpl\ttab\nnl\\bs')).to.not.equal(undefined);
        expect(entries.find(e => e.mountPoint === '/home/project/My Docs')?.fsType).to.equal('tmpfs');
    });

    it('finds the longest mount point that contains a path, not a mere string prefix', () => {
        const { entries } = parseMountInfo(FIXTURE);
        expect(findMount(entries, '/home/project/src/a.ts')!.mountPoint).to.equal('/home/project');
        expect(findMount(entries, '/home/project/sub/x')!.mountPoint).to.equal('/home/project/sub');
        expect(findMount(entries, '/home/projectile')!.mountPoint).to.equal('/');
        expect(findMount(entries, '/home/project/My Docs/notes')!.mountPoint).to.equal('/home/project/My Docs');
        expect(mountContains('/', '/anything')).to.equal(true);
        expect(mountContains('/a', '/ab')).to.equal(false);
        expect(findMount([], '/x')).to.equal(undefined);
    });

    it('takes the last of several mounts on the same mount point (mounted over the others)', () => {
        const { entries } = parseMountInfo('1 0 8:1 / / rw - ext4 /dev/sda1 rw\n2 1 0:50 / /w rw - ext4 /dev/sdb rw\n3 2 0:51 / /w rw - tmpfs tmpfs rw');
        expect(findMount(entries, '/w/f')!.fsType).to.equal('tmpfs');
    });
});
