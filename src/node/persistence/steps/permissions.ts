// *****************************************************************************
// Step 4, permissions: the workspace root is writable by the IDE's user; owner uid/gid and mode.
// *****************************************************************************

import * as fs from 'fs';
import { explainError } from '../../ledger/check-errors';
import { CheckStep } from '../check-step';

export const permissionsStep: CheckStep = {
    id: 'permissions',
    doing: ctx => `Reading the owner and mode of ${ctx.root}`,
    async run(ctx) {
        const root = ctx.root!;
        const stat = await fs.promises.stat(root);
        const uid = typeof process.getuid === 'function' ? process.getuid() : -1;
        const numbers: Record<string, string | number | boolean> = { ownerUid: stat.uid, ownerGid: stat.gid, mode: '0' + (stat.mode & 0o7777).toString(8), processUid: uid };
        try {
            await fs.promises.access(root, fs.constants.W_OK | fs.constants.X_OK);
            numbers.writable = true;
        } catch (e) {
            numbers.writable = false;
            const r = explainError(e, `Writing the workspace root ${root} as uid ${uid}`);
            return { verdict: 'fail', numbers, reason: `${r.reason} Owner uid ${stat.uid}, gid ${stat.gid}, mode ${numbers.mode}.`, remediation: r.remediation };
        }
        return { verdict: 'pass', numbers, reason: `The IDE's user (uid ${uid}) can write the workspace root; owner uid ${stat.uid}, gid ${stat.gid}, mode ${numbers.mode}.` };
    }
};
