// Issue 24 §4: an axe-core scan (@axe-core/playwright) of this extension's status items and the open Session Health
// view, in the dark, light and high-contrast themes: no serious or critical violation. The theme is switched the way a
// user does it, through the user setting workbench.colorTheme (Theia applies a changed settings file live).
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { runFromPalette } from '../../helpers/command-palette';
import { IdePage, openIde } from '../../helpers/ide-page';
import { TEST_TMP } from '../../helpers/paths';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';

/** Theme id → the class Theia's Monaco theming puts on <body> for its type. */
const THEMES: [string, string][] = [['dark', 'vs-dark'], ['light', 'vs'], ['hc-theia', 'hc-black']];
const SCANNED = ['#status-bar-session-health-connection', '#status-bar-session-health-storage', '#session-health-view'];

describe('browser: accessibility of the status items and the Session Health view (axe-core)', function (): void {
    this.timeout(240000);
    const config = path.join(TEST_TMP, `a11y-config-${process.pid}`);
    let backend: RunningBackend | undefined;
    let ide: IdePage | undefined;

    before(async () => {
        fs.mkdirSync(config, { recursive: true });
        fs.writeFileSync(path.join(config, 'settings.json'), JSON.stringify({ 'workbench.colorTheme': 'dark' }));
        backend = await startBackend({ env: { THEIA_CONFIG_DIR: config, KUBERNETES_SERVICE_HOST: '' } });
        ide = await openIde(backend.url);
        await ide.waitForState('connected', 60000);
        await ide.page.locator('.theia-preload').waitFor({ state: 'detached', timeout: 60000 });
        await runFromPalette(ide.page, 'View: Toggle Session Health');
        await ide.page.locator('#session-health-view [data-section="connection"]').waitFor({ timeout: 30000 });
    });
    after(async () => {
        await ide?.close();
        await backend?.stop();
        fs.rmSync(config, { recursive: true, force: true });
    });

    for (const [theme, bodyClass] of THEMES) {
        it(`${theme}: no serious or critical violation in the status items and the open view`, async () => {
            const page = ide!.page;
            fs.writeFileSync(path.join(config, 'settings.json'), JSON.stringify({ 'workbench.colorTheme': theme }));
            await page.waitForFunction(c => document.body.classList.contains(c), bodyClass, { timeout: 30000 });
            for (const selector of SCANNED) {
                expect(await page.locator(selector).count(), `${selector} is on the page`).to.equal(1);
            }
            let builder = new AxeBuilder({ page });
            for (const selector of SCANNED) {
                builder = builder.include(selector);
            }
            const result = await builder.analyze();
            const bad = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
            const described = bad.map(v => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map(n => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n')}`);
            console.log(`      ${theme}: ${result.passes.length} rules passed, ${result.violations.length} violations (${bad.length} serious or critical)`);
            expect(bad, described.join('\n')).to.deep.equal([]);
        });
    }
});
