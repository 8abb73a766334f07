// Issue 24 §2: the oldest supported Theia (1.72) has neither the connection-token cookie nor EarlyExpressMiddleware
// (both Theia 1.73). The backend must start there all the same: nothing in src imports them by value, the identifiers
// come from src/node/http/theia-compat.ts (Theia's own where they exist), and the POST routes check the Origin only
// (there is no cookie), with one warning through the owner's named logger, never a throw. The adopter smoke on the oldest Theia
// (test/browser/adopter) proves it in a real app.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { Container } from '@theia/core/shared/inversify';
import { BackendApplication, EarlyExpressMiddleware } from '@theia/core/lib/node/backend-application';
import { HttpConnectionValidator } from '@theia/core/lib/node/hosting/browser-connection-token';
import { bindEarlyUse, EarlyExpressMiddlewareId, EarlyUse, HttpConnectionValidatorId, theiaVersion } from '../../../src/node/http/theia-compat';
import { REPO_ROOT } from '../../helpers/paths';

/** Exports of Theia's that came after the oldest supported minor: importable by type only. */
const NEWER_THAN_OLDEST: { module: string; names?: string[] }[] = [
    { module: '@theia/core/lib/node/hosting/browser-connection-token' },
    { module: '@theia/core/lib/node/backend-application', names: ['EarlyExpressMiddleware'] }
];

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => e.isDirectory() ? sources(path.join(dir, e.name))
        : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []);
}

function freshJsonPostBody(): typeof import('../../../src/node/http/json-post-body') {
    const file = require.resolve('../../../src/node/http/json-post-body');
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
        expect(theiaVersion()).to.match(/^\d+\.\d+\.\d+$/);
    });

    it('without the connection-token validator, the POST routes check the Origin only and say so ONCE for all of them, never a throw', () => {
        const { registerJsonPostRoute } = freshJsonPostBody();
        const lines: string[] = [];
        const logger = {
            info: async (m: unknown) => { lines.push(`info ${m}`); },
            warn: async (m: unknown) => { lines.push(`warn ${m}`); },
            error: async (m: unknown) => { lines.push(`error ${m}`); }
        };
        const handled: string[] = [];
        const route = (routePath: string) => ({
            path: routePath, name: routePath, logger, connectionValidator: undefined,
            originValidator: { allowWsUpgrade: () => true }, handle: async () => { handled.push(routePath); }
        });
        const handlers: ((req: unknown, res: unknown, next: () => void) => void)[] = [];
        expect(registerJsonPostRoute(h => handlers.push(h as never), route('/session-health/reports'))).to.equal(true);
        expect(registerJsonPostRoute(h => handlers.push(h as never), route('/session-health/persistence-check'))).to.equal(true);
        expect(lines).to.have.length(1);
        expect(lines[0]).to.match(/^warn Theia \d+\.\d+\.\d+ predates the connection-token cookie \(Theia 1\.73\)/)
            .and.contain('POST /session-health/reports').and.contain('POST /session-health/persistence-check').and.contain('Origin only');
        // A same-origin POST without any cookie reaches the route's handler (there is no cookie to ask for).
        const res = { once: () => undefined, sendStatus: undefined, statusCode: 200 };
        handlers[0]({ path: '/session-health/reports', method: 'POST', headers: { origin: 'http://localhost', host: 'localhost' } }, res, () => handled.push('next'));
        expect(handled).to.deep.equal(['/session-health/reports']);
    });

    it('early handlers go to Theia\'s EarlyExpressMiddleware where it is bound, else to BackendApplication.use (1.72 runs initialize() first)', async () => {
        const handler = () => undefined;
        const newer = new Container();
        newer.bind(EarlyExpressMiddleware).toSelf().inSingletonScope();
        bindEarlyUse(newer.bind.bind(newer), newer.isBound.bind(newer));
        bindEarlyUse(newer.bind.bind(newer), newer.isBound.bind(newer)); // the second module's call binds nothing more
        newer.get<EarlyUse>(EarlyUse)(handler);
        expect(newer.get(EarlyExpressMiddleware).handlers).to.deep.equal([handler]);

        const older = new Container();
        const used: unknown[] = [];
        older.bind(BackendApplication).toConstantValue({ use: (...h: unknown[]) => used.push(...h) } as never);
        bindEarlyUse(older.bind.bind(older), older.isBound.bind(older));
        older.get<EarlyUse>(EarlyUse)(handler);
        expect(used, 'not while BackendApplication may still be constructing').to.deep.equal([]);
        await Promise.resolve();
        expect(used).to.deep.equal([handler]);
    });
});
