// The Theia version matrix of the adopter tests (issue 24 §2): the newest Theia whose every package the adopter app
// needs is on the registry (found, not written down: a release can be published in part, as 1.75.0 is here without
// @theia/variable-resolver), and the newest patch of the oldest minor we support. scripts/setup.sh runs this file
// to find the matrix, say what it skipped and why, fill the npm cache for it, and write it where the tests read it.
//
//   node -r ts-node/register/transpile-only test/helpers/theia-matrix.ts [--prefetch]
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { ADOPTER_THEIA_PACKAGES, writeAdopterManifest } from './adopter-manifest';
import { REPO_ROOT } from './paths';

/** The oldest Theia minor this extension supports: the peer range starts here (a test holds them together). */
export const OLDEST_SUPPORTED_MINOR = '1.72';

export interface TheiaMatrix {
    /** Newest first: the newest fully installable Theia, then the newest patch of the oldest supported minor. */
    versions: string[];
    /** Newer releases left out, with the packages the registry lacks at that version. */
    skipped: { version: string; missing: string[] }[];
    checkedAt: string;
}

/** Where setup writes the matrix and the tests read it. */
export const MATRIX_FILE = path.join(REPO_ROOT, 'node_modules', '.cache', 'theia-session-health', 'theia-matrix.json');
/** Older than this, the matrix is found again (a release may have been completed meanwhile). */
const MAX_AGE_MS = 24 * 3600 * 1000;

const run = promisify(execFile);
const npmEnv = { ...process.env, npm_config_update_notifier: 'false' };

/** `npm view <spec> <fields> --json`, or undefined when the registry has no such package. */
async function npmView(spec: string, ...fields: string[]): Promise<unknown> {
    try {
        const { stdout } = await run('npm', ['view', spec, ...fields, '--json'], { env: npmEnv, maxBuffer: 256 * 1024 * 1024 });
        return stdout.trim() ? JSON.parse(stdout) : undefined;
    } catch (e) {
        if (/E404|No match found/.test(String((e as { stderr?: string }).stderr ?? e))) {
            return undefined;
        }
        throw e;
    }
}

/**
 * What the registry has of a package: its versions (`npm view <name> versions`, the complete list) and the dependencies
 * of each (one ranged `npm view` for most; it leaves some versions out, which are then asked for one by one). Cached
 * for the run: the checks of several Theia versions share it.
 */
interface Published { versions: Set<string>; dependencies: Map<string, Record<string, string>> }
const published = new Map<string, Promise<Published>>();
function publishedPackage(name: string): Promise<Published> {
    let known = published.get(name);
    if (!known) {
        known = Promise.all([npmView(name, 'versions'), npmView(`${name}@>=0.0.0`, 'version', 'dependencies')]).then(([versions, answer]) => {
            const list = (Array.isArray(answer) ? answer : answer ? [answer] : []) as { version: string; dependencies?: Record<string, string> }[];
            return {
                versions: new Set((Array.isArray(versions) ? versions : versions ? [versions] : []) as string[]),
                dependencies: new Map(list.map(v => [v.version, v.dependencies ?? {}]))
            };
        });
        published.set(name, known);
    }
    return known;
}

async function dependenciesOf(name: string, version: string): Promise<Record<string, string>> {
    const pkg = await publishedPackage(name);
    let deps = pkg.dependencies.get(version);
    if (!deps) {
        deps = ((await npmView(`${name}@${version}`, 'dependencies')) ?? {}) as Record<string, string>;
        pkg.dependencies.set(version, deps);
    }
    return deps;
}

export function compareVersions(a: string, b: string): number {
    const pa = a.split('.').map(Number);
    const pb = b.split('.').map(Number);
    return pa[0] - pb[0] || pa[1] - pb[1] || pa[2] - pb[2];
}

/**
 * The @theia packages (at the versions they pin) that installing the adopter app on `version` needs and the registry
 * does not have: the app's own packages and @theia/cli, and their @theia dependencies, followed to the end. Only exact
 * pins are checked to the version (Theia pins its own packages in lockstep); a range (a package with its own version
 * line, such as @theia/ffmpeg) only needs the package.
 */
