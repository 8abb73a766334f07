// Issue 23: "nothing leaves the browser unless you restore it", measured. Every request the IDE's pages send (URLs,
// HTTP bodies, including engine.io polling posts and beacons) and every WebSocket frame they send is recorded while a
// marker is typed and kept unsaved, another file is typed and saved on an ephemeral disk (so the journal also keeps
// a copy of it), and the page reloads and restores the unsaved text. The unsaved marker is in none of them; the
// saved marker goes out with the save (the recorder sees editor text when it is sent) and never again after it.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { BrowserContext, Page } from 'playwright-core';
import { RunningBackend } from '../../helpers/theia-backend';
import { DIRTY_TAB, openPage, typeUnsaved, waitFor, waitForEntry } from './journal-page';
import { useTempWorkspace } from '../../helpers/temp-workspace';

const EPHEMERAL = { SESSION_HEALTH_WORKSPACE_STORAGE: 'ephemeral', KUBERNETES_SERVICE_HOST: '' };

interface Sent { what: string; data: Buffer }

/** Whether `marker` is in `data` as UTF-8 or UTF-16 (JSON, msgpack and form bodies carry one of them). */
function carries(data: Buffer, marker: string): boolean {
    return data.includes(Buffer.from(marker, 'utf8')) || data.includes(Buffer.from(marker, 'utf16le'));
}

describe('browser: the journal sends nothing: its text never leaves the browser', function (): void {
    this.timeout(240000);
    const fx = useTempWorkspace('journal-egress');
    let backend: RunningBackend;
    let context: BrowserContext;
    let workspace = '';


    it('records every request and WebSocket frame while typing, saving and reloading: no unsaved text in any', async () => {
        workspace = fx.freshDir('journal-egress-');
        fs.writeFileSync(path.join(workspace, 'draft.txt'), 'draft\n');
        fs.writeFileSync(path.join(workspace, 'saved.txt'), 'saved\n');
        backend = await fx.startBackend({ workspace, env: EPHEMERAL });
        context = await fx.newContext();
        const sent: Sent[] = [];
        context.on('request', request => {
            sent.push({ what: `${request.method()} ${request.url()} (url)`, data: Buffer.from(request.url()) });
            const body = request.postDataBuffer();
            if (body) {
                sent.push({ what: `${request.method()} ${request.url()} (body)`, data: body });
            }
        });
        const watch = (page: Page) => page.on('websocket', ws => {
            sent.push({ what: `ws ${ws.url()} (url)`, data: Buffer.from(ws.url()) });
            ws.on('framesent', frame => sent.push({ what: `ws ${ws.url()} frame`, data: Buffer.from(frame.payload) }));
        });
        context.on('page', watch);
        const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
        const unsaved = `UNSAVED_${stamp}`;
        const saved = `SAVED_${stamp}`;

        const page = await openPage(context, backend.url);
        await typeUnsaved(page, 'draft.txt', unsaved);
        await waitForEntry(page, e => e.kind === 'unsaved' && !!e.text?.includes(unsaved));
        await typeUnsaved(page, 'saved.txt', saved);
        await page.keyboard.press('Control+S');
        await waitFor(() => fs.readFileSync(path.join(workspace, 'saved.txt'), 'utf8').includes(saved), 15000, 'the save reaches the disk');
        await waitForEntry(page, e => e.kind === 'saved' && e.uri.endsWith('saved.txt'), 15000);
        const afterSave = sent.length;

        await page.reload();
        // Restored in a background tab (saved.txt was active): dirty, and showing the kept text once selected.
        await page.locator(DIRTY_TAB, { hasText: 'draft.txt' }).first().waitFor({ timeout: 60000 });
        await page.locator(DIRTY_TAB, { hasText: 'draft.txt' }).first().click();
        await page.locator('.monaco-editor', { hasText: unsaved }).first().waitFor({ timeout: 10000 });
        // Keep recording a while after the restore: until the tab has sent 10 more WebSocket frames (heartbeats).
        const restoredAt = sent.length;
        await waitFor(() => sent.slice(restoredAt).filter(s => s.what.endsWith(' frame')).length >= 10, 60000, 'frames sent after the restore');

        const frames = sent.filter(s => s.what.endsWith(' frame')).length;
        expect(frames, 'the recorder saw the WebSocket').to.be.at.least(20);
        expect(sent.slice(0, afterSave).filter(s => carries(s.data, saved)).length, 'the save sent the saved text (the recorder sees editor text)').to.be.at.least(1);
        expect(sent.filter(s => carries(s.data, unsaved)).map(s => s.what), 'requests or frames carrying the unsaved text').to.deep.equal([]);
        expect(sent.slice(afterSave).filter(s => carries(s.data, saved)).map(s => s.what), 'the kept copy of the saved file sent again').to.deep.equal([]);
    });
});
