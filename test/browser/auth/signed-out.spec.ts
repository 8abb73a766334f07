// Signed out is not offline (#25), with real parts: the real backend behind a real nginx `auth_request` proxy with an
// oauth2-proxy-like auth service (test/helpers/auth-proxy.ts), in Debian's Chromium, with an unsaved edit open. The
// sign-in cookie expires, nginx reloads (its old worker closes the WebSocket), and every reconnect meets the proxy.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { Page } from 'playwright-core';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { AuthProxyStyle, RunningAuthProxy, startAuthProxy } from '../../helpers/auth-proxy';
import { RunningNginx, startNginx } from '../../helpers/probe-proxies';
import { CONNECTION_ITEM, IdePage, openIde } from '../../helpers/ide-page';
import { TEST_TMP } from '../../helpers/paths';
import { readStored, sampleValue } from '../../helpers/reports-fixtures';
import { TOAST } from '../../helpers/notifications';
import { typeInNotesUnsaved } from '../journal/journal-page';

const ADMIN = 'signed-out-admin';
const DIRTY_TAB = '.lm-TabBar-tab.theia-mod-dirty, .p-TabBar-tab.theia-mod-dirty';
const NOTICE = 'Your sign-in to the IDE has expired. Sign in again; your unsaved work is kept in this browser.';

interface Recorded { states: { state: string; at: number }[]; causes: string[] }

