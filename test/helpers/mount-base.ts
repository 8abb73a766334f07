// The suite fixture of the real-mount specs (root only): fails (under CI) or skips the suite where real mounts
// cannot run, else a fresh folder under the OS temp dir (/tmp, mode 1777, so an unprivileged uid can reach it) for
// the suite's mounts; after the suite every mount is undone (one that will not go fails the hook) and the folder
// removed. Call it inside a `describe`.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { skipOrFail } from './requirements';
import { MountSet, mountSkipReason } from './storage-mounts';

export interface MountBase {
    readonly mounts: MountSet;
    /** The suite's folder (set by the before hook). */
    readonly base: string;
}

/** `prefix`: the folder's name before mkdtemp's suffix; `mode`: chmod'ed onto the folder when given. */
export function useMountBase(prefix: string, mode?: number): MountBase {
    const mounts = new MountSet();
    let base: string | undefined;

    before(function () {
        const skip = mountSkipReason();
        if (skip) {
            skipOrFail(this, skip);
        }
        base = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
        if (mode !== undefined) {
            fs.chmodSync(base, mode);
        }
    });
    after(() => {
        const problems = mounts.unmountAll();
        if (base) {
            fs.rmSync(base, { recursive: true, force: true });
        }
        expect(problems).to.deep.equal([]);
    });

    return {
        mounts,
        get base(): string {
            if (base === undefined) {
                throw new Error('useMountBase: no folder (the before hook has not run or failed)');
            }
            return base;
        }
    };
}
