// Opening the check's files: never through a link, never blocking on a FIFO, never into a file with other hard links.
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CheckRefusal } from '../../../src/node/ledger/check-errors';
import { openVerified, stampDirectory } from '../../../src/node/ledger/safe-files';

describe('persistence: safe file opening', function () {
    this.timeout(10000);
    let dir: string;
    beforeEach(() => dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-safe-files-')));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const refusal = async (file: string, flags: number): Promise<CheckRefusal> => {
        const stamp = await stampDirectory(dir);
        let error: unknown;
        const started = Date.now();
        await openVerified(file, flags, stamp).then(h => h.close(), e => error = e);
        expect(Date.now() - started, 'must not block').to.be.below(2000);
        expect(error).to.be.instanceOf(CheckRefusal);
        return error as CheckRefusal;
    };

    it('refuses a FIFO for reading and for writing at once (no libuv thread blocked)', async () => {
        const fifo = path.join(dir, 'fifo');
        execFileSync('mkfifo', [fifo]);
        expect((await refusal(fifo, fs.constants.O_RDONLY)).message).to.include('not a regular file (a FIFO');
        expect((await refusal(fifo, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT)).message).to.include('not a regular file');
    });

    it('refuses a symbolic link and a file with another hard link; opens a plain file', async () => {
        const target = path.join(dir, 'target');
        fs.writeFileSync(target, 'x');
        fs.symlinkSync(target, path.join(dir, 'link'));
        expect((await refusal(path.join(dir, 'link'), fs.constants.O_RDONLY)).message).to.include('is a symbolic link');
        fs.linkSync(target, path.join(dir, 'hard'));
        expect((await refusal(path.join(dir, 'hard'), fs.constants.O_WRONLY | fs.constants.O_APPEND)).message).to.include('2 hard links');
        fs.unlinkSync(path.join(dir, 'hard'));
        const handle = await openVerified(target, fs.constants.O_RDONLY, await stampDirectory(dir));
        expect((await handle.readFile()).toString()).to.equal('x');
        await handle.close();
    });

    it('refuses when the directory was swapped after it was prepared', async () => {
        const stamp = await stampDirectory(dir);
        fs.writeFileSync(path.join(dir, 'f'), 'x');
        const moved = dir + '-moved';
        fs.renameSync(dir, moved);
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, 'f'), 'y');
        let error: unknown;
        await openVerified(path.join(dir, 'f'), fs.constants.O_RDONLY, stamp).catch(e => error = e);
        fs.rmSync(moved, { recursive: true, force: true });
        expect((error as Error).message).to.include('was replaced while the check ran');
    });
});
