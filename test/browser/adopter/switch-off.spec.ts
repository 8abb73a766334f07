// Issue 24 §3: an admin switches capabilities off at deploy time (SESSION_HEALTH_DISABLE). In the adopter app built
// from the packed tarball, in Chromium: first with everything on, every capability's signs are there (its routes, status
// items, commands, view sections, browser storage, files on disk), so that each absence below means something; then each
// capability off, one at a time: its signs (and those of the capabilities that need it) are gone, every other
// capability's signs are still there, the connection item says `connected` (unless connection is off), and the browser
// console shows no error from this extension.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BrowserContext, Page } from 'playwright-core';
import { adopterApp, AdopterApp } from '../../helpers/adopter-app';
import { sharedBrowser } from '../../helpers/chromium';
import { runFromPalette } from '../../helpers/command-palette';
import { startBackend } from '../../helpers/theia-backend';
import {
    CAPABILITIES_ROUTE, CapabilitiesAnswer, CAPABILITY_NAMES, CapabilityName, resolveCapabilities
} from '../../../src/common/capabilities/capabilities-protocol';
import { INSTANCE_ROUTE } from '../../../src/common/connection/heartbeat-protocol';
import { ACTIVITY_ROUTE } from '../../../src/common/idle/idle-protocol';
import { BUNDLE_ROUTE } from '../../../src/common/bundle/bundle-protocol';
import { METRICS_ROUTE, REPORTS_ROUTE } from '../../../src/common/reports/reports-protocol';
import { HEALTH_ROUTE, READY_ROUTE } from '../../../src/common/health/health-protocol';
import { PERSISTENCE_CHECK_ROUTE } from '../../../src/common/persistence/persistence-protocol';

const TOKEN = 'switch-off-test-token';

/** What shows that a capability is there. */
interface Signs {
    getRoutes?: string[];
    postRoutes?: string[];
    statusItems?: string[];
    commands?: string[];
    sections?: string[];
    indexedDb?: string[];
    webStorage?: RegExp[];
    workspaceFiles?: RegExp[];
    dataFiles?: RegExp[];
}

const SIGNS: Record<CapabilityName, Signs> = {
    connection: {
        getRoutes: [INSTANCE_ROUTE], statusItems: ['status-bar-session-health-connection'], sections: ['connection'],
        commands: ['session-health.show-connection-details', 'session-health.reconnect-now']
    },
    storage: { commands: ['session-health.show-storage-details', 'session-health.recheck-storage'], sections: ['storage'] },
    persistence: { postRoutes: [PERSISTENCE_CHECK_ROUTE], commands: ['session-health.persistence-check'], sections: ['persistence'] },
    journal: { commands: ['session-health.restore-unsaved', 'session-health.forget-journal'], indexedDb: ['session-health-journal'] },
    idle: { getRoutes: [ACTIVITY_ROUTE], statusItems: ['status-bar-session-health-idle'], commands: ['session-health.idle-still-here'] },
    lifecycle: { workspaceFiles: [/lifecycle\.jsonl$/] },
    reports: { getRoutes: [METRICS_ROUTE, REPORTS_ROUTE], webStorage: [/reports/], dataFiles: [/./] },
    bundle: { getRoutes: [BUNDLE_ROUTE], commands: ['session-health.export-bundle'] },
    probe: { commands: ['session-health.diagnose-connection'], sections: ['connection-path'] },
    health: { getRoutes: [HEALTH_ROUTE, READY_ROUTE] }
};

interface Observed {
    capabilities: CapabilitiesAnswer;
    getRoutes: Record<string, number>;
    postRoutes: Record<string, number>;
    unknownGet: number;
    unknownPost: number;
    statusItems: string[];
    commands: string[];
    sections: string[];
    indexedDb: string[];
    webStorage: string[];
    workspaceFiles: string[];
    dataFiles: string[];
    connectionState: string | undefined;
    consoleErrors: string[];
}

function listFiles(dir: string): string[] {
    if (!fs.existsSync(dir)) {
        return [];
    }
    return (fs.readdirSync(dir, { recursive: true }) as string[]).filter(f => fs.statSync(path.join(dir, f)).isFile()).sort();
}