describe('browser: signed out behind an authenticating proxy (#25)', function (): void {
    this.timeout(300000);
    let backend: RunningBackend | undefined;
    let proxy: RunningAuthProxy | undefined;
    let nginx: RunningNginx | undefined;
    let ide: IdePage | undefined;
    let workspace: string;
    let dataDir: string;

    beforeEach(() => {
        fs.mkdirSync(TEST_TMP, { recursive: true });
        workspace = fs.mkdtempSync(path.join(TEST_TMP, 'signed-out-ws-'));
        dataDir = fs.mkdtempSync(path.join(TEST_TMP, 'signed-out-data-'));
        fs.writeFileSync(path.join(workspace, 'notes.txt'), 'first line\n');
    });
    afterEach(async () => {
        await ide?.close().catch(() => undefined);
        ide = undefined;
        await proxy?.stop();
        proxy = undefined;
        await nginx?.stop();
        nginx = undefined;
        await backend?.stop();
        backend = undefined;
        fs.rmSync(workspace, { recursive: true, force: true });
        fs.rmSync(dataDir, { recursive: true, force: true });
    });

    /** The backend, the proxy in `style`, and the IDE opened through the proxy's sign-in (a top-level navigation). */
    async function start(style: AuthProxyStyle): Promise<Page> {
        backend = await startBackend({ workspace, env: { SESSION_HEALTH_DATA_DIR: dataDir, SESSION_HEALTH_ADMIN_TOKEN: ADMIN } });
        proxy = await startAuthProxy({ backendPort: backend.port, style, cookieLifetimeMs: 600000 });
        ide = await openIde(`${proxy.url}oauth2/start?rd=%2F`);
        await ide.waitForState('connected', 60000);
        await watchStates(ide.page);
        return ide.page;
    }

    /** Expires every sign-in and reloads nginx; returns when the first reconnect attempt after that was sent. */
    async function expireAndDrop(page: Page): Promise<{ firstAttemptAt: () => number | undefined }> {
        let first: number | undefined;
        const note = (url: string) => {
            if (first === undefined && /\/socket\.io\/\?/.test(url) && !/[?&]sid=/.test(url)) {
                first = Date.now();
            }
        };
        page.on('request', r => note(r.url()));
        page.on('websocket', ws => note(ws.url()));
        proxy!.expireCookies();
        proxy!.reload();
        return { firstAttemptAt: () => first };
    }

    it('Sign in: signed out within 5 s of the refused reconnect, sign in in a new window, connected within 2 s without a reload', async () => {
        const page = await start('redirect');
        const editor = await typeInNotesUnsaved(page, 'signed out words 25');
        const tabId = await page.evaluate(() => (window as unknown as { __sessionHealthReports: { tabId: string } }).__sessionHealthReports.tabId);
        await page.evaluate(() => { (window as unknown as { __marker: number }).__marker = 1; });
        let navigations = 0;
        page.on('framenavigated', f => f === page.mainFrame() && navigations++);

        const drop = await expireAndDrop(page);
        const signedOutAt = await reachedAt(page, 'signed-out', Date.now(), 30000);
        const firstAttemptAt = drop.firstAttemptAt();
        expect(firstAttemptAt, 'a reconnect attempt was seen').to.be.a('number');
        const detectMs = signedOutAt - firstAttemptAt!;
        console.log(`      signed-out ${detectMs} ms after the first reconnect attempt`);
        expect(detectMs).to.be.at.most(5000);

        // one notification, plain text, Sign in and Reload
        const notice = page.locator(TOAST).filter({ hasText: 'Your sign-in to the IDE has expired' });
        await notice.first().waitFor({ timeout: 10000 });
        expect(await notice.count()).to.equal(1);
        expect((await notice.locator('.theia-notification-message').textContent())?.trim()).to.equal(NOTICE);
        expect(await notice.locator('.theia-notification-buttons button').allTextContents()).to.deep.equal(['Sign in', 'Reload']);

        // the item: "Signed out", in warning colours of the theme
        expect(await page.locator(CONNECTION_ITEM).textContent()).to.contain('Signed out');
        expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--theia-sessionHealth-state-signedOutStatusBar-background').trim()))
            .to.not.equal('');

        // Sign in opens a new window; the proxy takes it through its sign-in (a top-level navigation) and back
        const signedIn = nextSignIn(proxy!);
        const popupOpened = ide!.context.waitForEvent('page');
        await notice.locator('button', { hasText: 'Sign in' }).click();
        const popup = await popupOpened;
        const signedInAt = await signedIn;
        const connectedMs = await reachedAt(page, 'connected', signedInAt, 30000) - signedInAt;
        const after = (await recorded(page)).states.filter(e => e.at >= signedOutAt).map(e => `${e.state}@${e.at - signedInAt}`).join(' ');
        console.log(`      connected ${connectedMs} ms after the sign-in completed in the other window (states, ms after it: ${after})`);
        expect(connectedMs).to.be.at.most(2000);
        await popup.close();

        // no reload: same document, no navigation, the edit intact and still unsaved; the notification is gone
        expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).to.equal(1);
        expect(navigations).to.equal(0);
        expect(normalize(await editor.textContent())).to.match(/signed out words 25/);
        await page.locator(DIRTY_TAB).first().waitFor({ timeout: 5000 });
        await notice.first().waitFor({ state: 'detached', timeout: 5000 });
        expect((await recorded(page)).states.map(s => s.state)).to.include('signed-out');

        // Theia's services are back: saving writes the file
        await editor.click();
        await page.keyboard.press('Control+S');
        await eventually(() => fs.readFileSync(path.join(workspace, 'notes.txt'), 'utf8').includes('signed out words 25'), 30000, 'the save reached the disk');

        // the view: the chart has the signed-out band, the timeline the state change
        await page.locator(CONNECTION_ITEM).click();
        await page.waitForFunction(sel => (document.querySelector(sel)?.getAttribute('data-bands') ?? '').split(' ').includes('signed-out'),
            '#session-health-view .session-health-chart', { timeout: 10000 });
        expect(await page.locator('[data-section="connection"] .session-health-timeline').textContent()).to.match(/→ Signed out: Your sign-in to the IDE has expired/);
        if (process.env.SIGNED_OUT_TRACE) {
            const rows = await page.locator('[data-section="connection"] .session-health-timeline li').evaluateAll(
                (lis, t) => lis.map(li => `${Number(li.getAttribute('data-at')) - (t as number)} ${li.getAttribute('data-kind')} ${li.querySelector('.message')?.textContent}`), signedInAt);
            console.log(rows.reverse().join('\n'));
        }

        // the records arrive once; the outage's disconnect and reconnect say signed-out; the metric counts it. (After
        // reconnecting to a backend that dropped this tab's context, Theia itself disconnects and connects once more to
        // renegotiate its channel: an `io client disconnect`, not part of the outage.)
        interface Debug { produced: string[]; queued(): number }
        await page.waitForFunction(() => (window as unknown as { __sessionHealthReports: Debug }).__sessionHealthReports.queued() === 0,
            undefined, { timeout: 30000, polling: 200 });
        const produced = await page.evaluate(() => (window as unknown as { __sessionHealthReports: Debug }).__sessionHealthReports.produced.slice());
        const mine = (await readStored(backend!.url, ADMIN)).filter(r => r.tabId === tabId);
        const ids = mine.map(r => r.id);
        expect(new Set(ids).size, 'each record stored once').to.equal(ids.length);
        expect([...ids].sort(), 'every produced record stored, nothing else').to.deep.equal([...produced].sort());
        const story = mine.map(r => `${r.type}${r.type === 'reconnect' || r.type === 'disconnect' ? JSON.stringify(r.fields) : ''}`).join(', ');
        const disconnects = mine.filter(r => r.type === 'disconnect');
        const reconnects = mine.filter(r => r.type === 'reconnect');
        expect(disconnects[0]?.fields.reason, story).to.equal('signed-out');
        expect(disconnects.filter(r => r.fields.reason === 'signed-out'), story).to.have.length(1);
        expect(reconnects[0]?.fields.reason, story).to.equal('signed-out');
        expect(reconnects.filter(r => r.fields.reason === 'signed-out'), story).to.have.length(1);
        const metrics = await (await fetch(`${backend!.url}/session-health/metrics`)).text();
        expect(sampleValue(metrics, 'session_health_disconnects_total{reason="signed-out"}')).to.equal(1);
    });

    it('Reload: writes the journal, goes through the sign-in, and the unsaved edit survives the round trip', async () => {
        const page = await start('redirect');
        await typeInNotesUnsaved(page, 'kept through sign in 9');
        await expireAndDrop(page);
        await reachedAt(page, 'signed-out', Date.now(), 30000);
        const notice = page.locator(TOAST).filter({ hasText: 'Your sign-in to the IDE has expired' });
        await notice.first().waitFor({ timeout: 10000 });
        const signIns = proxy!.stats.signIns;
        const reloaded = page.waitForEvent('load', { timeout: 60000 });
        await notice.locator('button', { hasText: 'Reload' }).click();
        await reloaded;
        expect(proxy!.stats.signIns, 'the reload went through the sign-in').to.equal(signIns + 1);
        await page.locator('.theia-notification-list-item').filter({ hasText: /Restored the unsaved changes of 1 editor/ }).first().waitFor({ timeout: 60000 });
        expect(normalize(await page.locator('.monaco-editor').first().textContent())).to.match(/kept through sign in 9/);
        await page.locator(DIRTY_TAB).first().waitFor({ timeout: 10000 });
        expect(fs.readFileSync(path.join(workspace, 'notes.txt'), 'utf8')).to.equal('first line\n');
    });

    for (const style of ['unauthorized', 'sign-in-page'] as const) {
        it(`a ${style === 'unauthorized' ? '401' : '200 HTML sign-in page'} answer is signed-out too`, async () => {
            const page = await start(style);
            const drop = await expireAndDrop(page);
            const signedOutAt = await reachedAt(page, 'signed-out', Date.now(), 30000);
            expect(signedOutAt - drop.firstAttemptAt()!).to.be.at.most(5000);
            expect((await recorded(page)).causes).to.include('signed-out');
            await page.locator(TOAST).filter({ hasText: 'Your sign-in to the IDE has expired' }).first().waitFor({ timeout: 10000 });
        });
    }

    it('Theia\'s own 403 (connection token) behind the proxy stays token refused, never signed out', async () => {
        const page = await start('redirect');
        // A stale token, and the instance route slowed down so that the first reconnect meets Theia's 403 before a
        // request of the tab renews the token (any HTTP request to Theia does).
        await ide!.context.addCookies([{ name: 'theia-connection-token', value: 'stale-token', url: proxy!.url }]);
        await ide!.context.route('**/session-health/instance', async route => {
            await new Promise(resolve => setTimeout(resolve, 1500));
            await route.continue().catch(() => undefined);
        });
        proxy!.reload();
        await eventuallyAsync(async () => (await recorded(page)).causes.includes('token-refused'), 30000, 'token refused was diagnosed');
        await ide!.context.unrouteAll({ behavior: 'ignoreErrors' });
        await reachedAt(page, 'connected', Date.now() - 60000, 30000);
        const seen = await recorded(page);
        expect(seen.states.map(s => s.state)).to.not.include('signed-out');
        expect(seen.causes).to.not.include('signed-out');
    });

    it('a 404 for the IDE\'s route at the proxy is "the session was ended by the platform", not signed out', async () => {
        backend = await startBackend({ workspace });
        const route = path.join(workspace, '..', `route-${path.basename(workspace)}.conf`);
        fs.writeFileSync(route, `location / { proxy_pass http://127.0.0.1:${backend.port}; proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade; proxy_set_header Host $http_host; }`);
        try {
            nginx = await startNginx(`server { listen 127.0.0.1:PORT; include ${route}; }`, { main: 'worker_shutdown_timeout 1s;' });
            ide = await openIde(nginx.url);
            await ide.waitForState('connected', 60000);
            const page = ide.page;
            await watchStates(page);
            // the platform removes the session's route
            fs.writeFileSync(route, 'location / { return 404; }');
            nginx.reload();
            await eventuallyAsync(async () => (await recorded(page)).causes.includes('session-ended'), 30000, 'session ended was diagnosed');
            await ide.waitForState('offline', 5000);
            const seen = await recorded(page);
            expect(seen.states.map(s => s.state)).to.not.include('signed-out');
            await page.locator('#status-bar-session-health-connection').hover();
            await page.locator('.theia-hover, .monaco-hover, [role="tooltip"]').filter({ hasText: 'The session was ended by the platform' })
                .first().waitFor({ timeout: 10000 });
        } finally {
            fs.rmSync(route, { force: true });
        }
    });
});

