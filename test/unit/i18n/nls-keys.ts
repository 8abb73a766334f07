// The nls keys used in src (literal `'theia-session-health/...'` strings) and, where the call shows it, their
// English default: read from the sources, so the German file is checked against what the code really asks for.
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '../../..');
export const KEY_PREFIX = 'theia-session-health/';

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
        const full = path.join(dir, e.name);
        return e.isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(e.name) ? [full] : [];
    });
}

const STRING = "'((?:[^'\\\\]|\\\\.)*)'";
const KEY = `'(${KEY_PREFIX}[^']+)'`;

export interface UsedKeys {
    /** key → files using it */
    keys: Map<string, string[]>;
    /** key → every English default seen with it */
    defaults: Map<string, Set<string>>;
}

export function usedKeys(dir = path.join(ROOT, 'src')): UsedKeys {
    const keys = new Map<string, string[]>();
    const defaults = new Map<string, Set<string>>();
    const addDefault = (key: string, text: string) => defaults.set(key, (defaults.get(key) ?? new Set()).add(text.replace(/\\'/g, "'")));
    for (const file of sourceFiles(dir)) {
        const code = fs.readFileSync(file, 'utf8');
        for (const m of code.matchAll(new RegExp(KEY, 'g'))) {
            keys.set(m[1], [...(keys.get(m[1]) ?? []), path.relative(ROOT, file)]);
        }
        for (const m of code.matchAll(new RegExp(`nls\\.localize\\(\\s*${KEY},\\s*${STRING}`, 'g'))) {
            addDefault(m[1], m[2]);
        }
        // sessionHealthCommand({ id: ..., label: 'Label' }, 'theia-session-health/...')
        for (const m of code.matchAll(new RegExp(`label: ${STRING} \\}, ${KEY}\\)`, 'g'))) {
            addDefault(m[2], m[1]);
        }
    }
    return { keys, defaults };
}

export function placeholders(text: string): string[] {
    return [...new Set(text.match(/\{\d+\}/g) ?? [])].sort();
}
