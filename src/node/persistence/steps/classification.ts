// *****************************************************************************
// Step 1, classification: the asked path must be an existing directory; then where its storage lives
// (mount table, statfs, Kubernetes API, admin declarations).
// *****************************************************************************

import * as fs from 'fs';
import { StorageClassification } from '../../../common/storage/storage-protocol';
import { classifyPath } from '../../storage/classify-path';
import { CheckStep } from '../check-step';
import { toFsPath } from '../../ledger/workspace-roots';
import { classificationOutcome, kubernetesInfo } from '../persistence-verdicts';

export const classificationStep: CheckStep = {
    id: 'classification',
    doing: ctx => `Opening the workspace root ${ctx.fsPath}`,
    async run(ctx) {
        const asked = typeof ctx.request?.path === 'string' ? ctx.request.path : '';
        ctx.fsPath = toFsPath(asked);
        if (!ctx.fsPath) {
            return { verdict: 'fail', numbers: {}, reason: `${JSON.stringify(asked)} is not an absolute path or file:// URI on this machine.`, remediation: 'Give the workspace root as an absolute path.' };
        }
        const root = await fs.promises.realpath(ctx.fsPath);
        if (!(await fs.promises.stat(root)).isDirectory()) {
            throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
        }
        ctx.root = root;
        let classification: StorageClassification;
        try {
            classification = ctx.options.classify ? await ctx.options.classify(root) : await classifyPath(root, { ...ctx.options.classifyOptions, isWorkspaceRoot: true });
        } catch (e) {
            classification = { path: root, verdict: 'unknown', kind: 'unknown', decidedBy: 'mountinfo', notes: [], checkedAt: ctx.checkedAt, evidence: { reason: String(e) } };
        }
        ctx.kubernetes = kubernetesInfo(classification);
        return classificationOutcome(classification);
    }
};