/**
 * Records the connection item's states (any `session-health-<state>` class, `signed-out` included: the shared
 * ide-page recorder predates it) and the diagnosed causes (`data-session-health-connection-cause` on <body>).
 */
async function watchStates(page: Page): Promise<void> {
    await page.evaluate(() => {
        const w = window as unknown as { __soStates: { state: string; at: number }[]; __soCauses: string[] };
        w.__soStates = [];
        w.__soCauses = [];
        const read = () => {
            const el = document.getElementById('status-bar-session-health-connection');
            const cls = el && Array.from(el.classList).find(c => c.startsWith('session-health-') && c !== 'session-health-item');
            const state = cls?.replace('session-health-', '');
            if (state && w.__soStates[w.__soStates.length - 1]?.state !== state) {
                w.__soStates.push({ state, at: Date.now() });
            }
            const cause = document.body.dataset.sessionHealthConnectionCause;
            if (cause && w.__soCauses[w.__soCauses.length - 1] !== cause) {
                w.__soCauses.push(cause);
            }
        };
        read();
        new MutationObserver(read).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class', 'data-session-health-connection-cause'] });
    });
}

async function recorded(page: Page): Promise<Recorded> {
    return page.evaluate(() => {
        const w = window as unknown as { __soStates: { state: string; at: number }[]; __soCauses: string[] };
        return { states: w.__soStates.slice(), causes: w.__soCauses.slice() };
    });
}

