// *****************************************************************************
// Step 3, free space: statfs of the check directory's file system (the root's when the directory is missing).
// *****************************************************************************

import * as fs from 'fs';
import { CheckStep } from '../check-step';
import { thresholds } from '../persistence-request';
import { spaceOutcome } from '../persistence-verdicts';

export const spaceStep: CheckStep = {
    id: 'space',
    doing: () => 'Reading the free space (statfs)',
    async run(ctx) {
        const s = await fs.promises.statfs(ctx.stamp ? ctx.stamp.path : ctx.root!);
        return spaceOutcome({
            freeBytes: Number(s.bavail) * Number(s.bsize), totalBytes: Number(s.blocks) * Number(s.bsize),
            freeInodes: Number(s.ffree), totalInodes: Number(s.files)
        }, thresholds(ctx.request));
    }
};
