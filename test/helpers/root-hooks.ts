import * as fs from 'fs';
import { BACKEND_MAIN } from './paths';
import { stopAllBackends } from './theia-backend';
import { closeSharedBrowser } from './chromium';
import { describeProcess, openScope, ProcessScope } from './processes';

/** Open while a test runs (from the first beforeEach to the last afterEach): what the test spawned is stopped with it. */
let testScope: ProcessScope | undefined;

export const mochaHooks = {
    beforeAll(): void {
        if (!fs.existsSync(BACKEND_MAIN)) {
            throw new Error(`The browser-app is not built (${BACKEND_MAIN} is missing): run "npm run build" first.`);
        }
    },
    beforeEach(): void {
        testScope = openScope();
    },
    // Root afterEach hooks run after the spec's own: a backend, nginx, haproxy or prometheus started in the test's body
    // or beforeEach and not stopped (the test failed half way, or reassigned its variable) is stopped here.
    async afterEach(this: Mocha.Context): Promise<void> {
        this.timeout(30000);
        const left = await testScope?.close() ?? [];
        testScope = undefined;
        if (left.length) {
            console.log(`      note: stopped ${left.length} process(es) the test left running: ${left.map(describeProcess).join('; ')}`);
        }
    },
    async afterAll(): Promise<void> {
        await closeSharedBrowser();
        await stopAllBackends();
    }
};