/** The page time at which the item entered `state` at or after `since`. */
async function reachedAt(page: Page, state: string, since: number, timeoutMs: number): Promise<number> {
    const handle = await page.waitForFunction(([s, t]) => {
        const w = window as unknown as { __soStates: { state: string; at: number }[] };
        return w.__soStates.find(e => e.state === s && e.at >= t)?.at;
    }, [state, since] as [string, number], { timeout: timeoutMs, polling: 50 }).catch(async e => {
        throw new Error(`not ${state} within ${timeoutMs} ms: ${JSON.stringify(await recorded(page).catch(() => undefined))} (${String(e).split('\n')[0]})`);
    });
    return await handle.jsonValue() as number;
}

/** Resolves with the time the auth service issues its next cookie (the sign-in completing), watched in-process. */
function nextSignIn(proxy: RunningAuthProxy): Promise<number> {
    const stats = proxy.stats;
    let value = stats.signIns;
    return new Promise(resolve => {
        Object.defineProperty(stats, 'signIns', {
            configurable: true, enumerable: true,
            get: () => value,
            set: (v: number) => {
                value = v;
                Object.defineProperty(stats, 'signIns', { value: v, writable: true, configurable: true, enumerable: true });
                resolve(Date.now());
            }
        });
    });
}

/** Monaco renders spaces as U+00A0. */
function normalize(text: string | null): string {
    return (text ?? '').replace(/\u00a0/g, ' ');
}

async function eventually(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    await eventuallyAsync(async () => check(), timeoutMs, what);
}

async function eventuallyAsync(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!await check()) {
        if (Date.now() > end) {
            throw new Error(`not within ${timeoutMs} ms: ${what}`);
        }
        await new Promise(resolve => setTimeout(resolve, 100));
    }
}
