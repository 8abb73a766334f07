import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';

// Issue 26: capabilities contribute, the host collects. connection/ owns the UnsavedWorkContribution point the
// journal fills, and bundle/ collects parts through SupportBundleContribution: neither imports those capabilities.
const browser = path.resolve(__dirname, '../../../src/browser');

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e =>
        e.isDirectory() ? sources(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []);
}

/** Every `from '<relative>'` of the folder's files that lands in one of the given browser folders. */
function importsInto(folder: string, targets: string[]): string[] {
    return sources(path.join(browser, folder)).flatMap(file => {
        const specs = [...fs.readFileSync(file, 'utf8').matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)].map(m => m[1]);
        return specs.filter(spec => {
            const top = path.relative(browser, path.resolve(path.dirname(file), spec)).split(path.sep)[0];
            return targets.includes(top);
        }).map(spec => `${path.relative(browser, file)} -> ${spec}`);
    });
}

describe('browser capability imports (issue 26)', () => {
    it('connection/ imports nothing of journal/ (the unsaved-work line is contributed)', () => {
        expect(importsInto('connection', ['journal'])).to.deep.equal([]);
    });

    it('bundle/ imports no capability (each contributes its part)', () => {
        const capabilities = ['connection', 'idle', 'journal', 'lifecycle', 'persistence', 'probe', 'reports', 'storage'];
        expect(importsInto('bundle', capabilities)).to.deep.equal([]);
    });
});
