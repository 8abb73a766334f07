import * as fs from 'fs';
import { BACKEND_MAIN } from './paths';
import { stopAllBackends } from './theia-backend';
import { closeSharedBrowser } from './chromium';
import { describeProcess, openScope, ProcessScope } from './processes';

/**
 * One teardown scope per suite, recording while its tests run (beforeEach hooks, body, afterEach hooks): a backend,
 * nginx, haproxy or prometheus a test started and did not stop (it failed half way, or replaced the variable that
 * held it) is stopped once the suite is over, after its own `after` hooks, so a later test of the same suite may
 * still use it. Groups spawned in `before`/`after` hooks are not recorded: the closing leak check reports those.
 */
const suiteScopes = new Map<Mocha.Suite, ProcessScope>();

function within(suite: Mocha.Suite | undefined, owner: Mocha.Suite): boolean {
    for (let s = suite; s; s = s.parent) {
        if (s === owner) {
            return true;
        }
    }
    return false;
}

/** Closes the scopes of the suites `current` is not in (all of them without `current`): those suites are over. */
async function closeFinishedScopes(current?: Mocha.Suite): Promise<void> {
    for (const [suite, scope] of [...suiteScopes]) {
        if (!current || !within(current, suite)) {
            suiteScopes.delete(suite);
            const left = await scope.close();
            if (left.length) {
                console.log(`      note: stopped ${left.length} process(es) left running by a test of "${suite.fullTitle()}": `
                    + left.map(describeProcess).join('; '));
            }
        }
    }
}

export const mochaHooks = {
    beforeAll(): void {
        if (!fs.existsSync(BACKEND_MAIN)) {
            throw new Error(`The browser-app is not built (${BACKEND_MAIN} is missing): run "npm run build" first.`);
        }
    },
    async beforeEach(this: Mocha.Context): Promise<void> {
        this.timeout(30000);
        const suite = this.currentTest?.parent;
        await closeFinishedScopes(suite);
        if (suite) {
            const scope = suiteScopes.get(suite) ?? openScope();
            suiteScopes.set(suite, scope);
            scope.recording = true;
        }
    },
    // Root afterEach hooks run after the spec's own.
    afterEach(): void {
        suiteScopes.forEach(scope => { scope.recording = false; });
    },
    async afterAll(this: Mocha.Context): Promise<void> {
        this.timeout(30000);
        await closeFinishedScopes();
        await closeSharedBrowser();
        await stopAllBackends();
    }
};
