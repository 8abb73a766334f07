// Which paths the IDE may check: inside a root of the open workspace (a folder or a workspace file's folders), links resolved.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { isInside, refuseOutsideRoots, workspaceRoots } from '../../../src/node/ledger/workspace-roots';

describe('persistence: workspace roots', () => {
    let base: string;
    beforeEach(() => base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sh-roots-'))));
    afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

    it('a folder workspace is its own root; a workspace file gives its folders (absolute, relative, file://)', async () => {
        for (const d of ['a', 'b', 'c']) {
            fs.mkdirSync(path.join(base, d));
        }
        expect(await workspaceRoots(pathToFileURL(path.join(base, 'a')).toString())).to.deep.equal([path.join(base, 'a')]);
        const file = path.join(base, 'x.theia-workspace');
        fs.writeFileSync(file, JSON.stringify({ folders: [{ path: path.join(base, 'a') }, { path: 'b' }, { path: pathToFileURL(path.join(base, 'c')).toString() }, { path: 'missing' }] }));
        expect(await workspaceRoots(pathToFileURL(file).toString())).to.deep.equal(['a', 'b', 'c'].map(d => path.join(base, d)));
        expect(await workspaceRoots(undefined)).to.deep.equal([]);
    });

    it('refuses paths outside the roots (also through a link), accepts the root, folders inside it and missing paths inside it', async () => {
        const root = path.join(base, 'root');
        fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
        fs.mkdirSync(path.join(base, 'other'));
        fs.symlinkSync(path.join(base, 'other'), path.join(root, 'out'));
        for (const ok of [root, path.join(root, 'sub'), path.join(root, 'new', 'deeper'), pathToFileURL(root).toString()]) {
            expect(await refuseOutsideRoots(ok, [root]), ok).to.equal(undefined);
        }
        for (const bad of [path.join(base, 'other'), path.join(root, 'out'), path.join(root, 'out', 'x'), `${root}-sibling`, '/', path.join(root, '..')]) {
            expect(await refuseOutsideRoots(bad, [root]), bad).to.include('is not inside a workspace root this IDE has open');
        }
        expect(await refuseOutsideRoots(root, [])).to.include('no workspace is open');
    });

    it('isInside: a folder whose name starts with two dots is inside; the parent and its siblings are not', () => {
        expect(isInside('/ws', '/ws')).to.equal(true);
        expect(isInside('/ws/a/b.txt', '/ws')).to.equal(true);
        expect(isInside('/ws/..notes/x.txt', '/ws')).to.equal(true);
        expect(isInside('/ws/...', '/ws')).to.equal(true);
        expect(isInside('/', '/ws')).to.equal(false);
        expect(isInside('/other/x', '/ws')).to.equal(false);
        expect(isInside('/ws-2/x', '/ws')).to.equal(false);
        expect(isInside('/ws/../etc/passwd', '/ws')).to.equal(false);
    });
});