export async function missingPackages(version: string): Promise<string[]> {
    const seen = new Set<string>();
    const missing: string[] = [];
    let level = [...ADOPTER_THEIA_PACKAGES, '@theia/cli'].map(name => ({ name, range: version }));
    while (level.length) {
        level.forEach(({ name, range }) => seen.add(`${name}@${range}`));
        const next: { name: string; range: string }[] = [];
        for (const { name, range } of level) {
            const { versions } = await publishedPackage(name);
            const exact = /^\d+\.\d+\.\d+$/.test(range);
            if (exact ? !versions.has(range) : !versions.size) {
                missing.push(`${name}@${range}`);
                continue;
            }
            const deps = exact ? await dependenciesOf(name, range) : {};
            for (const [dep, depRange] of Object.entries(deps)) {
                if (dep.startsWith('@theia/') && !seen.has(`${dep}@${depRange}`) && !next.some(n => n.name === dep && n.range === depRange)) {
                    next.push({ name: dep, range: depRange });
                }
            }
        }
        await Promise.all(next.map(n => publishedPackage(n.name)));
        level = next;
    }
    return missing.sort();
}

/** Finds the matrix on the registry. `log` hears each decision (setup prints it). */
export async function findTheiaMatrix(log: (line: string) => void = () => undefined): Promise<TheiaMatrix> {
    const released = ((await npmView('@theia/core', 'versions')) as string[])
        .filter(v => /^\d+\.\d+\.\d+$/.test(v)).sort(compareVersions).reverse();
    const oldestMinor = released.filter(v => v.startsWith(`${OLDEST_SUPPORTED_MINOR}.`));
    const skipped: TheiaMatrix['skipped'] = [];
    const firstInstallable = async (candidates: string[]): Promise<string | undefined> => {
        const from = skipped.length;
        for (const version of candidates) {
            const missing = await missingPackages(version);
            if (!missing.length) {
                skipped.slice(from).forEach(s => log(`Theia ${s.version} is not fully installable from this registry `
                    + `(${s.missing.map(m => `${m} missing`).join(', ')}); the matrix uses ${version}`));
                return version;
            }
            skipped.push({ version, missing });
        }
        return undefined;
    };
    const newerMinors = released.filter(v => compareVersions(v, `${OLDEST_SUPPORTED_MINOR}.9999`) > 0);
    const newest = await firstInstallable(newerMinors);
    const oldest = await firstInstallable(oldestMinor);
    if (!oldest) {
        throw new Error(`no release of Theia ${OLDEST_SUPPORTED_MINOR}.x is fully installable from this registry: `
            + skipped.map(s => `${s.version} lacks ${s.missing.join(', ')}`).join('; '));
    }
    const versions = newest ? [newest, oldest] : [oldest];
    log(`Theia version matrix: ${versions.join(', ')} (newest fully installable, newest patch of the oldest supported minor ${OLDEST_SUPPORTED_MINOR})`);
    return { versions, skipped, checkedAt: new Date().toISOString() };
}

export function writeMatrix(matrix: TheiaMatrix): void {
    fs.mkdirSync(path.dirname(MATRIX_FILE), { recursive: true });
    fs.writeFileSync(MATRIX_FILE, JSON.stringify(matrix, undefined, 2) + '\n');
}

/**
 * The matrix for the tests (synchronous: mocha's describe blocks are): the one setup wrote, or found now in a child
 * process (this file run as a script) when there is none or it is older than a day.
 */
export function theiaMatrix(): TheiaMatrix {
    const fresh = (): TheiaMatrix | undefined => {
        try {
            const matrix = JSON.parse(fs.readFileSync(MATRIX_FILE, 'utf8')) as TheiaMatrix;
            return Date.now() - Date.parse(matrix.checkedAt) < MAX_AGE_MS ? matrix : undefined;
        } catch {
            return undefined;
        }
    };
    const known = fresh();
    if (known) {
        return known;
    }
    execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename], {
        cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 300000, env: { ...npmEnv, TS_NODE_PROJECT: 'tsconfig.test.json' }
    });
    return JSON.parse(fs.readFileSync(MATRIX_FILE, 'utf8')) as TheiaMatrix;
}

/**
 * Fills the npm cache with everything the adopter app on `version` installs (scripts are not run: this only
 * downloads), so that the tests install from the cache.
 */
function prefetch(version: string): void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-matrix-prefetch-'));
    try {
        writeAdopterManifest(dir, version, undefined);
        execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], {
            cwd: dir, stdio: ['ignore', 'ignore', 'inherit'], timeout: 1200000, env: { ...npmEnv, PUPPETEER_SKIP_DOWNLOAD: 'true' }
        });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    findTheiaMatrix(line => process.stderr.write(`${line}\n`)).then(matrix => {
        writeMatrix(matrix);
        if (process.argv.includes('--prefetch')) {
            for (const version of matrix.versions) {
                const started = Date.now();
                prefetch(version);
                process.stderr.write(`npm cache holds the adopter app's packages for Theia ${version} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
            }
        }
    }).catch(e => {
        process.stderr.write(`theia-matrix: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
    });
}
