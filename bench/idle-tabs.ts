// Tabs for the idle-cost benches (issue 28): a stock Theia tab (bench/stock-app) ready when its workbench is, and the
// DevTools readings both sides are measured with (TaskDuration: main-thread time; WebSocket frame payload bytes).
import { CDPSession, Page } from 'playwright-core';
import { sharedBrowser } from '../test/helpers/chromium';

export interface Tab { page: Page; close(): Promise<void> }

/** Theia's shell is attached and the preloader gone: what both apps show when the workbench is ready. */
export const WORKBENCH_READY = '#theia-app-shell';

export async function openStockTab(url: string): Promise<Tab> {
    const context = await (await sharedBrowser()).newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(url, { timeout: 180_000 });
    await page.locator('#theia-statusBar').waitFor({ timeout: 180_000 });
    return { page, close: () => context.close() };
}

/** Main-thread time and WebSocket payload bytes of one tab, read over a window. */
export class TabMeter {
    protected bytes = 0;

    protected constructor(protected readonly cdp: CDPSession) {
        cdp.on('Network.webSocketFrameSent', e => this.bytes += e.response.payloadData.length);
        cdp.on('Network.webSocketFrameReceived', e => this.bytes += e.response.payloadData.length);
    }

    static async attach(page: Page): Promise<TabMeter> {
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Performance.enable');
        await cdp.send('Network.enable');
        return new TabMeter(cdp);
    }

    async read(): Promise<{ taskMs: number; bytes: number; at: number }> {
        const metrics = (await this.cdp.send('Performance.getMetrics')).metrics;
        return { taskMs: (metrics.find(m => m.name === 'TaskDuration')?.value ?? 0) * 1000, bytes: this.bytes, at: Date.now() };
    }

    async detach(): Promise<void> {
        await this.cdp.detach().catch(() => undefined);
    }
}
