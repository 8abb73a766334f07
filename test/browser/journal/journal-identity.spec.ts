// Issue 23: one workspace's journal entries are never offered in another. Two IDEs behind ONE nginx origin under
// two path prefixes (/theia/alice-1/, /theia/alice-2/), each backend in its own mount namespace with a different
// directory bound at the very same path (so both workspaces are `file://<same path>`, as every pod's /home/project
// is): text typed unsaved in one is not offered in the other, and is offered again in its own. With
// SESSION_HEALTH_WORKSPACE_ID the admin's id wins over the page address: the same workspace under a new session URL
// gets its entries back, another id does not. Entries of the old key format (identity unknown) are shown only
// after the user says they belong here.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { createHash } from 'crypto';
import { BrowserContext, Page } from 'playwright-core';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { RunningNginx, startNginx } from '../../helpers/probe-proxies';
import { TEST_TMP } from '../../helpers/paths';
import { mountSkipReason } from '../../helpers/storage-mounts';
import { skipOrFail } from '../../helpers/requirements';
import { DIRTY_TAB, newContext, NOTIFICATION, openPage, readJournal, runCommand, typeUnsaved, waitForEntry } from './journal-page';

const ENV = { SESSION_HEALTH_WORKSPACE_STORAGE: 'persistent', KUBERNETES_SERVICE_HOST: '' };
/** Binds $SH_TEST_SRC at $SH_TEST_DST in a private mount namespace, then runs the backend there. */
const OWN_MOUNT = ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', 'mount --bind "$SH_TEST_SRC" "$SH_TEST_DST" && exec "$@"', 'sh'];
const NOTHING_KEPT = 'this browser keeps no unsaved or unpersisted work for this workspace';
const OFFERED = /Restored the unsaved changes|changed on the disk|not on the new disk|cannot tell apart/;

function location(prefix: string, port: number): string {
    return `location ${prefix} { proxy_pass http://127.0.0.1:${port}/; proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade; proxy_set_header Host $http_host; proxy_read_timeout 1h; }`;
}

