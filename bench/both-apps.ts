// The attribution tools' setting (idle-profile.ts, startup-profile.ts): a backend of our browser-app and one of
// bench/stock-app, the module start lines of both development bundles, all stopped (browser included) afterwards.
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

export async function withBothApps(run: (apps: BothApps) => Promise<void>): Promise<void> {
    const ours = await startBackend();
    const stock = await startBackend({ main: STOCK_BACKEND_MAIN });
    try {
        const starts = (app: string) => moduleStarts(fs.readFileSync(path.join(app, 'lib', 'frontend', 'bundle.js'), 'utf8'));
        await run({ ours, stock, ourStarts: starts(BROWSER_APP), stockStarts: starts(STOCK_APP) });
    } finally {
        await ours.stop();
        await stock.stop();
        await closeSharedBrowser();
    }
}
