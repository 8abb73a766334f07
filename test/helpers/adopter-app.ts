// An app that is not ours: a Theia browser app in a temporary folder outside the repository (so that nothing resolves
// through the repository's node_modules), with its own set of Theia packages (no terminal, no navigator) and this
// extension installed from the tarball `npm pack` makes, as an adopter adds it from the registry. Built once per
// Theia version and run; removed when the run exits.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeAdopterManifest } from './adopter-manifest';
import { REPO_ROOT } from './paths';
import { theiaMatrix } from './theia-matrix';

export interface AdopterApp {
    theiaVersion: string;
    dir: string;
    /** The packed tarball it was installed from. */
    tarball: string;
    /** lib/backend/main.js of the built app (startBackend's `main`). */
    backendMain: string;
    /** How long `npm install` (from the npm cache setup filled) and `theia build` took. */
    installMs: number;
    buildMs: number;
}

export { ADOPTER_THEIA_PACKAGES } from './adopter-manifest';

let root: string | undefined;
let packed: string | undefined;
const apps = new Map<string, Promise<AdopterApp>>();

function workRoot(): string {
    if (!root) {
        root = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-adopter-'));
        const made = root;
        process.once('exit', () => fs.rmSync(made, { recursive: true, force: true }));
    }
    return root;
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): string {
    try {
        return execFileSync(command, args, {
            cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024,
            env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: 'true', npm_config_build_from_source: 'true', npm_config_update_notifier: 'false' }
        });
    } catch (e) {
        const err = e as { stdout?: string; stderr?: string; message: string };
        throw new Error(`adopter app: \`${command} ${args.join(' ')}\` in ${cwd} failed: ${err.message}\n${(err.stdout ?? '').slice(-3000)}\n${(err.stderr ?? '').slice(-3000)}`);
    }
}

/** This repository packed with `npm pack` (once per run); the tarball's path. */
export function packedTarball(): string {
    if (!packed) {
        const [result] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', workRoot()], REPO_ROOT, 120000)) as { filename: string }[];
        packed = path.join(workRoot(), result.filename);
    }
    return packed;
}

export interface AdopterAppOptions {
    /** Without this extension: the same app as stock Theia (for size comparisons). Default true. */
    withExtension?: boolean;
    /** `theia build --mode`; default development (fast), production for what an adopter ships. */
    mode?: 'development' | 'production';
}

/**
 * The adopter app on `theiaVersion` (default: the newest Theia of the version matrix, test/helpers/theia-matrix.ts),
 * installed and built (once per version, options and run).
 */
export function adopterApp(theiaVersion?: string, options: AdopterAppOptions = {}): Promise<AdopterApp> {
    theiaVersion ??= theiaMatrix().versions[0];
    const withExtension = options.withExtension ?? true;
    const mode = options.mode ?? 'development';
    const key = `${theiaVersion}-${withExtension ? 'with' : 'without'}-${mode}`;
    let app = apps.get(key);
    if (!app) {
        app = Promise.resolve().then(() => buildAdopterApp(theiaVersion, withExtension, mode, key));
        apps.set(key, app);
    }
    return app;
}

/**
 * node-pty built from source (no prebuilt download) leaves its binary in build/Release, but Theia's bundler copies it
 * from prebuilds/<platform>-<arch>/ whether or not the app has a terminal (as scripts/setup.sh does for browser-app).
 */
function placeNodePtyBinary(dir: string): void {
    const pty = path.join(dir, 'node_modules', 'node-pty');
    const built = path.join(pty, 'build', 'Release', 'pty.node');
    const prebuild = path.join(pty, 'prebuilds', `${process.platform}-${process.arch}`);
    if (fs.existsSync(built) && !fs.existsSync(path.join(prebuild, 'pty.node'))) {
        fs.mkdirSync(prebuild, { recursive: true });
        fs.copyFileSync(built, path.join(prebuild, 'pty.node'));
    }
}

function buildAdopterApp(theiaVersion: string, withExtension: boolean, mode: string, key: string): AdopterApp {
    const tarball = withExtension ? packedTarball() : '';
    const dir = path.join(workRoot(), `app-${key}`);
    fs.mkdirSync(dir);
    writeAdopterManifest(dir, theiaVersion, tarball || undefined);
    const started = Date.now();
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], dir, 900000);
    placeNodePtyBinary(dir);
    const installed = Date.now();
    run(path.join(dir, 'node_modules', '.bin', 'theia'), ['build', '--mode', mode], dir, 900000);
    const timings = { installMs: installed - started, buildMs: Date.now() - installed };
    const backendMain = path.join(dir, 'lib', 'backend', 'main.js');
    if (!fs.existsSync(backendMain)) {
        throw new Error(`adopter app: theia build left no ${backendMain}`);
    }
    return { theiaVersion, dir, tarball, backendMain, ...timings };
}
