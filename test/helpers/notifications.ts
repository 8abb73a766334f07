// Counts the notification toasts a tab shows from a mark on: a MutationObserver in the page records the text of every
// toast that appears (so one that comes and goes between two polls is counted too).
import { Page } from 'playwright-core';

export const TOAST = '.theia-notification-toasts .theia-notification-list-item';

/** From now on, records the message text of every toast that was not on screen at this moment. */
export async function recordNewToasts(page: Page): Promise<void> {
    await page.evaluate(() => {
        const w = window as unknown as { __shToasts: string[]; __shToastsBefore: Set<string>; __shToastsObserver?: MutationObserver };
        w.__shToastsObserver?.disconnect();
        const texts = () => Array.from(document.querySelectorAll('.theia-notification-toasts .theia-notification-list-item .theia-notification-message'))
            .map(e => e.textContent ?? '');
        w.__shToastsBefore = new Set(texts());
        w.__shToasts = [];
        const scan = () => {
            for (const text of texts()) {
                if (!w.__shToastsBefore.has(text) && !w.__shToasts.includes(text)) {
                    w.__shToasts.push(text);
                }
            }
        };
        w.__shToastsObserver = new MutationObserver(scan);
        w.__shToastsObserver.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
}

/** The distinct toast texts that appeared since recordNewToasts(). */
export async function newToasts(page: Page): Promise<string[]> {
    return page.evaluate(() => (window as unknown as { __shToasts: string[] }).__shToasts.slice());
}

/** Waits until every fact of the restart onto `instanceId` is told (the restart notifier's mark on <body>). */
export async function waitForRestartSettled(page: Page, instanceId: string, timeoutMs: number): Promise<void> {
    await page.waitForFunction(id => document.body.dataset.sessionHealthRestartSettled === id, instanceId, { timeout: timeoutMs });
}
