// Issue 23, the journal's disk RPC on the real backend and real files: it writes back only inside the workspace
// root the backend has open (after resolving every link on the way), never over anything already there (a file,
// a dangling link), creates missing folders, and reads only regular files up to its cap, answering at once for a
// FIFO, /dev/zero or a huge file. Bad input is refused with a reason, never thrown.
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { connectTheiaClient, TheiaClient } from '../../helpers/theia-client';
import { TEST_TMP } from '../../helpers/paths';
import { listTree } from '../../helpers/persistence-fixtures';
import {
    JOURNAL_DISK_MAX_BYTES, JOURNAL_DISK_SERVICE_PATH, JournalDiskRead, JournalDiskService, JournalDiskWrite
} from '../../../src/common/journal/journal-protocol';

const ENV = { SESSION_HEALTH_WORKSPACE_STORAGE: 'persistent', KUBERNETES_SERVICE_HOST: '' };
const uri = (p: string) => pathToFileURL(p).toString();
const bytes = (s: string) => new Uint8Array(Buffer.from(s));
const sha = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');
const code = (r: JournalDiskRead | JournalDiskWrite) => r.state === 'refused' ? r.code : r.state;

describe('journal: the disk RPC acts only inside the open workspace (real backend)', function () {
    this.timeout(120000);
    const base = path.join(TEST_TMP, `journal-disk-${process.pid}-${Date.now()}`);
    const realWs = path.join(base, 'real-ws');
    // The backend opens the workspace through a link: roots are compared by their real path.
    const ws = path.join(base, 'ws-link');
    const outside = path.join(base, 'outside');
    let backend: RunningBackend | undefined;
    let client: TheiaClient | undefined;
    let service: JournalDiskService;

    before(async () => {
        fs.mkdirSync(path.join(realWs, 'inner'), { recursive: true });
        fs.mkdirSync(outside, { recursive: true });
        fs.symlinkSync(realWs, ws);
        fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret\n');
        fs.symlinkSync(outside, path.join(realWs, 'out'));
        fs.symlinkSync(path.join(realWs, 'inner'), path.join(realWs, 'in-link'));
        fs.symlinkSync(path.join(outside, 'new.txt'), path.join(realWs, 'dangling.txt'));
        fs.symlinkSync('/dev/zero', path.join(realWs, 'zero.txt'));
        fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(realWs, 'secret-link.txt'));
        execFileSync('mkfifo', [path.join(realWs, 'fifo.txt')]);
        fs.writeFileSync(path.join(realWs, 'huge.txt'), '');
        fs.truncateSync(path.join(realWs, 'huge.txt'), JOURNAL_DISK_MAX_BYTES + 1);
        fs.writeFileSync(path.join(realWs, 'there.txt'), 'on the disk\n');
        fs.writeFileSync(path.join(realWs, 'bom.txt'), Buffer.from('\ufeffé\n'));
        backend = await startBackend({ workspace: ws, env: ENV });
        client = await connectTheiaClient(backend.url);
        service = await client.createProxy<JournalDiskService>(JOURNAL_DISK_SERVICE_PATH);
    });
    after(async () => {
        client?.close();
        await backend?.stop();
        fs.rmSync(base, { recursive: true, force: true });
    });

    it('writes a missing file, and missing folders on the way, inside the root (also through a link inside it)', async () => {
        expect(await service.create(uri(path.join(ws, 'a', 'b', 'new.txt')), bytes('new\n'))).to.deep.equal({ state: 'written' });
        expect(fs.readFileSync(path.join(realWs, 'a', 'b', 'new.txt'), 'utf8')).to.equal('new\n');
        expect(await service.create(uri(path.join(ws, 'in-link', 'x.txt')), bytes('x'))).to.deep.equal({ state: 'written' });
        expect(fs.readFileSync(path.join(realWs, 'inner', 'x.txt'), 'utf8')).to.equal('x');
        // The same bytes again: already there, nothing changed.
        expect(await service.create(uri(path.join(ws, 'a', 'b', 'new.txt')), bytes('new\n'))).to.deep.equal({ state: 'already-there' });
    });

    it('never writes over anything already there: a different file, a dangling link, a FIFO', async () => {
        const there = await service.create(uri(path.join(ws, 'there.txt')), bytes('kept text\n'));
        expect(code(there)).to.equal('exists');
        expect(fs.readFileSync(path.join(realWs, 'there.txt'), 'utf8')).to.equal('on the disk\n');
        const dangling = await service.create(uri(path.join(ws, 'dangling.txt')), bytes('through the link'));
        expect(code(dangling)).to.equal('exists');
        expect(fs.readlinkSync(path.join(realWs, 'dangling.txt'))).to.equal(path.join(outside, 'new.txt'));
        expect(code(await service.create(uri(path.join(ws, 'fifo.txt')), bytes('into the fifo')))).to.equal('exists');
        expect(listTree(outside)).to.deep.equal(['secret.txt (file 7)']);
    });

    it('never writes through a folder link that leaves the root, nor outside it, nor into a missing folder behind such a link', async () => {
        for (const target of [
            path.join(ws, 'out', 'planted.txt'),
            path.join(ws, 'out', 'deeper', 'planted.txt'),
            path.join(outside, 'planted.txt'),
            path.join(ws, '..', 'outside', 'planted.txt'),
            path.join(base, 'planted.txt')
        ]) {
            const answer = await service.create(uri(target), bytes('planted'));
            expect(code(answer), target).to.equal('outside-workspace');
            expect(answer.state === 'refused' && answer.reason, target).to.match(/outside the open workspace/);
        }
        expect(listTree(outside)).to.deep.equal(['secret.txt (file 7)']);
        expect(fs.existsSync(path.join(base, 'planted.txt'))).to.be.false;
    });

    it('reads only regular files inside the root, up to its cap, and answers at once for a FIFO, /dev/zero or a huge file', async () => {
        const started = Date.now();
        const [fifo, zero, huge, secret, outsideRead, missing, missingOut, dir, there, bom] = await Promise.all([
            'fifo.txt', 'zero.txt', 'huge.txt', 'secret-link.txt', '../outside/secret.txt', 'not-there.txt', 'out/not-there.txt', 'inner', 'there.txt', 'bom.txt'
        ].map(name => service.read(uri(path.join(ws, name)))));
        expect(Date.now() - started, 'no read waits for a writer or reads to the end of /dev/zero').to.be.below(10000);
        expect(fifo).to.deep.include({ state: 'refused', code: 'not-a-file' });
        expect(zero).to.deep.include({ state: 'refused', code: 'outside-workspace' });
        expect(huge).to.deep.include({ state: 'refused', code: 'too-large' });
        expect(secret).to.deep.include({ state: 'refused', code: 'outside-workspace' });
        expect(outsideRead).to.deep.include({ state: 'refused', code: 'outside-workspace' });
        expect(missing).to.deep.equal({ state: 'missing' });
        expect(missingOut).to.deep.include({ state: 'refused', code: 'outside-workspace' });
        expect(dir).to.deep.include({ state: 'refused', code: 'not-a-file' });
        const disk = Buffer.from('on the disk\n');
        expect(there).to.deep.equal({ state: 'file', size: disk.length, sha256: sha(disk), textSha256: sha('on the disk\n') });
        // The text hash is of the text as the browser decodes it (Buffer's UTF-8, the BOM kept).
        expect(bom).to.deep.include({ state: 'file', textSha256: sha(Buffer.from('\ufeffé\n').toString('utf8')) });
    });

    it('refuses bad input with a reason, and the backend keeps serving', async () => {
        const bad: unknown[] = ['', 'http://example.com/x', 'file://host/etc/passwd', 'file:///a%2Fb', 'relative/path', 42, null, { uri: 'file:///x' }, 'file:///x?q=1'];
        for (const value of bad) {
            const read = await service.read(value as string);
            expect(code(read), JSON.stringify(value)).to.equal('bad-request');
            expect(read.state === 'refused' && read.reason, JSON.stringify(value)).to.be.a('string').and.not.equal('');
            expect(code(await service.create(value as string, bytes('x'))), JSON.stringify(value)).to.equal('bad-request');
        }
        expect(code(await service.create(uri(path.join(ws, 'y.txt')), 'not bytes' as unknown as Uint8Array))).to.equal('bad-request');
        expect(fs.existsSync(path.join(realWs, 'y.txt'))).to.be.false;
        expect(code(await service.read(uri(path.join(ws, 'there.txt'))))).to.equal('file');
    });
});
