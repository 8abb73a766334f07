// Issue 26: the shared backend folders (metrics, http, ledger) depend on no capability, and the capabilities that
// reached into others for them (idle, lifecycle, bundle) no longer do. Read from the sources' import lines.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../../helpers/paths';

const NODE = path.join(REPO_ROOT, 'src', 'node');

function nodeImports(folder: string): { file: string; target: string }[] {
    const found: { file: string; target: string }[] = [];
    const dir = path.join(NODE, folder);
    for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
        if (!name.endsWith('.ts')) {
            continue;
        }
        const file = path.join(dir, name);
        for (const m of fs.readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
            const target = path.relative(NODE, path.resolve(path.dirname(file), m[1]));
            if (!target.startsWith('..')) {
                found.push({ file: path.relative(NODE, file), target });
            }
        }
    }
    return found;
}

const SHARED = ['metrics', 'http', 'ledger', 'capabilities'];
const isShared = (target: string) => SHARED.some(s => target === s || target.startsWith(`${s}/`));

describe('architecture: shared backend folders', () => {
    for (const folder of ['metrics', 'http', 'ledger']) {
        it(`node/${folder}/ imports no capability folder`, () => {
            expect(nodeImports(folder).filter(i => !isShared(i.target))).to.deep.equal([]);
        });
    }
    it('node/idle/ no longer imports reports/, node/lifecycle/ neither reports/ nor persistence/', () => {
        expect(nodeImports('idle').filter(i => i.target.startsWith('reports/'))).to.deep.equal([]);
        expect(nodeImports('lifecycle').filter(i => /^(reports|persistence)\//.test(i.target))).to.deep.equal([]);
    });
    it('node/bundle/ imports no capability folder (the parts are contributed)', () => {
        expect(nodeImports('bundle').filter(i => !isShared(i.target) && !i.target.startsWith('bundle/'))).to.deep.equal([]);
    });
});
