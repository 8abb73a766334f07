// The adopter app's package.json (test/helpers/adopter-app.ts builds it; the Theia matrix checks and pre-fetches what
// it installs): its own set of Theia packages, no terminal, no navigator.
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from './paths';

/**
 * The Theia packages of the adopter app: file-search gives it quick open (there is no navigator); preferences is
 * needed by any Theia app (without it core's preference service finds no user or workspace provider and the
 * workbench never starts, with or without this extension).
 */
export const ADOPTER_THEIA_PACKAGES = ['@theia/core', '@theia/editor', '@theia/file-search', '@theia/filesystem', '@theia/messages', '@theia/monaco',
    '@theia/preferences', '@theia/workspace'];

/** Writes the adopter app's package.json into `dir`: Theia `theiaVersion`, this extension from `tarball` if given. */
export function writeAdopterManifest(dir: string, theiaVersion: string, tarball: string | undefined): void {
    const allowScripts = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { allowScripts?: object }).allowScripts;
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
        name: 'adopter-app', version: '1.0.0', private: true,
        theia: {
            target: 'browser',
            frontend: { config: { applicationName: 'Adopter IDE', preferences: { 'security.workspace.trust.enabled': false, 'files.autoSave': 'off' } } }
        },
        dependencies: {
            ...Object.fromEntries(ADOPTER_THEIA_PACKAGES.map(p => [p, theiaVersion])),
            ...tarball ? { 'theia-session-health': `file:${tarball}` } : {}
        },
        devDependencies: { '@theia/cli': theiaVersion },
        allowScripts
    }, undefined, 2));
    // puppeteer (pulled in by @theia/cli) must not download a browser; native modules compile from their npm sources.
    fs.writeFileSync(path.join(dir, '.puppeteerrc.cjs'), 'module.exports = { skipDownload: true };\n');
}
