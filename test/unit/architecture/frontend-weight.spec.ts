// Issue 28: what every tab downloads. The browser bundle takes what src/browser and src/common import; packages
// that only the backend needs stay out of it (`yaml`: 70 KiB of the bundle; the snippets use common/text/yaml-text).
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../../helpers/paths';

/** Packages the backend uses that the frontend must not import (each would ship to every tab). */
const BACKEND_ONLY = ['yaml', 'prom-client'];

describe('architecture: the frontend imports no backend-only package (#28)', () => {
    it(`src/browser and src/common import none of ${BACKEND_ONLY.join(', ')}`, () => {
        const found: string[] = [];
        for (const floor of ['browser', 'common']) {
            const dir = path.join(REPO_ROOT, 'src', floor);
            for (const name of (fs.readdirSync(dir, { recursive: true }) as string[]).filter(n => /\.tsx?$/.test(n))) {
                const text = fs.readFileSync(path.join(dir, name), 'utf8');
                for (const pkg of BACKEND_ONLY) {
                    if (new RegExp(`(?:from|require\\()\\s*['"]${pkg}(?:/[^'"]*)?['"]`).test(text)) {
                        found.push(`src/${floor}/${name}: ${pkg}`);
                    }
                }
            }
        }
        expect(found).to.deep.equal([]);
    });
});

describe('architecture: uPlot is evaluated when the first chart is drawn, not at start (#28)', () => {
    it('no compiled browser module requires uplot at its top level (only the chart, inside a function)', () => {
        const dir = path.join(REPO_ROOT, 'lib', 'browser');
        const topLevel: string[] = [];
        const inFunction: string[] = [];
        for (const name of (fs.readdirSync(dir, { recursive: true }) as string[]).filter(n => n.endsWith('.js'))) {
            fs.readFileSync(path.join(dir, name), 'utf8').split('\n').forEach(line => {
                // the CSS (`uplot/dist/uPlot.min.css`) is no module evaluation; `require("uplot")` is
                if (/require\(\s*['"]uplot['"]\s*\)/.test(line)) {
                    (/^\S/.test(line) ? topLevel : inFunction).push(`lib/browser/${name}: ${line.trim()}`);
                }
            });
        }
        expect(topLevel, 'top-level requires of uplot').to.deep.equal([]);
        expect(inFunction, 'the chart requires uplot when it first draws').to.have.length(1);
    });
});
