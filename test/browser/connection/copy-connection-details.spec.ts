// "Copy connection details" in real Chromium against the real backend, through a TCP proxy that records the sid
// on the wire: the clipboard gets the short sid and its SHA-256, never the live sid (a pasted live sid skips
// Theia's cookie check and can drive the polling session).
import { expect } from 'chai';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { TcpProxy } from '../../helpers/tcp-proxy';
import { CONNECTION_ITEM, IdePage, openIde } from '../../helpers/ide-page';
import { sha256Hex } from '../../../src/common/shared/sha256';

describe('browser: Copy connection details', function (): void {
    this.timeout(120000);
    let backend: RunningBackend | undefined;
    let proxy: TcpProxy | undefined;
    let ide: IdePage | undefined;

    after(async () => {
        await ide?.close();
        await proxy?.close();
        await backend?.stop();
    });

    it('copies the short sid and its hash; the live sid is nowhere in the clipboard or the dialog', async () => {
        backend = await startBackend();
        proxy = new TcpProxy(backend.port);
        await proxy.listen();
        ide = await openIde(proxy.url);
        const page = ide.page;
        await ide.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: proxy.url });
        await ide.waitForState('connected', 30000);
        await page.locator(CONNECTION_ITEM).click();
        // the item's hover (a tall tooltip) would stay over the view while the pointer rests on the item
        await page.mouse.move(640, 100);
        await page.waitForFunction(() => document.querySelector('.session-health-details td[data-field="backend-sid-hash"]')?.textContent !== 'unknown', undefined, { timeout: 15000 });
        await page.evaluate(() => navigator.clipboard.writeText(''));
        await page.locator('.session-health-copy').click();
        await page.waitForFunction(() => navigator.clipboard.readText().then(t => t.startsWith('State: ')), undefined, { timeout: 10000 });
        const copied = await page.evaluate(() => navigator.clipboard.readText());
        const dialog = await page.locator('.session-health-details').textContent() ?? '';

        const wireSid = proxy.requestSids[proxy.requestSids.length - 1];
        expect(wireSid).to.match(/^[\w-]{20}$/);
        expect(copied).to.contain(`Session id (sid): ${wireSid.slice(0, 8)}… (SHA-256 ${sha256Hex(wireSid)})`);
        expect(copied).to.contain(`Session id seen by the backend: ${wireSid.slice(0, 8)}… (SHA-256 ${sha256Hex(wireSid)})`);
        for (const sid of new Set(proxy.requestSids)) {
            expect(copied, 'clipboard').to.not.contain(sid);
            expect(dialog, 'dialog').to.not.contain(sid);
        }
    });
});