/** The signs of `capability` that `observed` shows (each as `kind: name`). */
function signsPresent(capability: CapabilityName, o: Observed): { present: string[]; absent: string[] } {
    const s = SIGNS[capability];
    const checks: [string, boolean][] = [
        ...(s.getRoutes ?? []).map(r => [`GET ${r}`, o.getRoutes[r] !== o.unknownGet] as [string, boolean]),
        ...(s.postRoutes ?? []).map(r => [`POST ${r}`, o.postRoutes[r] !== o.unknownPost] as [string, boolean]),
        ...(s.statusItems ?? []).map(i => [`status item ${i}`, o.statusItems.includes(i)] as [string, boolean]),
        ...(s.commands ?? []).map(c => [`command ${c}`, o.commands.includes(c)] as [string, boolean]),
        ...(s.sections ?? []).map(c => [`view section ${c}`, o.sections.includes(c)] as [string, boolean]),
        ...(s.indexedDb ?? []).map(d => [`IndexedDB ${d}`, o.indexedDb.includes(d)] as [string, boolean]),
        ...(s.webStorage ?? []).map(k => [`web storage ${k}`, o.webStorage.some(x => k.test(x))] as [string, boolean]),
        ...(s.workspaceFiles ?? []).map(k => [`workspace file ${k}`, o.workspaceFiles.some(x => k.test(x))] as [string, boolean]),
        ...(s.dataFiles ?? []).map(k => [`data file ${k}`, o.dataFiles.some(x => k.test(x))] as [string, boolean])
    ];
    return { present: checks.filter(c => c[1]).map(c => c[0]), absent: checks.filter(c => !c[1]).map(c => c[0]) };
}

async function readPage(page: Page): Promise<Pick<Observed, 'statusItems' | 'commands' | 'sections' | 'indexedDb' | 'webStorage' | 'connectionState'>> {
    return page.evaluate(async () => {
        const w = window as unknown as { __sessionHealthCapabilities?: { commands(): string[] } };
        const keys = (s: Storage) => Array.from({ length: s.length }, (_, i) => s.key(i) ?? '');
        const connection = document.getElementById('status-bar-session-health-connection');
        return {
            statusItems: Array.from(document.querySelectorAll('[id^="status-bar-session-health"]')).map(e => e.id),
            commands: w.__sessionHealthCapabilities?.commands() ?? [],
            sections: Array.from(document.querySelectorAll('[data-section]')).map(e => e.getAttribute('data-section') ?? ''),
            indexedDb: (await indexedDB.databases()).map(d => d.name ?? ''),
            webStorage: [...keys(localStorage), ...keys(sessionStorage)].filter(k => /session-?health/i.test(k)),
            connectionState: connection ? Array.from(connection.classList).find(c => /^session-health-(connected|offline)$/.test(c)) : undefined
        };
    });
}

