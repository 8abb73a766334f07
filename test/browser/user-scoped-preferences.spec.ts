// Issue 23: every `sessionHealth.*` setting the extension contributes (enumerated from Theia's real preference schema
// service in the running IDE, not from a list in this file) is read by its capability's code through the user-only
// view: a value set in the workspace file or in a folder's `.theia/settings.json` changes what Theia's own preference
// service returns, but not what the proxies the code injects return. A setting that no capability lists through
// bindUserScopedPreferences, or one whose proxy reads workspace values, fails here.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { Page } from 'playwright-core';
import { RunningBackend } from '../helpers/theia-backend';
import { IdePage } from '../helpers/ide-page';
import type { SettingRead, SettingsDebugView } from '../../src/browser/capabilities/settings-debug';
import { useTempWorkspace } from '../helpers/temp-workspace';

function read(page: Page, resourceUri?: string): Promise<SettingRead[]> {
    return page.evaluate(async uri => {
        const view = (window as unknown as { __sessionHealthSettings?: SettingsDebugView }).__sessionHealthSettings;
        if (!view) {
            throw new Error('window.__sessionHealthSettings is missing');
        }
        await view.ready();
        return view.read(uri);
    }, resourceUri);
}

/** A valid value other than the default (and other than `avoid`), from the setting's schema. */
function plantedValue(s: SettingRead, avoid?: unknown): unknown {
    const type = Array.isArray(s.schema.type) ? s.schema.type[0] : s.schema.type;
    const differs = (v: unknown) => JSON.stringify(v) !== JSON.stringify(s.defaultValue) && (typeof v === 'boolean' || JSON.stringify(v) !== JSON.stringify(avoid));
    if (s.schema.enum) {
        return s.schema.enum.find(differs);
    }
    switch (type) {
        case 'boolean': return !s.defaultValue;
        case 'integer':
        case 'number': {
            const min = s.schema.minimum ?? -1e9;
            const max = s.schema.maximum ?? 1e9;
            return [min, max, min + 1, max - 1].find(v => v >= min && v <= max && differs(v));
        }
        case 'string': return ['planted-by-the-workspace', 'planted-by-the-folder'].find(differs);
        case 'array': return [['/planted/by/the/workspace/**'], ['/planted/by/the/folder/**']].find(differs);
        default: throw new Error(`${s.name}: no planted value for schema type ${JSON.stringify(s.schema.type)}; add one here`);
    }
}

describe('browser: no sessionHealth.* setting can be set by the workspace or a folder', function (): void {
    this.timeout(180000);
    const fx = useTempWorkspace('user-scoped');
    const base = fx.base;
    let backend: RunningBackend;
    let ide: IdePage;


    it('every contributed setting has a user-scoped reader, and workspace-file and folder values change none of them', async () => {
        const root = path.join(base, 'cloned-repo');
        const config = path.join(base, 'user-config');
        fs.mkdirSync(path.join(root, '.theia'), { recursive: true });
        fs.mkdirSync(config, { recursive: true });
        const workspaceFile = path.join(base, 'team.theia-workspace');
        fs.writeFileSync(workspaceFile, JSON.stringify({ folders: [{ path: 'cloned-repo' }], settings: {} }));
        backend = await fx.startBackend({ workspace: workspaceFile, env: { THEIA_CONFIG_DIR: config, KUBERNETES_SERVICE_HOST: '' } });
        ide = await fx.openIde(backend.url);
        const rootUri = `file://${fs.realpathSync(root)}`;

        const contributed = await read(ide.page);
        const names = contributed.map(s => s.name);
        // The enumeration is real: it holds the settings of several capabilities, the journal's among them.
        expect(names).to.include.members(['sessionHealth.journal.enabled', 'sessionHealth.storage.warnEphemeral', 'sessionHealth.heartbeatInterval']);
        expect(names.length).to.be.at.least(14);
        const unread = contributed.filter(s => s.readers.length === 0).map(s => s.name);
        expect(unread, 'contributed settings that no capability reads through bindUserScopedPreferences').to.deep.equal([]);

        const inWorkspace = Object.fromEntries(contributed.map(s => [s.name, plantedValue(s)]));
        const inFolder = Object.fromEntries(contributed.map(s => [s.name, plantedValue(s, inWorkspace[s.name])]));
        fs.writeFileSync(workspaceFile, JSON.stringify({ folders: [{ path: 'cloned-repo' }], settings: inWorkspace }, undefined, 2));
        fs.writeFileSync(path.join(root, '.theia', 'settings.json'), JSON.stringify(inFolder, undefined, 2));
        await ide.page.reload();

        // Theia itself sees every planted value (else this test would prove nothing) ...
        await ide.page.waitForFunction(([uri, expected]) => {
            const view = (window as unknown as { __sessionHealthSettings?: SettingsDebugView }).__sessionHealthSettings;
            return !!view && view.read().every(s => JSON.stringify(s.theia) === JSON.stringify(expected[0][s.name]))
                && view.read(uri).every(s => JSON.stringify(s.theia) === JSON.stringify(expected[1][s.name]));
        }, [rootUri, [inWorkspace, inFolder]] as const, { timeout: 60000, polling: 200 }).catch(async e => {
            const now = await read(ide!.page);
            throw new Error(`Theia did not load the planted values: ${JSON.stringify(now.map(s => [s.name, s.theia]))} (${e})`);
        });
        // ... while every reader the code uses still returns the default, with and without the folder as resource.
        for (const resource of [undefined, rootUri]) {
            const reads = await read(ide.page, resource);
            expect(reads.map(s => s.name)).to.deep.equal(names);
            const changed = reads.flatMap(s => s.readers
                .filter(r => JSON.stringify(r.property) !== JSON.stringify(s.defaultValue) || JSON.stringify(r.get) !== JSON.stringify(s.defaultValue))
                .map(r => `${s.name}: reads ${JSON.stringify(r)} (default ${JSON.stringify(s.defaultValue)}, planted ${JSON.stringify(s.theia)})`));
            expect(changed, `settings the workspace could change (resource ${resource ?? 'none'})`).to.deep.equal([]);
        }
    });
});
