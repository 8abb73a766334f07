// `Session Health: Diagnose Connection Path` in real Chromium: the same probe from the browser, against its own origin.
import { expect } from 'chai';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { IdePage, openIde } from '../../helpers/ide-page';
import { RunningProxy, startNginx } from '../../helpers/probe-proxies';

async function diagnose(ide: IdePage): Promise<{ codes: string[]; steps: string[]; notes: string }> {
    const page = ide.page;
    // The first key press can land before the workbench has focus: retry until the palette shows.
    const input = page.locator('.quick-input-widget input');
    for (let i = 0; i < 20 && !(await input.isVisible()); i++) {
        await page.locator('#theia-main-content-panel, body').first().click({ position: { x: 5, y: 5 } }).catch(() => undefined);
        await page.keyboard.press('F1');
        await input.waitFor({ timeout: 1500 }).catch(() => undefined);
    }
    if (!(await input.isVisible())) {
        await page.screenshot({ path: '.test-tmp/probe-palette-failure.png' });
    }
    await input.waitFor({ timeout: 1000 });
    await page.keyboard.type('Diagnose Connection Path');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Diagnose Connection Path' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.session-health-probe .probe-findings[data-state="done"]').waitFor({ timeout: 30000 });
    const codes = await page.locator('.session-health-probe .probe-finding').evaluateAll(els => els.map(e => (e as HTMLElement).dataset.code!));
    const steps = await page.locator('.session-health-probe .probe-step').allTextContents();
    const notes = await page.locator('.session-health-probe .probe-monitor').textContent() ?? '';
    return { codes, steps, notes };
}

describe('browser: Diagnose Connection Path', function (): void {
    this.timeout(120000);
    let backend: RunningBackend;
    let ide: IdePage | undefined;
    const proxies: RunningProxy[] = [];

    before(async () => {
        backend = await startBackend();
    });
    afterEach(async () => {
        await ide?.close();
        ide = undefined;
    });
    after(async () => {
        await Promise.all(proxies.map(p => p.stop()));
        await backend?.stop();
    });

    it('behind a well-configured nginx under a /theia/ prefix: OK, every step run from the page', async () => {
        const p = await startNginx(`server { listen 127.0.0.1:PORT; location /theia/ { proxy_pass http://127.0.0.1:${backend.port}/;
            proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade; proxy_set_header Host $http_host; } }`);
        proxies.push(p);
        ide = await openIde(p.url + 'theia/');
        await ide.waitForState('connected', 30000);
        const r = await diagnose(ide);
        expect(r.codes, r.steps.join('\n')).to.deep.equal(['OK']);
        expect(r.steps.map(s => s.trim().split(/\s+/)[1])).to.include.members(['health', 'ready', 'page', 'handshake', 'sticky', 'fresh-handshakes', 'websocket-upgrade', 'websocket-only']);
        expect(r.notes).to.contain('uses a WebSocket');
    });

    it('behind an nginx that drops the upgrade: WEBSOCKET_UPGRADE_BLOCKED, and the monitor says the IDE is stuck on polling', async () => {
        const p = await startNginx(`server { listen 127.0.0.1:PORT; location / { proxy_pass http://127.0.0.1:${backend.port}; proxy_set_header Host $http_host; } }`);
        proxies.push(p);
        ide = await openIde(p.url);
        await ide.waitForState('polling', 30000);
        const r = await diagnose(ide);
        expect(r.codes, r.steps.join('\n')).to.deep.equal(['WEBSOCKET_UPGRADE_BLOCKED']);
        expect(r.notes).to.contain('long-polling since it started');
    });
});