describe('browser: capabilities switched off with SESSION_HEALTH_DISABLE, in the adopter app', function (): void {
    this.timeout(600000);
    let app: AdopterApp;

    before(async function () {
        this.timeout(1500000);
        app = await adopterApp(); // the newest Theia of the version matrix (the build the smoke shares)
    });

    /** Starts the app with `disable`, opens it, waits until the signs `expected` to be there are there, and observes. */
    async function observe(disable: string, expected: CapabilityName[]): Promise<Observed> {
        const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-switch-off-ws-'));
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-switch-off-data-'));
        fs.writeFileSync(path.join(workspace, 'notes.txt'), 'first line\n');
        const backend = await startBackend({
            main: app.backendMain, workspace, env: {
                SESSION_HEALTH_DISABLE: disable, SESSION_HEALTH_METRICS_TOKEN: TOKEN, SESSION_HEALTH_ADMIN_TOKEN: TOKEN, SESSION_HEALTH_DATA_DIR: dataDir,
                SESSION_HEALTH_IDLE_TIMEOUT_SECONDS: '3600', SESSION_HEALTH_IDLE_WARNING_SECONDS: '3600'
            }
        });
        let context: BrowserContext | undefined;
        try {
            const get = async (route: string) => (await fetch(`${backend.url}${route}`, { headers: { authorization: `Bearer ${TOKEN}` } })).status;
            const post = async (route: string) => (await fetch(`${backend.url}${route}`, {
                method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: '{}'
            })).status;
            const capabilities = await (await fetch(`${backend.url}${CAPABILITIES_ROUTE}`)).json() as CapabilitiesAnswer;
            const consoleErrors: string[] = [];
            context = await (await sharedBrowser()).newContext({ viewport: { width: 1280, height: 720 } });
            const page = await context.newPage();
            page.on('console', m => m.type() === 'error' && /session-health|sessionHealth|SessionHealth/.test(m.text()) && consoleErrors.push(m.text()));
            page.on('pageerror', e => consoleErrors.push(`pageerror: ${e.message}`));
            await page.goto(backend.url);
            await page.waitForFunction(() => !!(window as { __sessionHealthCapabilities?: unknown }).__sessionHealthCapabilities, undefined, { timeout: 90000 });
            await runFromPalette(page, 'Open Session Health View');
            await page.locator('[data-section]').first().waitFor({ timeout: 30000 });
            const observed = async (): Promise<Observed> => ({
                capabilities, consoleErrors,
                getRoutes: Object.fromEntries(await Promise.all(CAPABILITY_NAMES.flatMap(c => SIGNS[c].getRoutes ?? []).map(async r => [r, await get(r)]))),
                postRoutes: Object.fromEntries(await Promise.all(CAPABILITY_NAMES.flatMap(c => SIGNS[c].postRoutes ?? []).map(async r => [r, await post(r)]))),
                unknownGet: await get('/session-health/no-such-route'),
                unknownPost: await post('/session-health/no-such-route'),
                ...await readPage(page),
                workspaceFiles: listFiles(workspace).filter(f => f !== 'notes.txt'),
                dataFiles: listFiles(dataDir)
            });
            // Signs appear as the app starts (a report stored, the journal's database opened): wait for the expected ones.
            const deadline = Date.now() + 60000;
            let last = await observed();
            while (expected.some(c => signsPresent(c, last).absent.length) && Date.now() < deadline) {
                await page.waitForTimeout(250);
                last = await observed();
            }
            return last;
        } finally {
            await context?.close();
            await backend.stop();
            fs.rmSync(workspace, { recursive: true, force: true });
            fs.rmSync(dataDir, { recursive: true, force: true });
        }
    }

    it('with nothing switched off, shows every sign of every capability (what the runs below expect gone)', async () => {
        const o = await observe('', [...CAPABILITY_NAMES]);
        expect(o.capabilities).to.deep.equal({ enabled: [...CAPABILITY_NAMES], disabled: [] });
        for (const capability of CAPABILITY_NAMES) {
            expect(signsPresent(capability, o).absent, `${capability}: signs missing with everything on`).to.deep.equal([]);
        }
        expect(o.connectionState).to.equal('session-health-connected');
        expect(o.consoleErrors).to.deep.equal([]);
    });

    for (const capability of CAPABILITY_NAMES) {
        it(`with ${capability} off: its signs are gone, every other capability's are there`, async () => {
            const answer = resolveCapabilities([capability]);
            const off = answer.disabled.map(d => d.name);
            const o = await observe(capability, answer.enabled);
            expect(o.capabilities).to.deep.equal(answer);
            for (const other of CAPABILITY_NAMES) {
                const signs = signsPresent(other, o);
                if (off.includes(other)) {
                    expect(signs.present, `${other} (off) still shows`).to.deep.equal([]);
                } else {
                    expect(signs.absent, `${other} (on) lost`).to.deep.equal([]);
                }
            }
            expect(o.connectionState).to.equal(capability === 'connection' ? undefined : 'session-health-connected');
            expect(o.consoleErrors, 'console errors of this extension').to.deep.equal([]);
        });
    }
});
