// Issue 24 §2: the extension in an app that is not ours, installed from the packed tarball (test/helpers/adopter-app.ts:
// core, editor, file-search, filesystem, messages, monaco, preferences, workspace; no terminal, no navigator), in Chromium: the
// connection item, a silent drop seen within 3 s, a backend restart recovered without a reload, an unsaved edit back
// after a reload, the Session Health view, and no browser console error from this extension's modules. Once per Theia
// version of the matrix (test/helpers/theia-matrix.ts: the newest fully installable Theia and the newest patch of the
// oldest supported minor); on a Theia older than 1.73 the backend says once what it leaves out, and starts.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { adopterApp, AdopterApp } from '../../helpers/adopter-app';
import { compareVersions, theiaMatrix } from '../../helpers/theia-matrix';
import { runFromPalette } from '../../helpers/command-palette';
import { CONNECTION_ITEM, IdePage, openIde } from '../../helpers/ide-page';
import { TcpProxy } from '../../helpers/tcp-proxy';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { Page } from 'playwright-core';
import { DIRTY_TAB } from '../journal/journal-page';
import { OURS, withoutTheiaDuplicateOpens } from '../../helpers/console-errors';

/** Opens `name` with quick open (Ctrl+P, from @theia/file-search): the app has no file explorer. */
async function quickOpen(page: Page, name: string): Promise<void> {
    const input = page.locator('.quick-input-widget input');
    for (let i = 0; i < 20 && !(await input.isVisible()); i++) {
        await page.locator('#theia-main-content-panel, body').first().click({ position: { x: 5, y: 5 } }).catch(() => undefined);
        await page.keyboard.press('Control+P');
        await input.waitFor({ timeout: 1500 }).catch(() => undefined);
    }
    await page.keyboard.type(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click({ timeout: 30000 });
    await page.locator('.lm-TabBar-tab, .p-TabBar-tab', { hasText: name }).first().waitFor();
}


/** The backend's one line on a Theia without the connection-token cookie (src/node/json-post-body.ts). */
const OLDER_THEIA_LINE = /predates the connection-token cookie \(Theia 1\.73\)/g;

for (const theiaVersion of theiaMatrix().versions) {
    describe(`browser: an adopter app built from the packed tarball (Theia ${theiaVersion})`, function (): void {
        this.timeout(300000);
        let app: AdopterApp;
        let workspace: string;
        let backend: RunningBackend | undefined;
        let proxy: TcpProxy | undefined;
        let ide: IdePage | undefined;
        const consoleErrors: string[] = [];

        before(async function () {
            // Installing Theia from the registry (warm npm cache) and building it takes minutes on 2 cores.
            this.timeout(1500000);
            app = await adopterApp(theiaVersion);
            console.log(`      Theia ${theiaVersion}: npm install ${(app.installMs / 1000).toFixed(0)} s, theia build ${(app.buildMs / 1000).toFixed(0)} s`);
            workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-adopter-ws-'));
            fs.writeFileSync(path.join(workspace, 'notes.txt'), 'first line\n');
            backend = await startBackend({ main: app.backendMain, workspace });
            proxy = new TcpProxy(backend.port);
            await proxy.listen();
            ide = await openIde(proxy.url);
            ide.page.on('console', m => {
                // Chromium logs every failed request as a console error ("Failed to load resource"): the instance route
                // polled while the backend is down (the restart test) is the network's doing, not an error of a module.
                if (m.type() === 'error' && !m.text().startsWith('Failed to load resource:')) {
                    consoleErrors.push(`${m.text()} @ ${m.location().url}`);
                }
            });
            ide.page.on('pageerror', e => consoleErrors.push(`pageerror: ${e.message}\n${e.stack ?? ''}`));
        });
        after(async () => {
            await ide?.close();
            await proxy?.close();
            await backend?.stop();
            if (workspace) {
                fs.rmSync(workspace, { recursive: true, force: true });
            }
        });

        it('is the extension from the tarball, in an app without terminal or navigator', () => {
            const installed = path.join(app.dir, 'node_modules', 'theia-session-health');
            expect(fs.lstatSync(installed).isSymbolicLink(), 'installed, not linked').to.equal(false);
            expect(fs.existsSync(path.join(app.dir, 'node_modules', '@theia', 'terminal')), '@theia/terminal').to.equal(false);
            expect(fs.existsSync(path.join(app.dir, 'node_modules', '@theia', 'navigator')), '@theia/navigator').to.equal(false);
            expect(fs.realpathSync(app.backendMain).startsWith(fs.realpathSync(app.dir))).to.equal(true);
            const core = JSON.parse(fs.readFileSync(path.join(app.dir, 'node_modules', '@theia', 'core', 'package.json'), 'utf8')) as { version: string };
            expect(core.version, 'the Theia the app runs').to.equal(theiaVersion);
        });

        it(compareVersions(theiaVersion, '1.73.0') < 0
            ? 'the backend started and said once what needs Theia 1.73 (the connection-token cookie); the POST route is there'
            : 'the backend has nothing to say about an older Theia; the POST route is there', async () => {
            const lines = backend!.output().match(OLDER_THEIA_LINE) ?? [];
            expect(lines.length).to.equal(compareVersions(theiaVersion, '1.73.0') < 0 ? 1 : 0);
            // The report route answers from the page (our JSON reason for a bad body, before any other body parser).
            const answer = await ide!.page.evaluate(async () => {
                const res = await fetch('session-health/reports', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' });
                return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
            });
            expect(answer.status, answer.body).to.equal(400);
            expect(answer.type).to.contain('application/json');
            expect(JSON.parse(answer.body)).to.have.property('reason');
        });

        it('shows connected, and a silent drop as offline within 3 s', async () => {
            await ide!.waitForState('connected', 60000);
            await ide!.page.waitForFunction(sel => /WebSocket · \d+ ms/.test(document.querySelector(sel)?.textContent ?? ''), CONNECTION_ITEM, { timeout: 30000 });
            const droppedAt = Date.now();
            proxy!.blackhole();
            const detectedMs = await ide!.msUntilState('offline', droppedAt, 15000);
            console.log(`      silent drop shown as offline after ${detectedMs} ms`);
            expect(detectedMs).to.be.at.most(3000);
            proxy!.restore();
            await ide!.waitForState('connected', 30000);
        });

        it('recovers a backend restart without a reload, keeping an unsaved edit; the edit is back after a reload too', async () => {
            const page = ide!.page;
            await quickOpen(page, 'notes.txt');
            const editor = page.locator('.monaco-editor').first();
            await editor.click();
            await page.keyboard.press('Control+End');
            await page.keyboard.type('adopter words 24');
            await page.locator(DIRTY_TAB).first().waitFor({ timeout: 10000 });
            await page.evaluate(() => { (window as unknown as { __marker: number }).__marker = 1; });

            const port = backend!.port;
            const killedAt = Date.now();
            await backend!.stop();
            await ide!.msUntilState(['offline', 'reconnecting'], killedAt, 30000);
            const restartedAt = Date.now();
            backend = await startBackend({ main: app.backendMain, workspace, port });
            const recoveredMs = await ide!.msUntilState('connected', restartedAt, 60000);
            console.log(`      connected again ${recoveredMs} ms after the restart began`);
            expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker), 'no reload').to.equal(1);
            expect((await editor.textContent() ?? '').replace(/\u00a0/g, ' ')).to.contain('adopter words 24');

            page.on('dialog', d => d.accept().catch(() => undefined));
            await page.reload();
            await page.locator(CONNECTION_ITEM).waitFor({ timeout: 90000 });
            await page.locator(DIRTY_TAB).first().waitFor({ timeout: 60000 });
            const restored = page.locator('.monaco-editor').first();
            await page.waitForFunction(() => (document.querySelector('.monaco-editor')?.textContent ?? '').replace(/\u00a0/g, ' ').includes('adopter words 24'),
                undefined, { timeout: 30000 });
            expect((await restored.textContent() ?? '').replace(/\u00a0/g, ' ')).to.contain('adopter words 24');
            expect(fs.readFileSync(path.join(workspace, 'notes.txt'), 'utf8'), 'nothing was saved').to.equal('first line\n');
        });

        it('opens the Session Health view, and no console error came from this extension', async () => {
            await runFromPalette(ide!.page, 'View: Toggle Session Health');
            await ide!.page.locator('#session-health-view [data-section="connection"]').waitFor({ timeout: 30000 });
            const ours = withoutTheiaDuplicateOpens(consoleErrors).filter(e => OURS.test(e));
            expect(ours, ours.join('\n')).to.deep.equal([]);
        });
    });
}
