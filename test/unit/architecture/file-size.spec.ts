// Issue 26: small files with one job. No source file under src/ is longer than 250 lines; one that grows past it
// is split by job (a class per job, pure helpers as functions), not trimmed of its comments.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../../helpers/paths';

const SRC = path.join(REPO_ROOT, 'src');
const MAX_LINES = 250;

/** Lines as `wc -l` counts them, plus a last line without its newline. */
function lineCount(text: string): number {
    const newlines = text.split('\n').length - 1;
    return text.length && !text.endsWith('\n') ? newlines + 1 : newlines;
}

describe('architecture: file size (#26)', () => {
    it(`no source file under src/ has more than ${MAX_LINES} lines`, () => {
        const files = (fs.readdirSync(SRC, { recursive: true }) as string[])
            .filter(name => /\.(ts|tsx)$/.test(name))
            .map(name => path.join(SRC, name));
        expect(files.length, 'source files found').to.be.greaterThan(50);
        const over = files
            .map(file => ({ file: path.relative(REPO_ROOT, file), lines: lineCount(fs.readFileSync(file, 'utf8')) }))
            .filter(f => f.lines > MAX_LINES)
            .map(f => `${f.file} (${f.lines})`);
        expect(over, 'files over the limit').to.deep.equal([]);
    });
});
