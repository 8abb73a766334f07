// *****************************************************************************
// Mount-point globs (`sessionHealth.storage.*MountPatterns`) matched in linear time: the pattern is compiled
// to a small automaton and run over the path once, so no pattern can make matching take more than
// (path length x pattern length) steps. A backtracking RegExp (`**` -> `.*`) blocked the event loop for
// seconds on a 49-character pattern.
// *****************************************************************************

import { Automaton, collapse, SLASH, tokenize } from './mount-glob-automaton';

/** Patterns longer than this never match (a mount point glob is a path: PATH_MAX-sized globs are not a use). */
export const MAX_MOUNT_PATTERN_LENGTH = 256;
/** Only the first this many patterns of one setting are used. */
export const MAX_MOUNT_PATTERNS = 100;

export class MountPattern {
    protected readonly automaton: Automaton | undefined;
    /** `true` when the pattern is too long to be used: it matches nothing. */
    readonly tooLong: boolean;

    constructor(readonly glob: string) {
        this.tooLong = glob.length > MAX_MOUNT_PATTERN_LENGTH;
        if (!this.tooLong) {
            const tokens = tokenize(glob);
            const n = tokens.length;
            const tail = n >= 2 && tokens[n - 1].kind === 'globstar' && tokens[n - 2].kind === 'char' && (tokens[n - 2] as { code: number }).code === SLASH;
            this.automaton = new Automaton(collapse(tail ? tokens.slice(0, -2) : tokens), tail);
        }
    }

    /** Whether the whole `path` matches. A few word operations per character and 32 pattern positions. */
    test(path: string): boolean {
        const a = this.automaton;
        if (!a) {
            return false;
        }
        const { words, loop } = a;
        // `next`: the positions that may consume the next character; `now`: those that consumed this one.
        const next = a.bits();
        const now = a.bits();
        next[0] = 1;
        // Words at and above `top` are all zero in `next`.
        let top = a.close(next, 1);
        for (let i = 0; i < path.length; i++) {
            const accepts = a.acceptsOf(path.charCodeAt(i));
            let highest = -1;
            let spill = 0;
            for (let w = 0; w < top; w++) {
                const v = next[w] & accepts[w];
                now[w] = v;
                next[w] = ((v << 1) | spill) >>> 0;
                spill = v >>> 31;
                if (v) {
                    highest = w;
                }
            }
            if (highest < 0) {
                return false;
            }
            if (top < words) {
                next[top] = spill;
            }
            top = a.close(next, Math.min(words, highest + 2));
            for (let w = 0; w <= highest; w++) {
                next[w] = (next[w] | (now[w] & loop[w])) >>> 0;
            }
        }
        return (next[a.end >>> 5] & (1 << (a.end & 31))) !== 0;
    }
}

const cache = new Map<string, MountPattern>();

/** The compiled pattern (cached: the same settings are matched against every mount point). */
export function mountPattern(glob: string): MountPattern {
    let compiled = cache.get(glob);
    if (!compiled) {
        compiled = new MountPattern(glob);
        if (cache.size >= 500) {
            cache.clear();
        }
        cache.set(glob, compiled);
    }
    return compiled;
}

/** The first pattern (trimmed before use, returned as written) that matches the whole mount point. */
export function matchesMountPattern(mountPoint: string, patterns: readonly unknown[] | undefined): string | undefined {
    if (!Array.isArray(patterns)) {
        return undefined;
    }
    for (const pattern of patterns.slice(0, MAX_MOUNT_PATTERNS)) {
        if (typeof pattern === 'string' && pattern.trim() !== '' && mountPattern(pattern.trim()).test(mountPoint)) {
            return pattern;
        }
    }
    return undefined;
}