describe('browser: the journal of one workspace is never offered in another on the same origin', function (): void {
    this.timeout(300000);
    const base = path.join(TEST_TMP, `journal-identity-${process.pid}-${Date.now()}`);
    const project = path.join(base, 'home', 'project');
    const backends: RunningBackend[] = [];
    let nginx: RunningNginx | undefined;
    let context: BrowserContext | undefined;

    before(function () {
        const reason = mountSkipReason();
        if (reason) {
            skipOrFail(this, reason);
        }
    });
    afterEach(async function () {
        if (this.currentTest?.state === 'failed') {
            backends.forEach(b => console.log(`--- backend output:\n${b.output().slice(-2000)}`));
        }
        await context?.close();
        context = undefined;
        await nginx?.stop();
        nginx = undefined;
        await Promise.all(backends.splice(0).map(b => b.stop()));
    });
    after(() => fs.rmSync(base, { recursive: true, force: true }));

    /** A backend whose workspace is `project`, with `dir` bound there in its own mount namespace. */
    async function pod(name: string, notes: string, env: NodeJS.ProcessEnv = {}): Promise<RunningBackend> {
        const dir = path.join(base, 'volumes', name);
        fs.mkdirSync(dir, { recursive: true });
        fs.mkdirSync(project, { recursive: true });
        fs.writeFileSync(path.join(dir, 'notes.txt'), notes);
        const backend = await startBackend({ workspace: project, prefix: OWN_MOUNT, env: { ...ENV, ...env, SH_TEST_SRC: dir, SH_TEST_DST: project } });
        backends.push(backend);
        return backend;
    }

    /** The IDE at `url` shows no kept work: not at start, and not when asked. */
    async function expectNothingOffered(page: Page, marker: string): Promise<void> {
        await runCommand(page, 'Session Health: Restore Unsaved Work…');
        await page.locator(NOTIFICATION, { hasText: NOTHING_KEPT }).first().waitFor({ timeout: 30000 });
        expect(await page.locator(NOTIFICATION, { hasText: OFFERED }).count(), 'a notification offered kept work').to.equal(0);
        expect(await page.locator(DIRTY_TAB).count(), 'an editor was reopened dirty').to.equal(0);
        expect(await page.locator('.monaco-editor', { hasText: marker }).count(), 'the other workspace\'s text is shown').to.equal(0);
    }

    async function typeKept(page: Page, marker: string): Promise<void> {
        await typeUnsaved(page, 'notes.txt', marker);
        await waitForEntry(page, e => e.kind === 'unsaved' && !!e.text?.includes(marker));
    }

    it('keyed by origin + path prefix + root: /theia/alice-1/ and /theia/alice-2/ with the same root path keep apart', async () => {
        const a = await pod('alice-1', 'alpha\n');
        const b = await pod('alice-2', 'bravo\n');
        nginx = await startNginx(`server { listen 127.0.0.1:PORT; ${location('/theia/alice-1/', a.port)} ${location('/theia/alice-2/', b.port)} }`);
        context = await newContext();
        const marker = `alice1_${Date.now().toString(36)}`;
        const pageA = await openPage(context, `${nginx.url}theia/alice-1/`);
        await typeKept(pageA, marker);
        await pageA.close();

        const pageB = await openPage(context, `${nginx.url}theia/alice-2/`);
        await expectNothingOffered(pageB, marker);
        expect(fs.readFileSync(path.join(base, 'volumes', 'alice-2', 'notes.txt'), 'utf8')).to.equal('bravo\n');
        expect((await readJournal(pageB)).filter(e => e.text?.includes(marker)), 'alice-1\'s entry stays').to.have.length(1);
        await pageB.close();

        // Its own IDE (the same address after a reload, a new pod) gets it back.
        const againA = await openPage(context, `${nginx.url}theia/alice-1/`);
        await againA.locator('.monaco-editor', { hasText: marker }).first().waitFor({ timeout: 60000 });
        await againA.locator(DIRTY_TAB).first().waitFor({ timeout: 10000 });
    });

    it('SESSION_HEALTH_WORKSPACE_ID wins: the same id under a new session URL gets its entries, another id does not', async () => {
        const a = await pod('ws-a', 'alpha\n', { SESSION_HEALTH_WORKSPACE_ID: 'alice-workspace' });
        const b = await pod('ws-b', 'bravo\n', { SESSION_HEALTH_WORKSPACE_ID: 'bob-workspace' });
        nginx = await startNginx(`server { listen 127.0.0.1:PORT; ${location('/session-1/', a.port)} ${location('/session-2/', a.port)} ${location('/other/', b.port)} }`);
        context = await newContext();
        const marker = `wsid_${Date.now().toString(36)}`;
        const first = await openPage(context, `${nginx.url}session-1/`);
        await typeKept(first, marker);
        await first.close();

        const other = await openPage(context, `${nginx.url}other/`);
        await expectNothingOffered(other, marker);
        await other.close();

        const next = await openPage(context, `${nginx.url}session-2/`);
        await next.locator('.monaco-editor', { hasText: marker }).first().waitFor({ timeout: 60000 });
        await next.locator(DIRTY_TAB).first().waitFor({ timeout: 10000 });
    });

    it('an entry of the old key format is shown only after the user says it belongs here', async () => {
        const a = await pod('legacy', 'alpha\n');
        context = await newContext();
        const page = await openPage(context, a.url);
        const marker = `legacy_${Date.now().toString(36)}`;
        // An entry as 0.2 stored it: under the bare workspace URI (every pod's root has that same URI).
        const root = `file://${project}`;
        const text = `alpha\n${marker}`;
        const legacy = {
            workspace: root, kind: 'unsaved', uri: `${root}/notes.txt`, text, size: Buffer.byteLength(text),
            base: { sha256: createHash('sha256').update('alpha\n').digest('hex') }, updatedAt: Date.now()
        };
        await page.evaluate(entry => new Promise<void>((resolve, reject) => {
            const req = indexedDB.open('session-health-journal');
            req.onerror = () => reject(req.error);
            req.onsuccess = () => {
                const tx = req.result.transaction('entries', 'readwrite');
                tx.objectStore('entries').put(entry);
                tx.oncomplete = () => resolve();
                tx.onerror = () => reject(tx.error);
            };
        }), legacy);
        await page.reload();
        const next = page;
        const notice = next.locator(NOTIFICATION, { hasText: 'cannot tell apart from this one' }).first();
        await notice.waitFor({ timeout: 60000 });
        expect(await notice.textContent()).not.to.contain('notes.txt');
        expect(await next.locator(DIRTY_TAB).count(), 'nothing is shown before the user says so').to.equal(0);
        expect(await next.locator('.monaco-editor', { hasText: marker }).count()).to.equal(0);

        await notice.locator('button, .theia-button', { hasText: 'They Belong Here' }).first().click();
        await next.locator('.quick-input-list .monaco-list-row', { hasText: 'notes.txt' }).first().waitFor({ timeout: 20000 });
        const entries = await readJournal(next);
        expect(entries.map(e => e.workspace?.replace(/\|.*$/, ''))).to.deep.equal(['sh2']);
    });
});
