// Theia's display language set to German (as its "Configure Display Language" command sets it) in real Chromium
// against the real backend: the page is German, the connection item's text and aria label are German, the command
// palette finds a Session Health command by its German label and runs it, and the view shows German section titles,
// buttons and labels, the persistence report and the connection-path probe's findings (texts shared with the CLI) are German. The backend serves i18n/nls.de.json through the extension's LocalizationContribution.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { useProxiedIde } from '../../helpers/proxied-ide';
import { CONNECTION_ITEM } from '../../helpers/ide-page';
import { selectInPalette } from '../../helpers/command-palette';
import { REPO_ROOT } from '../../helpers/paths';

const de: Record<string, string> = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'i18n/nls.de.json'), 'utf8'));
const t = (key: string) => de[`theia-session-health/${key}`];
const VIEW = '#session-health-view';

describe('browser: Session Health in German (Theia display language "de")', function (): void {
    this.timeout(180000);
    const f = useProxiedIde({ locale: 'de' }, 60000);

    it('the page is German and the connection item reads German (aria label, offline text)', async () => {
        const page = f.ide.page;
        expect(await page.evaluate(() => document.documentElement.lang)).to.equal('de');
        // The accessible name starts with the visible text (WCAG 2.5.3), then says the state.
        await page.waitForFunction(([sel, label]) => document.querySelector(sel)?.getAttribute('aria-label')?.endsWith(label),
            [CONNECTION_ITEM, ', IDE-Verbindung verbunden'] as [string, string], { timeout: 10000 });
        f.proxy.blackhole();
        await f.ide.waitForState('offline', 30000);
        await page.waitForFunction(([sel, text]) => (document.querySelector(sel)?.textContent ?? '').includes(text),
            [CONNECTION_ITEM, t('connection/state.offline')] as [string, string], { timeout: 10000 });
        expect(t('connection/state.offline')).to.equal('Getrennt');
        const offlineLabel = await page.locator(CONNECTION_ITEM).getAttribute('aria-label') ?? '';
        expect(offlineLabel).to.match(/, IDE-Verbindung getrennt$/);
        expect(offlineLabel.startsWith((await page.locator(CONNECTION_ITEM).innerText()).trim()), offlineLabel).to.equal(true);
        f.proxy.restore();
        await f.ide.waitForState('connected', 60000);
    });

    it('the command palette lists a Session Health command by its German label, and it runs', async () => {
        const page = f.ide.page;
        const label = `${t('common/category')}: ${t('connection/showConnectionDetails')}`;
        expect(label).to.equal('Session Health: Verbindungsdetails anzeigen');
        await selectInPalette(page, label);
        const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Verbindungsdetails anzeigen' }).first();
        expect(await row.textContent()).to.contain('Verbindungsdetails anzeigen');
        await page.keyboard.press('Enter');
        await page.locator(VIEW).waitFor({ timeout: 20000 });
    });

    it('the view shows German section titles, buttons and labels', async () => {
        const page = f.ide.page;
        const titles = page.locator(`${VIEW} .session-health-section-title`);
        await page.waitForFunction(([sel, want]) => document.querySelector(sel)?.textContent === want,
            [`${VIEW} [data-section="connection"] .session-health-section-title`, t('connection/sectionTitle')] as [string, string], { timeout: 20000 });
        const shown = await titles.allTextContents();
        expect(shown).to.include.members(['Verbindung', 'Speicher', 'Persistenz', 'Verbindungsweg']);
        const view = page.locator(VIEW);
        expect(await view.locator('button', { hasText: 'Jetzt neu verbinden' }).count()).to.equal(1);
        expect(await view.locator('button', { hasText: 'Verbindungsdetails kopieren' }).count()).to.equal(1);
        expect(await view.getByText('Letzte Ereignisse, neueste zuerst').count()).to.equal(1);
        expect(await view.locator('select[aria-label="Ereignisse dieser Art anzeigen"]').count()).to.equal(1);
        expect(await view.getByText('Zustand', { exact: true }).count()).to.be.at.least(1);
    });

    it('the persistence check\'s report is German: its headline and step titles (texts the CLI prints in English)', async () => {
        const page = f.ide.page;
        await page.locator(`${VIEW} .session-health-run-persistence`).click();
        const verdict = page.locator(`${VIEW} .persistence-verdict[data-verdict]`);
        await verdict.waitFor({ timeout: 30000 });
        expect(await verdict.textContent()).to.match(/^Persistenzprüfung von \S+: (PASS: Der Arbeitsbereich behält seine Dateien|WARN: erste Warnung|FAIL: erster fehlgeschlagener Schritt)/);
        expect(await page.locator(`${VIEW} .persistence-step[data-step="write-probe"]`).textContent()).to.include('Schreibprobe');
        expect(await page.locator(`${VIEW} .persistence-step[data-step="classification"]`).textContent()).to.include('Speicherklassifizierung');
    });

    it('the Connection path section shows the probe\'s findings and the monitor\'s notes in German after "Diagnose again"', async () => {
        const page = f.ide.page;
        const section = page.locator(`${VIEW} .session-health-probe-section`);
        const done = section.locator('.session-health-probe-status[data-state="done"]');
        await section.locator('button.session-health-diagnose', { hasText: t('probe/diagnoseButton') }).click();
        await done.waitFor({ timeout: 60000 });
        // The second run is done when the handshake step shows another (hidden) sid: every run makes its own session.
        const handshake = section.locator('.probe-steps [data-step="handshake"]');
        const before = await handshake.textContent();
        expect(before).to.match(/sha256:/);
        await section.locator('button.session-health-diagnose', { hasText: t('probe/diagnoseAgainButton') }).click();
        await page.waitForFunction(([sel, old]) => {
            const line = document.querySelector(`${sel} .probe-steps [data-step="handshake"]`)?.textContent;
            return !!line && line !== old && !!document.querySelector(`${sel} .session-health-probe-status[data-state="done"]`);
        }, [`${VIEW} .session-health-probe-section`, before] as [string, string | null], { timeout: 60000 });
        // Every finding's title is one of the German titles (the words before its first placeholder), none English.
        const germanTitles = Object.entries(de).filter(([k]) => k.startsWith('theia-session-health/probe/finding.')).map(([, v]) => v.split('{')[0])
            .filter(g => g.length > 3);
        const findings = section.locator('.probe-finding');
        expect(await findings.count()).to.be.at.least(1);
        for (const text of await findings.allTextContents()) {
            const title = text.slice(text.indexOf(' — ') + 3);
            expect(germanTitles.some(g => title.startsWith(g)), text).to.equal(true);
        }
        if (await section.locator('.probe-finding[data-code="OK"]').count()) {
            expect(await section.locator('.probe-finding[data-code="OK"]').textContent()).to.include(t('probe/finding.ok'));
        }
        // the step lines are German too (the CLI prints `upgrades [...]`)
        expect(await handshake.textContent()).to.contain(', Upgrades [');
        const notes = await section.locator('.probe-monitor li').allTextContents();
        expect(notes.length).to.be.at.least(2);
        expect(notes[0]).to.match(/^Die eigene Verbindung der IDE /);
        expect(notes.join(' ')).to.not.match(/The IDE's own connection|reconnected/);
    });
});
