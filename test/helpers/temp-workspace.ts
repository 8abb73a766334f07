// The fixture of the browser specs that start their own backend: a temp folder, mounts, backends, browser contexts
// and IDE pages, each ended by the mocha hooks this registers (afterEach: the backend's output when a test failed,
// then close the pages and stop the backends; after: unmount, remove the folder). Call it inside a `describe`.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { BrowserContext } from 'playwright-core';
import { sharedBrowser } from './chromium';
import { IdePage, openIde, OpenIdeOptions } from './ide-page';
import { TEST_TMP } from './paths';
import { MountSet } from './storage-mounts';
import { BackendOptions, RunningBackend, startBackend } from './theia-backend';

export interface TempWorkspace {
    /** `.test-tmp/<name>-<pid>-<time>`, removed after the suite (created on first use). */
    readonly base: string;
    /** Mounts under `base`, all unmounted after the suite (a mount that will not go fails the hook). */
    readonly mounts: MountSet;
    /** `base/<name>`, created. */
    dir(name: string): string;
    /** A new folder `base/<prefix>XXXXXX` (mkdtemp): one per test. */
    freshDir(prefix: string): string;
    /** A backend stopped after the test (with its output printed when the test failed). */
    startBackend(options?: BackendOptions): Promise<RunningBackend>;
    /** A browser context (1280 x 720) of the shared Chromium, closed after the test. */
    newContext(): Promise<BrowserContext>;
    /** The IDE at `url` in a context of its own (ide-page's openIde), closed after the test. */
    openIde(url: string, options?: OpenIdeOptions): Promise<IdePage>;
}

export function useTempWorkspace(name: string): TempWorkspace {
    const base = path.join(TEST_TMP, `${name}-${process.pid}-${Date.now()}`);
    const mounts = new MountSet();
    const backends: RunningBackend[] = [];
    const opened: { close(): Promise<void> }[] = [];

    afterEach(async function () {
        const last = backends[backends.length - 1];
        if (this.currentTest?.state === 'failed' && last) {
            console.log(`--- backend output:\n${last.output().slice(-3000)}`);
        }
        await Promise.all(opened.splice(0).map(c => c.close()));
        await Promise.all(backends.splice(0).map(b => b.stop()));
    });
    after(() => {
        const problems = mounts.unmountAll();
        fs.rmSync(base, { recursive: true, force: true });
        expect(problems).to.deep.equal([]);
    });

    return {
        base,
        mounts,
        dir(sub: string): string {
            const dir = path.join(base, sub);
            fs.mkdirSync(dir, { recursive: true });
            return dir;
        },
        freshDir(prefix: string): string {
            fs.mkdirSync(base, { recursive: true });
            return fs.mkdtempSync(path.join(base, prefix));
        },
        async startBackend(options?: BackendOptions): Promise<RunningBackend> {
            const backend = await startBackend(options);
            backends.push(backend);
            return backend;
        },
        async newContext(): Promise<BrowserContext> {
            const context = await (await sharedBrowser()).newContext({ viewport: { width: 1280, height: 720 } });
            opened.push(context);
            return context;
        },
        async openIde(url: string, options?: OpenIdeOptions): Promise<IdePage> {
            const ide = await openIde(url, options);
            opened.push(ide);
            return ide;
        }
    };
}
