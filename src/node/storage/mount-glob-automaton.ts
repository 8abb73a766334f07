// *****************************************************************************
// The automaton of a mount-point glob (mount-pattern.ts): tokens, collapsed runs of `*`/`**`, and a set-of-states
// matcher that reads the path once, so matching stays linear whatever the pattern.
// *****************************************************************************

export type Token = { kind: 'char'; code: number } | { kind: 'one' } | { kind: 'star' } | { kind: 'globstar' } | { kind: 'group' };

export const SLASH = 0x2f;

function isLineBreak(code: number): boolean {
    return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

/**
 * `*` = any characters but `/`; `**` = anything but a line break; `**` + `/` = any number of whole directories
 * (or none); `?` = one character but `/`; everything else literal. A trailing `/**` also matches the directory itself.
 */
export function tokenize(glob: string): Token[] {
    const tokens: Token[] = [];
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === '*' && glob[i + 1] === '*') {
            tokens.push({ kind: glob[i + 2] === '/' ? 'group' : 'globstar' });
            i += glob[i + 2] === '/' ? 2 : 1;
        } else if (c === '*' || c === '?') {
            tokens.push({ kind: c === '*' ? 'star' : 'one' });
        } else {
            tokens.push({ kind: 'char', code: glob.charCodeAt(i) });
        }
    }
    return tokens;
}

/**
 * Merges neighbours that mean the same as one of them: two `*` = `*`, two `**` = `**`, two directory groups
 * (`**` + `/`) = one, and `**` next to a directory group = `**`. (A `*` next to `**` stays: `*` crosses line breaks.)
 */
export function collapse(tokens: Token[]): Token[] {
    const out: Token[] = [];
    for (const t of tokens) {
        const last = out[out.length - 1]?.kind;
        const kinds = [last, t.kind].sort().join(' ');
        if (last === t.kind && t.kind !== 'char' && t.kind !== 'one') {
            continue;
        } else if (kinds === 'globstar group') {
            out[out.length - 1] = { kind: 'globstar' };
        } else {
            out.push(t);
        }
    }
    return out;
}

/**
 * The pattern as a position automaton held in bit sets (one bit per pattern position, plus one for the end),
 * run bit-parallel: each path character costs a few word operations per 32 positions.
 */
export class Automaton {
    readonly words: number;
    readonly end: number;
    /** Positions that may repeat (stars). */
    readonly loop: Uint32Array;
    /** Positions that may be passed without consuming (stars, and the first position of a `**` + `/` group). */
    readonly skip: Uint32Array;
    /** Starts of optional groups: entering one also enters the position two further on. */
    readonly jump: Uint32Array;
    protected readonly chars = new Map<number, number[]>();
    protected readonly notSlash: number[] = [];
    protected readonly any: number[] = [];
    protected readonly accepts = new Map<number, Uint32Array>();
    protected readonly ascii: Array<Uint32Array | undefined> = new Array(128);

    constructor(tokens: Token[], optionalTail: boolean) {
        const positions: Array<{ consumes: 'char' | 'not-slash' | 'any'; code?: number; loop?: boolean; skip?: boolean; jump?: boolean }> = [];
        for (const t of tokens) {
            if (t.kind === 'char') {
                positions.push({ consumes: 'char', code: t.code });
            } else if (t.kind === 'one' || t.kind === 'star') {
                positions.push({ consumes: 'not-slash', loop: t.kind === 'star', skip: t.kind === 'star' });
            } else if (t.kind === 'globstar') {
                positions.push({ consumes: 'any', loop: true, skip: true });
            } else {
                positions.push({ consumes: 'any', loop: true, skip: true, jump: true }, { consumes: 'char', code: SLASH });
            }
        }
        if (optionalTail) {
            positions.push({ consumes: 'char', code: SLASH, jump: true }, { consumes: 'any', loop: true, skip: true });
        }
        this.end = positions.length;
        this.words = Math.ceil((this.end + 1) / 32);
        this.loop = this.bits();
        this.skip = this.bits();
        this.jump = this.bits();
        positions.forEach((p, i) => {
            const set = (bits: Uint32Array, on: boolean | undefined) => on && (bits[i >>> 5] |= 1 << (i & 31));
            set(this.loop, p.loop);
            set(this.skip, p.skip);
            set(this.jump, p.jump);
            if (p.consumes === 'char') {
                this.chars.set(p.code!, [...this.chars.get(p.code!) ?? [], i]);
            } else {
                (p.consumes === 'any' ? this.any : this.notSlash).push(i);
            }
        });
    }

    bits(): Uint32Array {
        return new Uint32Array(this.words);
    }

    /** The positions that can consume `code`. */
    acceptsOf(code: number): Uint32Array {
        if (code < 128) {
            return this.ascii[code] ??= this.acceptsFor(code);
        }
        return this.acceptsFor(code);
    }

    protected acceptsFor(code: number): Uint32Array {
        const key = this.chars.has(code) || code === SLASH || isLineBreak(code) ? code : -1;
        let mask = this.accepts.get(key);
        if (!mask) {
            mask = this.bits();
            const add = (i: number) => mask![i >>> 5] |= 1 << (i & 31);
            (this.chars.get(code) ?? []).forEach(add);
            if (code !== SLASH) {
                this.notSlash.forEach(add);
            }
            if (!isLineBreak(code)) {
                this.any.forEach(add);
            }
            this.accepts.set(key, mask);
        }
        return mask;
    }

    /**
     * Adds to `x`, in place, every position reachable from it without consuming (through skips and group jumps).
     * Only words below `top` (and where a carry runs on) can change: positions move up a few bits per character.
     */
    close(x: Uint32Array, top: number): number {
        const { skip, jump, words } = this;
        for (let more = true; more;) {
            // A run of skippable positions is passed in one addition: the carry runs to the run's end.
            let carry = 0;
            let w = 0;
            for (; w < words && (w < top || carry); w++) {
                const sum = skip[w] + (x[w] & skip[w]) + carry;
                carry = sum > 0xffffffff ? 1 : 0;
                x[w] = (x[w] | ((sum >>> 0) ^ skip[w])) >>> 0;
            }
            top = Math.max(top, w);
            more = false;
            let spill = 0;
            for (w = 0; w < words && (w < top || spill); w++) {
                const v = x[w] & jump[w];
                const jumped = ((v << 2) | spill) >>> 0;
                spill = v >>> 30;
                if (jumped & ~x[w]) {
                    more = true;
                    x[w] = (x[w] | jumped) >>> 0;
                }
            }
            top = Math.max(top, w);
        }
        return top;
    }
}
