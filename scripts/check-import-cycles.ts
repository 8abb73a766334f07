// *****************************************************************************
// `npm run lint` step: fails on any import loop among the TypeScript files under the given folders.
// Every relative import counts (import, export-from, `import type`, `import('./x').T`, require, import()),
// resolved the way tsc resolves them (`./x` -> x.ts, x.tsx, x/index.ts). Prints each loop as a path.
// Usage: node -r ts-node/register/transpile-only scripts/check-import-cycles.ts <dir>...
// *****************************************************************************

import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const SOURCE_EXTENSIONS = ['.ts', '.tsx'];
const CANDIDATE_SUFFIXES = ['', '.ts', '.tsx', '.d.ts', '/index.ts', '/index.tsx'];

function listSources(dir: string, out: string[] = []): string[] {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            listSources(full, out);
        } else if (SOURCE_EXTENSIONS.some(ext => entry.name.endsWith(ext))) {
            out.push(full);
        }
    }
    return out;
}

/** The file a relative specifier names, or undefined (bare packages, JSON, missing files). */
export function resolveRelative(fromFile: string, specifier: string, known: ReadonlySet<string>): string | undefined {
    if (!specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== '.' && specifier !== '..') {
        return undefined;
    }
    const base = path.resolve(path.dirname(fromFile), specifier.replace(/\.js$/, ''));
    return CANDIDATE_SUFFIXES.map(suffix => base + suffix).find(candidate => known.has(candidate));
}

/** The import graph: absolute file -> the absolute files it imports (within the scanned set). */
export function importGraph(dirs: readonly string[]): Map<string, string[]> {
    const files = dirs.flatMap(dir => listSources(path.resolve(dir)));
    const known = new Set(files);
    const graph = new Map<string, string[]>();
    for (const file of files) {
        const imports = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles
            .map(ref => resolveRelative(file, ref.fileName, known))
            .filter((target): target is string => target !== undefined);
        graph.set(file, [...new Set(imports)].sort());
    }
    return graph;
}

/** Each loop once, as a path that starts and ends with the same file (Tarjan's strongly connected components). */
export function findImportCycles(dirs: readonly string[]): string[][] {
    const graph = importGraph(dirs);
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: string[] = [];
    const components: string[][] = [];
    let counter = 0;
    const visit = (node: string): void => {
        index.set(node, counter);
        low.set(node, counter++);
        stack.push(node);
        onStack.add(node);
        for (const next of graph.get(node) ?? []) {
            if (!index.has(next)) {
                visit(next);
                low.set(node, Math.min(low.get(node)!, low.get(next)!));
            } else if (onStack.has(next)) {
                low.set(node, Math.min(low.get(node)!, index.get(next)!));
            }
        }
        if (low.get(node) === index.get(node)) {
            const component: string[] = [];
            let member: string;
            do {
                member = stack.pop()!;
                onStack.delete(member);
                component.push(member);
            } while (member !== node);
            if (component.length > 1 || (graph.get(node) ?? []).includes(node)) {
                components.push(component);
            }
        }
    };
    for (const node of [...graph.keys()].sort()) {
        if (!index.has(node)) {
            visit(node);
        }
    }
    return components.map(component => cycleWithin(graph, new Set(component)));
}

/** One concrete loop through a strongly connected component: a shortest path from its first file back to it. */
function cycleWithin(graph: Map<string, string[]>, members: Set<string>): string[] {
    const start = [...members].sort()[0];
    const previous = new Map<string, string>();
    const queue = [start];
    while (queue.length) {
        const node = queue.shift()!;
        for (const next of graph.get(node) ?? []) {
            if (!members.has(next)) {
                continue;
            }
            if (next === start) {
                const back = [node];
                while (back[back.length - 1] !== start) {
                    back.push(previous.get(back[back.length - 1])!);
                }
                return [...back.reverse(), start];
            }
            if (!previous.has(next)) {
                previous.set(next, node);
                queue.push(next);
            }
        }
    }
    return [start, start];
}

export function formatCycle(cycle: readonly string[], cwd = process.cwd()): string {
    return 'import cycle: ' + cycle.map(file => path.relative(cwd, file)).join(' -> ');
}

if (require.main === module) {
    const dirs = process.argv.slice(2);
    const cycles = findImportCycles(dirs.length ? dirs : ['src']);
    for (const cycle of cycles) {
        console.error(formatCycle(cycle));
    }
    if (cycles.length) {
        console.error(`${cycles.length} import cycle(s): a module may not import, directly or indirectly, a module that imports it.`);
        process.exitCode = 1;
    } else {
        console.log(`no import cycles in ${(dirs.length ? dirs : ['src']).join(', ')}`);
    }
}
