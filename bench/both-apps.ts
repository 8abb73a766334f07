// Two backends side by side for the cost benches and tools, both stopped afterwards whatever fails (a failed second
// start included). withBothApps, the attribution tools' setting (idle-profile.ts, startup-profile.ts): our browser-app
// and bench/stock-app, the module start lines of both development bundles, the browser closed afterwards too.
import * as fs from 'fs';
import * as path from 'path';
import { RunningBackend, startBackend } from '../test/helpers/theia-backend';
import { closeSharedBrowser } from '../test/helpers/chromium';
import { BROWSER_APP, STOCK_APP, STOCK_BACKEND_MAIN } from '../test/helpers/paths';
import { moduleStarts } from './profile-attribution';

export interface BothApps {
    ours: RunningBackend;
    stock: RunningBackend;
    ourStarts: { line: number; module: string }[];
    stockStarts: { line: number; module: string }[];
}

/** Backends of `oursMain` (default: our browser-app) and `stockMain`, for `run`; both stopped afterwards. */
export async function withTwoBackends<T>(oursMain: string | undefined, stockMain: string, run: (ours: RunningBackend, stock: RunningBackend) => Promise<T>): Promise<T> {
    let ours: RunningBackend | undefined;
    let stock: RunningBackend | undefined;
    try {
        ours = await startBackend({ main: oursMain });
        stock = await startBackend({ main: stockMain });
        return await run(ours, stock);
    } finally {
        await Promise.allSettled([ours?.stop(), stock?.stop()]);
    }
}

export async function withBothApps(run: (apps: BothApps) => Promise<void>): Promise<void> {
    try {
        await withTwoBackends(undefined, STOCK_BACKEND_MAIN, (ours, stock) => {
            const starts = (app: string) => moduleStarts(fs.readFileSync(path.join(app, 'lib', 'frontend', 'bundle.js'), 'utf8'));
            return run({ ours, stock, ourStarts: starts(BROWSER_APP), stockStarts: starts(STOCK_APP) });
        });
    } finally {
        await closeSharedBrowser();
    }
}
