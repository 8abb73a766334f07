// Runs a command from Theia's command palette (F1), the way a user does.
import { Page } from 'playwright-core';

/** Opens the palette and types `label` until its row shows; Enter is left to the caller (who may time the command). */
export async function selectInPalette(page: Page, label: string): Promise<void> {
    const input = page.locator('.quick-input-widget input');
    // The first key press can land before the workbench has focus: retry until the palette shows.
    for (let i = 0; i < 20 && !(await input.isVisible()); i++) {
        await page.locator('#theia-main-content-panel, body').first().click({ position: { x: 5, y: 5 } }).catch(() => undefined);
        await page.keyboard.press('F1');
        await input.waitFor({ timeout: 1500 }).catch(() => undefined);
    }
    await input.waitFor({ timeout: 1000 });
    await page.keyboard.type(label);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: label.replace(/^.*: /, '') }).first().waitFor();
}

export async function runFromPalette(page: Page, label: string): Promise<void> {
    await selectInPalette(page, label);
    await page.keyboard.press('Enter');
}
