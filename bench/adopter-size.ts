// Issue 28: what an adopter downloads. The same app (test/helpers/adopter-app.ts: core, editor, file-search,
// filesystem, messages, monaco, preferences, workspace) built with `theia build --mode production` with and without
// this extension (installed from the packed tarball); the gzip size of what the browser loads (lib/frontend: the
// bundle, its chunks and workers, CSS) and of the main bundle alone. Sizes do not depend on the machine's load.
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { BenchRow } from './bench-types';
import { adopterApp } from '../test/helpers/adopter-app';

const THEIA = '1.74.1';
const KIB = 1024;

interface Sizes { total: number; totalGzip: number; bundleGzip: number; files: number }

/** Raw and gzip (level 9, as a static server would serve it pre-compressed) sizes of the app's frontend files. */
function frontendSizes(appDir: string): Sizes {
    const dir = path.join(appDir, 'lib', 'frontend');
    const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter(e => e.isFile() && /\.(js|css)$/.test(e.name))
        .map(e => path.join(e.parentPath, e.name));
    let total = 0;
    let totalGzip = 0;
    let bundleGzip = 0;
    for (const file of files) {
        const bytes = fs.readFileSync(file);
        const gz = zlib.gzipSync(bytes, { level: 9 }).length;
        total += bytes.length;
        totalGzip += gz;
        if (path.basename(file) === 'bundle.js') {
            bundleGzip = gz;
        }
    }
    return { total, totalGzip, bundleGzip, files: files.length };
}

export async function runAdopterSizeBench(): Promise<BenchRow[]> {
    const stock = frontendSizes((await adopterApp(THEIA, { withExtension: false, mode: 'production' })).dir);
    const ours = frontendSizes((await adopterApp(THEIA, { withExtension: true, mode: 'production' })).dir);
    const kib = (n: number) => Math.round(n / KIB * 10) / 10;
    return [
        {
            name: `adopter download, production build (Theia ${THEIA}): frontend JS + CSS, gzip, with the extension over without`,
            p50: kib(ours.totalGzip - stock.totalGzip), p95: '-', unit: 'KiB (one build each)', goal: '<= 150',
            note: `with ${kib(ours.totalGzip)} KiB, without ${kib(stock.totalGzip)} KiB gzip (${ours.files} / ${stock.files} files; `
                + `raw ${kib(ours.total)} / ${kib(stock.total)} KiB); main bundle.js gzip ${kib(ours.bundleGzip)} / ${kib(stock.bundleGzip)} KiB`
        }
    ];
}

if (require.main === module) {
    runAdopterSizeBench().then(rows => console.log(JSON.stringify(rows, undefined, 1)), e => {
        console.error(e);
        process.exitCode = 1;
    });
}
