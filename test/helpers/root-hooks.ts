import * as fs from 'fs';
import { BACKEND_MAIN } from './paths';
import { stopAllBackends } from './theia-backend';
import { closeSharedBrowser } from './chromium';

export const mochaHooks = {
    beforeAll(): void {
        if (!fs.existsSync(BACKEND_MAIN)) {
            throw new Error(`The browser-app is not built (${BACKEND_MAIN} is missing): run "npm run build" first.`);
        }
    },
    async afterAll(): Promise<void> {
        await closeSharedBrowser();
        await stopAllBackends();
    }
};
