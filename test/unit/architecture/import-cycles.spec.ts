import { expect } from 'chai';
import * as path from 'path';
import { runScript, useTempTree } from '../../helpers/temp-tree';
import { findImportCycles, formatCycle } from '../../../scripts/check-import-cycles';

const ROOT = path.resolve(__dirname, '../../..');

describe('architecture: no import loops (scripts/check-import-cycles.ts, run by `npm run lint`)', function (): void {
    this.timeout(120000);
    const tree = useTempTree('import-cycles-');
    const write = tree.write;

    it('a two-file loop fails the check and is printed as a path', () => {
        write('a.ts', "import { b } from './b';\nexport const a = () => b;\n");
        write('b.ts', "import { a } from './a';\nexport const b = () => a;\n");
        write('c.ts', "import { a } from './a';\nexport const c = a;\n");
        const cycles = findImportCycles([tree.dir]);
        expect(cycles.map(c => c.map(f => path.basename(f)))).to.deep.equal([['a.ts', 'b.ts', 'a.ts']]);
        const r = runScript('check-import-cycles.ts', tree.dir);
        expect(r.status).to.equal(1);
        expect(r.stderr).to.include(formatCycle(cycles[0], ROOT));
        expect(r.stderr).to.match(/a\.ts -> .*b\.ts -> .*a\.ts/);
    });

    it('counts every kind of import: type-only, `import(...)` types, export-from, index files, require', () => {
        write('types.ts', "export interface Rule { check(m: import('./model').Model): void }\n");
        write('model/index.ts', "export * from './model';\n");
        write('model/model.ts', "import type { Rule } from '../types';\nexport class Model { rules: Rule[] = []; }\n");
        write('x.ts', "const y = require('./y');\nexport const x = y;\n");
        write('y.ts', "export { x } from './x.js';\n");
        write('ok.ts', "import * as fs from 'fs';\nimport data from '../package.json';\nexport const ok = [fs, data];\n");
        const cycles = findImportCycles([tree.dir]).map(c => c.map(f => path.relative(tree.dir, f)).join(' -> '));
        expect(cycles).to.have.members(['model/index.ts -> model/model.ts -> types.ts -> model/index.ts', 'x.ts -> y.ts -> x.ts']);
    });

    it('a longer loop is reported once, through its members', () => {
        write('one.ts', "import './two';\n");
        write('two.ts', "import './three';\n");
        write('three.ts', "import './one';\nimport './four';\n");
        write('four.ts', 'export const four = 4;\n');
        expect(findImportCycles([tree.dir]).map(c => c.map(f => path.basename(f)))).to.deep.equal([['one.ts', 'two.ts', 'three.ts', 'one.ts']]);
    });

    it('the real tree (src/) has no import loop', () => {
        expect(findImportCycles([path.join(ROOT, 'src')]).map(c => formatCycle(c, ROOT))).to.deep.equal([]);
        const r = runScript('check-import-cycles.ts', 'src');
        expect([r.status, r.stdout.trim()]).to.deep.equal([0, 'no import cycles in src']);
    });
});
