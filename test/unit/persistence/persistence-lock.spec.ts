// The cross-process lock file: owner named by host, boot id, PID and start time; stale locks broken atomically,
// so that waiters racing to break the same stale lock never end up holding it twice.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { acquireLockFile } from '../../../src/node/persistence/persistence-lock';
import { bootId, ownerGone, processStartTime } from '../../../src/node/persistence/lock-owner';

describe('persistence: lock file', function () {
    this.timeout(20000);
    let dir: string;
    beforeEach(() => dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-lock-')));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('names its owner by pid, host, boot id and process start time', async () => {
        const lock = await acquireLockFile(dir, 'check.lock', 1000);
        const content = JSON.parse(fs.readFileSync(lock.file, 'utf8'));
        expect(content).to.include({ pid: process.pid, hostname: os.hostname(), bootId: bootId(), startTime: processStartTime(process.pid) });
        expect(content.bootId).to.match(/^[0-9a-f-]{36}$/);
        await lock.release();
        expect(fs.existsSync(lock.file)).to.equal(false);
    });

    it('ownerGone: a live PID with another start time or from another boot is gone; this process is not', () => {
        const me = { pid: process.pid, hostname: os.hostname(), bootId: bootId(), startTime: processStartTime(process.pid) };
        expect(ownerGone(me)).to.equal(false);
        expect(ownerGone({ ...me, startTime: String(Number(me.startTime) + 1) })).to.equal(true);
        expect(ownerGone({ ...me, bootId: '00000000-0000-0000-0000-000000000000' })).to.equal(true);
        // A lock from 0.1.0 (no boot id, no start time) of a live process still holds; another host cannot be judged here.
        expect(ownerGone({ pid: process.pid, hostname: os.hostname() })).to.equal(false);
        expect(ownerGone({ ...me, startTime: '1', hostname: 'another-pod' })).to.equal(false);
    });

    it('waiters racing to break one stale lock: never two holders at once, every waiter gets it in turn', async () => {
        for (let round = 0; round < 20; round++) {
            fs.writeFileSync(path.join(dir, 'check.lock'), JSON.stringify({ pid: process.pid, hostname: os.hostname(), at: new Date().toISOString(), bootId: bootId(), startTime: '1' }));
            let holders = 0;
            let maxHolders = 0;
            let served = 0;
            // Staggered by 2 ms: a waiter that judged the old lock stale must not remove the fresh lock of one that was quicker.
            await Promise.all(Array.from({ length: 8 }, async (_, i) => {
                await new Promise(resolve => setTimeout(resolve, i * 2));
                const lock = await acquireLockFile(dir, 'check.lock', 15000);
                holders++;
                maxHolders = Math.max(maxHolders, holders);
                await new Promise(resolve => setTimeout(resolve, 20));
                holders--;
                served++;
                await lock.release();
            }));
            expect([maxHolders, served], `round ${round}`).to.deep.equal([1, 8]);
            expect(fs.readdirSync(dir), `round ${round}`).to.deep.equal([]);
        }
    });
});
