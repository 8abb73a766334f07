// Issue 24 §1: the package an app depends on. `npm pack` ships what runs and what a user reads (compiled code, the
// sources its source maps point to, the log export worker bundle, README, CHANGELOG, LICENSE) and nothing else; its
// version has a CHANGELOG section; the packed tarball installs into an app that is not ours (with its Theia peers)
// and its `session-health` bin runs from there.
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { adopterApp } from '../../helpers/adopter-app';
import { REPO_ROOT } from '../../helpers/paths';
import { compareVersions, OLDEST_SUPPORTED_MINOR, theiaMatrix } from '../../helpers/theia-matrix';

interface PackedFile { path: string; size: number }
interface PackResult { filename: string; size: number; unpackedSize: number; files: PackedFile[] }

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    version: string; private?: boolean; bin: Record<string, string>; theiaExtensions: Record<string, string>[];
    dependencies: Record<string, string>; devDependencies: Record<string, string>; peerDependencies: Record<string, string>;
};

/** What may be in the tarball; anything else (tests, benches, the demo workspace, the deploy kit, build caches) fails. */
const ALLOWED = [
    /^package\.json$/, /^README\.md$/, /^CHANGELOG\.md$/, /^LICENSE$/,
    /^lib\/(browser|common|node)\/.+\.(js|d\.ts|js\.map)$/,
    /^src\/(browser|common|node)\/.+\.(ts|css)$/,
    /^i18n\/nls\.[a-z-]+\.json$/
];
/** The packed (gzip) size the README states as the bound. */
const MAX_PACKED_BYTES = 1024 * 1024;

function npm(args: string[], cwd: string): string {
    return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300000, env: { ...process.env, npm_config_update_notifier: 'false' } });
}

describe('integration: the npm package (pack, allow-list, install, bin)', function () {
    this.timeout(420000);
    let packed: PackResult;

    before(() => {
        packed = (JSON.parse(npm(['pack', '--dry-run', '--json'], REPO_ROOT)) as PackResult[])[0];
    });

    it('is publishable: not private; the @theia packages it imports are peers with a range, pinned as devDependencies', () => {
        expect(manifest.private, 'private').to.not.equal(true);
        const imported = new Set<string>();
        const walk = (dir: string): void => fs.readdirSync(dir, { withFileTypes: true }).forEach(e => e.isDirectory()
            ? walk(path.join(dir, e.name))
            : [...fs.readFileSync(path.join(dir, e.name), 'utf8').matchAll(/from '(@theia\/[a-z-]+)/g)].forEach(m => imported.add(m[1])));
        walk(path.join(REPO_ROOT, 'src'));
        expect([...imported].sort()).to.deep.equal(Object.keys(manifest.peerDependencies).sort());
        for (const name of imported) {
            expect(manifest.dependencies[name], `${name} in dependencies (a second copy of Theia in an app)`).to.equal(undefined);
            expect(manifest.devDependencies[name], `${name} devDependency`).to.match(/^\d+\.\d+\.\d+$/);
            expect(manifest.peerDependencies[name], `${name} peer range`).to.not.equal(manifest.devDependencies[name]);
        }
    });

    it('the Theia peer range is exactly what the version matrix proves (from its oldest minor to the newest version)', () => {
        // The matrix (test/helpers/theia-matrix.ts) runs the adopter smoke on the newest fully installable Theia and on
        // the newest patch of the oldest supported minor: the range starts at that minor and ends after the newest
        // minor. When the registry completes a newer Theia, the matrix moves and this fails until the range follows.
        const versions = theiaMatrix().versions.slice().sort(compareVersions);
        const [oldest, newest] = [versions[0], versions[versions.length - 1]];
        expect(oldest.startsWith(`${OLDEST_SUPPORTED_MINOR}.`), `oldest ${oldest} is of ${OLDEST_SUPPORTED_MINOR}`).to.equal(true);
        const [major, minor] = newest.split('.').map(Number);
        const proven = `>=${OLDEST_SUPPORTED_MINOR}.0 <${major}.${minor + 1}.0`;
        for (const [name, range] of Object.entries(manifest.peerDependencies)) {
            expect(range, `${name} (matrix: ${versions.join(', ')})`).to.equal(proven);
        }
    });

    it('the version has a CHANGELOG section', () => {
        const changelog = fs.readFileSync(path.join(REPO_ROOT, 'CHANGELOG.md'), 'utf8');
        const escaped = manifest.version.replace(/\./g, '\\.');
        expect(changelog, `CHANGELOG.md has no "## ${manifest.version}" section`).to.match(new RegExp(`^## ${escaped}( |$)`, 'm'));
    });

    it(`ships only allowed files, everything that runs, and stays under ${MAX_PACKED_BYTES / 1048576} MiB packed`, () => {
        const files = packed.files.map(f => f.path);
        expect(files.filter(f => !ALLOWED.some(re => re.test(f))), 'files outside the allow-list').to.deep.equal([]);
        const required = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'lib/node/reports/log-export/report-log-worker-source.js', 'i18n/nls.de.json',
            ...Object.values(manifest.bin),
            ...manifest.theiaExtensions.flatMap(e => Object.values(e)).map(m => `${m}.js`)];
        expect(required.filter(f => !files.includes(f)), 'files an app needs that are missing').to.deep.equal([]);
        // Every compiled module comes with the source its map points to.
        const maps = files.filter(f => f.endsWith('.js.map'));
        expect(maps.length).to.be.greaterThan(100);
        expect(maps.map(f => f.replace(/^lib\//, 'src/').replace(/\.js\.map$/, '.ts')).filter(f => !files.includes(f)), 'maps without their source').to.deep.equal([]);
        console.log(`      ${files.length} files, ${(packed.size / 1024).toFixed(0)} KiB packed, ${(packed.unpackedSize / 1048576).toFixed(1)} MiB unpacked`);
        expect(packed.size).to.be.below(MAX_PACKED_BYTES);
    });

    it('the tarball installs into an app (with its Theia peers), and its session-health bin runs from there', async function () {
        // The adopter app of the browser tests (built once per run): installed from the packed tarball, not linked.
        this.timeout(1500000);
        const app = await adopterApp(); // the newest Theia of the version matrix
        const installed = path.join(app.dir, 'node_modules', 'theia-session-health');
        expect(fs.lstatSync(installed).isSymbolicLink(), 'installed from the tarball, not linked').to.equal(false);
        const bin = path.join(app.dir, 'node_modules', '.bin', 'session-health');
        expect(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()).to.equal(manifest.version);
        const fixture = path.join(REPO_ROOT, 'test', 'fixtures', 'k8s', 'timeouts-at-defaults.yaml');
        let out = '';
        try {
            out = execFileSync(bin, ['lint-k8s', fixture], { encoding: 'utf8' });
        } catch (e) {
            out = String((e as { stdout?: string }).stdout); // exit 1: findings
        }
        expect(out).to.contain('NO_GRACEFUL_DRAIN');
    });
});
