// Issue 26: the import direction between folders, enforced by scripts/check-capability-imports.ts (run by
// `npm run lint`): a capability imports src/common, the shared folders and its own folder; anything else must be a
// named exception with a reason.
import { expect } from 'chai';
import * as path from 'path';
import { runScript, useTempTree } from '../../helpers/temp-tree';
import { allows, FOLDER_EXCEPTIONS, findFolderCycles, findFolderViolations, validateExceptions } from '../../../scripts/check-capability-imports';

const ROOT = path.resolve(__dirname, '../../..');

describe('architecture: capabilities import common, shared folders and themselves (scripts/check-capability-imports.ts)', function (): void {
    this.timeout(120000);
    const tree = useTempTree('capability-imports-');
    const write = tree.write;

    it('a capability importing another capability\'s folder fails the check, named file by file', () => {
        write('node/alpha/a.ts', "import { b } from '../beta/b';\nexport const a = b;\n");
        write('node/beta/b.ts', 'export const b = 1;\n');
        expect(findFolderViolations(tree.dir, { exceptions: [] })).to.deep.equal([
            { file: path.join('node', 'alpha', 'a.ts'), imported: path.join('node', 'beta', 'b.ts'), from: 'node/alpha', to: 'node/beta' }
        ]);
        const r = runScript('check-capability-imports.ts', tree.dir);
        expect(r.status).to.equal(1);
        expect(r.stderr).to.include('node/alpha/a.ts imports node/beta/b.ts (node/alpha -> node/beta)');
    });

    it('common/**, a shared folder, its own folder (and subfolders) and a floor\'s root are allowed', () => {
        write('common/text/numbers.ts', 'export const n = 1;\n');
        write('common/beta/beta-protocol.ts', 'export const p = 1;\n');
        write('node/metrics/registry.ts', 'export const r = 1;\n');
        write('node/backend-instance.ts', 'export const i = 1;\n');
        write('node/alpha/inner/x.ts', 'export const x = 1;\n');
        write('node/alpha/a.ts', [
            "import { n } from '../../common/text/numbers';",
            "import { p } from '../../common/beta/beta-protocol';",
            "import { r } from '../metrics/registry';",
            "import { i } from '../backend-instance';",
            "import { x } from './inner/x';",
            'export const a = [n, p, r, i, x];'
        ].join('\n'));
        expect(findFolderViolations(tree.dir, { exceptions: [] })).to.deep.equal([]);
        const r = runScript('check-capability-imports.ts', tree.dir);
        expect([r.status, r.stdout.trim()]).to.deep.equal([0, `no imports across capability folders in ${tree.dir}`]);
    });

    it('a shared folder may not import a capability either', () => {
        write('node/metrics/registry.ts', "import { b } from '../beta/b';\nexport const r = b;\n");
        write('node/beta/b.ts', 'export const b = 1;\n');
        expect(findFolderViolations(tree.dir, { exceptions: [] }).map(v => `${v.from} -> ${v.to}`)).to.deep.equal(['node/metrics -> node/beta']);
    });

    it('a named exception with a reason allows the pair; one without a reason is refused', () => {
        write('browser/alpha/a.ts', "import { b } from '../beta/b';\nexport const a = b;\n");
        write('browser/beta/b.ts', 'export const b = 1;\n');
        expect(findFolderViolations(tree.dir, { exceptions: [{ from: 'browser/alpha', to: 'browser/beta', reason: 'why it may stay' }] })).to.deep.equal([]);
        expect(() => findFolderViolations(tree.dir, { exceptions: [{ from: 'browser/alpha', to: 'browser/beta', reason: ' ' }] }))
            .to.throw('import exceptions without a reason: browser/alpha -> browser/beta');
        expect(() => validateExceptions([{ from: 'a/b', to: 'a/c' } as never])).to.throw(/without a reason/);
    });

    it('the real tree (src/) passes, every exception has a reason, and each is still needed', () => {
        expect(() => validateExceptions(FOLDER_EXCEPTIONS)).not.to.throw();
        expect(findFolderViolations(path.join(ROOT, 'src'))).to.deep.equal([]);
        const unexcepted = findFolderViolations(path.join(ROOT, 'src'), { exceptions: [] });
        const stale = FOLDER_EXCEPTIONS.filter(e => !unexcepted.some(v => allows(e, v.from, v.imported.split(path.sep).join('/'))));
        expect(stale.map(e => `${e.from} -> ${e.to}`), 'stale exceptions').to.deep.equal([]);
        expect(findFolderCycles(path.join(ROOT, 'src')), 'folder cycles').to.deep.equal([]);
        // Capabilities contribute, hosts collect: nothing lets the bundle import a capability, or connection the journal.
        expect(FOLDER_EXCEPTIONS.filter(e => /^(browser|node)\/bundle$/.test(e.from) || (e.from === 'browser/connection' && e.to.startsWith('browser/journal')))).to.deep.equal([]);
        const r = runScript('check-capability-imports.ts', 'src');
        expect([r.status, r.stdout.trim()]).to.deep.equal([0, 'no imports across capability folders in src']);
    });

    it('an exception can name one file: the rest of that folder stays forbidden', () => {
        write('browser/alpha/a.ts', "import { p } from '../beta/beta-point';\nimport { q } from '../beta/inner';\nexport const a = [p, q];\n");
        write('browser/beta/beta-point.ts', 'export const p = 1;\n');
        write('browser/beta/inner.ts', 'export const q = 1;\n');
        const exceptions = [{ from: 'browser/alpha', to: 'browser/beta/beta-point.ts', reason: 'beta\'s contribution point' }];
        expect(findFolderViolations(tree.dir, { exceptions }).map(v => v.imported)).to.deep.equal([path.join('browser', 'beta', 'inner.ts')]);
    });

    it('two capabilities importing each other fail as a folder cycle, even where each import is an exception', () => {
        write('node/alpha/a.ts', "import { b } from '../beta/b';\nexport const a = b;\n");
        write('node/beta/b.ts', "import type { a } from '../alpha/a';\nexport const b = 1;\nexport type A = typeof a;\n");
        write('node/gamma/c.ts', "import { a } from '../alpha/a';\nexport const c = a;\n");
        expect(findFolderCycles(tree.dir)).to.deep.equal([['node/alpha', 'node/beta', 'node/alpha']]);
        const r = runScript('check-capability-imports.ts', tree.dir);
        expect(r.status).to.equal(1);
        expect(r.stderr).to.include('folder cycle: node/alpha -> node/beta -> node/alpha');
    });
});
