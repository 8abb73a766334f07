// Two backends behind Debian's nginx with plain round-robin (no session affinity): the tab names the cause.
import { expect } from 'chai';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { RunningProxy, startNginx } from '../../helpers/probe-proxies';
import { sharedBrowser } from '../../helpers/chromium';
import { BrowserContext } from 'playwright-core';

describe('browser: a load balancer without session affinity', function (): void {
    this.timeout(120000);
    const backends: RunningBackend[] = [];
    let nginx: RunningProxy | undefined;
    let context: BrowserContext | undefined;

    before(async () => {
        backends.push(await startBackend(), await startBackend());
        nginx = await startNginx(`
    upstream theia { ${backends.map(b => `server 127.0.0.1:${b.port};`).join(' ')} }
    server {
        listen 127.0.0.1:PORT;
        location / {
            proxy_pass http://theia;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_read_timeout 3600s;
        }
    }`);
    });
    after(async () => {
        await context?.close();
        await nginx?.stop();
        await Promise.all(backends.map(b => b.stop()));
    });

    it('shows "no session affinity" with the fix', async () => {
        context = await (await sharedBrowser()).newContext();
        const page = await context.newPage();
        await page.goto(nginx!.url);
        // Every connection is refused, so Theia never gets past its loading screen: the cause is shown there.
        const banner = page.locator('#session-health-startup-banner[data-cause="no-session-affinity"]');
        await banner.waitFor({ timeout: 60000 });
        const text = await banner.textContent();
        expect(text).to.match(/no session affinity/);
        expect(text).to.match(/different IDE servers \(2 instances answered/);
        expect(text).to.match(/sessionAffinity/);
    });
});
