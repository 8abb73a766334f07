// Issue 24 §2: the oldest supported Theia (1.72) has neither the connection-token cookie nor EarlyExpressMiddleware
// (both Theia 1.73). The backend must start there all the same: nothing in src imports them by value, the identifiers
// come from src/node/theia-compat.ts (Theia's own where they exist), and the POST routes that need them are left out
// with one warning through the owner's named logger, never a throw. The adopter smoke on the oldest Theia
// (test/browser/adopter) proves it in a real app.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { EarlyExpressMiddleware } from '@theia/core/lib/node/backend-application';
import { HttpConnectionValidator } from '@theia/core/lib/node/hosting/browser-connection-token';
import { EarlyExpressMiddlewareId, HttpConnectionValidatorId, optionalExport, theiaVersion } from '../../src/node/theia-compat';
import { REPO_ROOT } from '../helpers/paths';

/** Exports of Theia's that came after the oldest supported minor: importable by type only. */
const NEWER_THAN_OLDEST: { module: string; names?: string[] }[] = [
    { module: '@theia/core/lib/node/hosting/browser-connection-token' },
    { module: '@theia/core/lib/node/backend-application', names: ['EarlyExpressMiddleware'] }
];

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => e.isDirectory() ? sources(path.join(dir, e.name))
        : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []);
}

function freshJsonPostBody(): typeof import('../../src/node/json-post-body') {
    const file = require.resolve('../../src/node/json-post-body');
    delete require.cache[file];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file); // a fresh module: its once-per-process warning not yet given
}

describe('theia compat: the backend on a Theia older than 1.73', () => {
    it('no module in src imports what Theia 1.72 lacks by value (the backend bundle would not build or start there)', () => {
        const found: string[] = [];
        for (const file of sources(path.join(REPO_ROOT, 'src'))) {
            const text = fs.readFileSync(file, 'utf8');
            for (const { module, names } of NEWER_THAN_OLDEST) {
                const escaped = module.replace(/[/.]/g, '\\$&');
                for (const m of text.matchAll(new RegExp(`^import\\s+(?!type\\b)([^;]*?)\\s+from\\s+'${escaped}'`, 'gm'))) {
                    const imported = m[1].replace(/\btype\s+\w+\s*,?/g, '');
                    if (!names || names.some(n => new RegExp(`\\b${n}\\b`).test(imported))) {
                        found.push(`${path.relative(REPO_ROOT, file)}: ${m[0]}`);
                    }
                }
            }
        }
        expect(found).to.deep.equal([]);
    });

    it('on Theia 1.73 and later the identifiers are Theia\'s own (the same DI bindings)', () => {
        expect(HttpConnectionValidatorId).to.equal(HttpConnectionValidator);
        expect(EarlyExpressMiddlewareId).to.equal(EarlyExpressMiddleware);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        expect(optionalExport(() => require('@theia/core/lib/node/hosting/no-such-module-in-any-theia'), 'X')).to.equal(undefined);
        expect(theiaVersion()).to.match(/^\d+\.\d+\.\d+$/);
    });

    it('without the validator or early middleware, the POST routes are left out with ONE warning for all of them, never a throw', () => {
        const { registerJsonPostRoute } = freshJsonPostBody();
        const lines: string[] = [];
        const logger = {
            info: async (m: unknown) => { lines.push(`info ${m}`); },
            warn: async (m: unknown) => { lines.push(`warn ${m}`); },
            error: async (m: unknown) => { lines.push(`error ${m}`); }
        };
        const route = (routePath: string) => ({
            path: routePath, name: routePath, logger, connectionValidator: undefined,
            originValidator: { allowWsUpgrade: () => true }, handle: async () => undefined
        });
        expect(registerJsonPostRoute(undefined, route('/session-health/reports'))).to.equal(false);
        expect(registerJsonPostRoute({ handlers: [] } as never, route('/session-health/persistence-check'))).to.equal(false);
        expect(lines).to.have.length(1);
        expect(lines[0]).to.match(/^warn Theia \d+\.\d+\.\d+ predates the connection-token cookie \(Theia 1\.73\)/)
            .and.contain('POST /session-health/reports').and.contain('POST /session-health/persistence-check');
    });
});
