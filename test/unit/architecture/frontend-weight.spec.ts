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
