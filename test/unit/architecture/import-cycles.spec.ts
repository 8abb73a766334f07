import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findImportCycles, formatCycle } from '../../../scripts/check-import-cycles';

const ROOT = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(ROOT, 'scripts/check-import-cycles.ts');

function runScript(dir: string): { status: number | null; stderr: string; stdout: string } {
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', SCRIPT, dir], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
    return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe('architecture: no import loops (scripts/check-import-cycles.ts, run by `npm run lint`)', function (): void {
    this.timeout(120000);
    let dir: string;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cycles-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    function write(file: string, text: string): void {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
    }

    it('a two-file loop fails the check and is printed as a path', () => {
        write('a.ts', "import { b } from './b';\nexport const a = () => b;\n");
        write('b.ts', "import { a } from './a';\nexport const b = () => a;\n");
        write('c.ts', "import { a } from './a';\nexport const c = a;\n");
        const cycles = findImportCycles([dir]);
        expect(cycles.map(c => c.map(f => path.basename(f)))).to.deep.equal([['a.ts', 'b.ts', 'a.ts']]);
        const r = runScript(dir);
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
        const cycles = findImportCycles([dir]).map(c => c.map(f => path.relative(dir, f)).join(' -> '));
        expect(cycles).to.have.members(['model/index.ts -> model/model.ts -> types.ts -> model/index.ts', 'x.ts -> y.ts -> x.ts']);
    });

    it('a longer loop is reported once, through its members', () => {
        write('one.ts', "import './two';\n");
        write('two.ts', "import './three';\n");
        write('three.ts', "import './one';\nimport './four';\n");
        write('four.ts', 'export const four = 4;\n');
        expect(findImportCycles([dir]).map(c => c.map(f => path.basename(f)))).to.deep.equal([['one.ts', 'two.ts', 'three.ts', 'one.ts']]);
    });

    it('the real tree (src/) has no import loop', () => {
        expect(findImportCycles([path.join(ROOT, 'src')]).map(c => formatCycle(c, ROOT))).to.deep.equal([]);
        const r = runScript('src');
        expect([r.status, r.stdout.trim()]).to.deep.equal([0, 'no import cycles in src']);
    });
});
