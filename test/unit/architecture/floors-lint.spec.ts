import { expect } from 'chai';
import { ESLint } from 'eslint';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../..');

/** The project's own config (eslint.config.mjs), only the floor rule reported. */
function projectEslint(): ESLint {
    return new ESLint({ cwd: ROOT, ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports' });
}

async function floorErrors(filePath: string, code: string): Promise<string[]> {
    const [result] = await projectEslint().lintText(code, { filePath: path.join(ROOT, filePath) });
    return result.messages.filter(m => m.severity === 2).map(m => `${m.line}: ${m.message}`);
}

describe('architecture: the floors are enforced by `npm run lint` (eslint.config.mjs)', function (): void {
    this.timeout(180000);

    it('src/common may import neither src/node, src/browser nor Theia node/browser code', async () => {
        const errors = await floorErrors('src/common/storage/floor-probe.ts', [
            "import { classifyPath } from '../../node/storage/classify-path';",
            "import { StorageStatusContribution } from '../../browser/storage/storage-status-contribution';",
            "export * from '../../node/storage/mountinfo-parser';",
            "import type { BackendApplication } from '@theia/core/lib/node/backend-application';",
            "import { FrontendApplication } from '@theia/core/lib/browser/frontend-application';",
            "import { Emitter } from '@theia/core/lib/common/event';",
            "import { WORKSPACE_STORAGE_ENV } from './storage-protocol';",
            'export const used = [classifyPath, StorageStatusContribution, FrontendApplication, Emitter, WORKSPACE_STORAGE_ENV];',
            'export type B = BackendApplication;'
        ].join('\n'));
        expect(errors.map(e => e.split(':')[0])).to.deep.equal(['1', '2', '3', '4', '5']);
        expect(errors[0]).to.include('src/node').and.include('docs/architecture.md');
        expect(errors[1]).to.include('src/browser');
        expect(errors[3]).to.include("Theia's node code");
        expect(errors[4]).to.include("Theia's browser code");
    });

    it('src/browser may not import src/node or Theia node code; src/common is fine', async () => {
        const errors = await floorErrors('src/browser/connection/floor-probe.ts', [
            "import { DefaultHeartbeatService } from '../../node/connection/heartbeat-service';",
            "import { BackendApplicationContribution } from '@theia/core/lib/node';",
            "import { HEARTBEAT_SERVICE_PATH } from '../../common/connection/heartbeat-protocol';",
            "import { StatusBar } from '@theia/core/lib/browser';",
            'export const used = [DefaultHeartbeatService, BackendApplicationContribution, HEARTBEAT_SERVICE_PATH, StatusBar];'
        ].join('\n'));
        expect(errors.map(e => e.split(':')[0])).to.deep.equal(['1', '2']);
    });

    it('src/node may not import src/browser or Theia browser code', async () => {
        const errors = await floorErrors('src/node/storage/floor-probe.ts', [
            "import { remediation } from '../../browser/storage/storage-remediation';",
            "import { FrontendApplication } from '@theia/core/lib/browser/frontend-application';",
            "import { isObject } from '@theia/core/lib/common/types';",
            "import { BackendApplication } from '@theia/core/lib/node/backend-application';",
            'export const used = [remediation, FrontendApplication, isObject, BackendApplication];'
        ].join('\n'));
        expect(errors.map(e => e.split(':')[0])).to.deep.equal(['1', '2']);
    });

    it('the real tree passes', async () => {
        const results = await projectEslint().lintFiles(['src']);
        expect(results.length).to.be.above(50);
        const errors = results.flatMap(r => r.messages.map(m => `${path.relative(ROOT, r.filePath)}:${m.line}: ${m.message}`));
        expect(errors).to.deep.equal([]);
    });
});
