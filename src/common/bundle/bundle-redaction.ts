// *****************************************************************************
// The one redaction of the support bundle, used by the browser and the backend: field by field while the
// parts are made, and once more over the whole bundle at the end (the CLI runs it a third time). It masks
// values of secret-named variables/keys (bundle-secret-names.ts), every known secret value (the full sid,
// configured tokens) wherever it appears, and in any text: URL userinfo, every query and fragment value,
// Authorization/Cookie headers, bearer credentials, `"key": "value"` pairs and `NAME=value` assignments
// whose name is secret.
// *****************************************************************************

import { isHeadersName, isProtocolConstant, isSecretName } from './bundle-secret-names';

export const MASK = '[redacted]';

export type RedactionRule = 'known-value' | 'by-name' | 'url-credentials' | 'auth-header' | 'assignment' | 'query-parameter'
    | 'url-fragment' | 'json-pair';

/** A URL (with scheme) or an absolute path, then its query and/or fragment. */
const URL_PARTS = /((?:\b[a-z][a-z0-9+.-]*:\/\/|(?<![\w.~%-])\/)[^\s?#"'<>]*)(\?[^\s#"'<>]*)?(#[^\s"'<>]*)?/gi;
/**
 * `"key": "value"`, `'key': 'value'` and `"key": 12345` (JSON or JS object text inside a string), also once escaped
 * (`{\"key\": \"value\"}`: JSON quoted into a string, as request evidence is).
 */
const JSON_PAIR = /(\\?["'])([^"'\\\n]{1,100})\1(\s*:\s*)(?:(\\?["'])((?:(?!\4)(?:\\.|[^\\\n]))*)\4|(-?[\w.+-]+))/g;

export class Redactor {
    protected readonly secrets: string[];
    readonly counts: Record<string, number> = {};

    /** `knownSecrets`: exact values that must never appear (shorter than 6 characters are ignored: too common). */
    constructor(knownSecrets: Iterable<string | undefined> = []) {
        this.secrets = [...new Set([...knownSecrets].filter((s): s is string => typeof s === 'string' && s.length >= 6))]
            .sort((a, b) => b.length - a.length);
    }

    protected count(rule: RedactionRule, n = 1): void {
        this.counts[rule] = (this.counts[rule] ?? 0) + n;
    }

    /** Replaces every match that `by` changes, counting only real changes under `rule`. */
    protected replace(text: string, pattern: RegExp, rule: RedactionRule, by: (...groups: string[]) => string): string {
        return text.replace(pattern, (...args: string[]) => {
            const out = by(...args);
            if (out !== args[0]) {
                this.count(rule);
            }
            return out;
        });
    }

    /** Masks every secret inside a piece of text. */
    text(input: string): string {
        let out = input;
        for (const secret of this.secrets) {
            if (out.includes(secret)) {
                const parts = out.split(secret);
                this.count('known-value', parts.length - 1);
                out = parts.join(MASK);
            }
        }
        // scheme://user:pass@host and scheme://token@host (greedy: a password may hold a raw `@`)
        out = this.replace(out, /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"'<>]+)@/gi, 'url-credentials', (m, scheme, info) => info === MASK ? m : `${scheme}${MASK}@`);
        out = this.urlParts(out);
        // Authorization: Bearer xyz, Cookie: a=b; c=d, Set-Cookie: ...
        out = this.replace(out, /\b(authorization|proxy-authorization|cookie|set-cookie|x-api-key)(["']?\s*[:=]\s*["']?)[^\n"']*/gi, 'auth-header',
            (m, name, sep) => `${name}${sep}${MASK}`);
        out = this.replace(out, /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/g, 'auth-header', (_m, scheme) => `${scheme} ${MASK}`);
        out = this.replace(out, JSON_PAIR, 'json-pair', (m, q, key, sep, vq, quoted, bare) => {
            const secret = isSecretName(key) || (isHeadersName(key) && quoted !== undefined);
            if (!secret || quoted === MASK || bare === MASK || (bare !== undefined && /^(true|false|null)$/.test(bare))) {
                return m;
            }
            return `${q}${key}${q}${sep}${vq ?? q}${MASK}${vq ?? q}`;
        });
        // a=1; token=x (cookie strings and query-like text outside URLs)
        out = this.replace(out, /([?&;])([^=&\s#?]+)=(\[redacted\]|[^&\s#"']*)/g, 'query-parameter',
            (m, sep, name, value) => isSecretName(name) && value !== MASK ? `${sep}${name}=${MASK}` : m);
        // OTEL_EXPORTER_OTLP_HEADERS=a=1,b=2: the whole header list, up to the next space
        out = this.replace(out, /\b([A-Za-z_][A-Za-z0-9_.-]*)(=|:\s?)(\[redacted\]|[^\s"']+)/g, 'assignment',
            (m, name, sep, value) => isHeadersName(name) && value !== MASK ? `${name}${sep}${MASK}` : m);
        // NAME=value, NAME: value (env dumps, cookies, logs)
        out = this.replace(out, /\b([A-Za-z_][A-Za-z0-9_.-]*)(=|:\s?)(\[redacted\]|[^\s;,&"'\])}]+)/g, 'assignment',
            (m, name, sep, value) => isSecretName(name) && value !== MASK ? `${name}${sep}${MASK}` : m);
        return out;
    }

    /**
     * Every query value and every fragment of a URL or absolute path: signatures (`?sig=`), tokens and OAuth
     * fragments (`#access_token=`) hide under any name. Parameter names stay; engine.io's protocol constants too.
     */
    protected urlParts(text: string): string {
        return text.replace(URL_PARTS, (m: string, base: string, query: string | undefined, fragment: string | undefined) => {
            if (!query && !fragment) {
                return m;
            }
            let out = base;
            if (query) {
                out += '?' + query.slice(1).split('&').map(piece => {
                    const eq = piece.indexOf('=');
                    const [name, value] = eq < 0 ? ['', piece] : [piece.slice(0, eq), piece.slice(eq + 1)];
                    if (value === '' || value === MASK || isProtocolConstant(name, value)) {
                        return piece;
                    }
                    this.count('query-parameter');
                    return eq < 0 ? MASK : `${name}=${MASK}`;
                }).join('&');
            }
            if (fragment && fragment.length > 1 && fragment !== `#${MASK}`) {
                this.count('url-fragment');
                out += `#${MASK}`;
            } else if (fragment) {
                out += fragment;
            }
            return out;
        });
    }

    /**
     * A value stored under `name` (env var, setting, JSON key): masked whole when the name is secret; under a
     * header-list name (`…HEADERS`) masked whole unless it is an object (then each header is judged by its name).
     */
    field(name: string, value: unknown): unknown {
        const empty = value === undefined || value === null || value === '' || value === false;
        const byName = isSecretName(name) || (isHeadersName(name) && (typeof value !== 'object' || value === null));
        if (byName && !empty) {
            this.count('by-name');
            return MASK;
        }
        return this.value(value);
    }

    /** A deep copy of `value` with every key and string redacted (secret-named keys get {@link MASK}). */
    value(value: unknown, depth = 0): unknown {
        if (typeof value === 'string') {
            return this.text(value);
        }
        if (value === null || typeof value !== 'object') {
            return typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint' ? String(value) : value;
        }
        if (depth > 32) {
            return '[too deep]';
        }
        if (Array.isArray(value)) {
            return value.map(v => this.value(v, depth + 1));
        }
        const out: Record<string, unknown> = {};
        for (const [key, v] of Object.entries(value)) {
            const safeKey = this.text(key);
            out[safeKey] = isSecretName(key) || isHeadersName(key) ? this.field(key, v) : this.value(v, depth + 1);
        }
        return out;
    }

    /** Env vars as a record: secret-named ones masked, every other value scanned. */
    env(env: Record<string, string | undefined>): Record<string, string> {
        const out: Record<string, string> = {};
        for (const name of Object.keys(env).sort()) {
            const v = env[name];
            if (v !== undefined) {
                out[name] = String(this.field(name, v));
            }
        }
        return out;
    }
}

/**
 * Values of the environment whose names are secret: they become known secrets, masked wherever they appear.
 * A header list (`a=1,b=2`) also gives each header's value, which may show up on its own. A plain absolute path
 * (the shell's `PWD`, `OLDPWD`, a `…_PASSWORD_FILE`) is no credential: masking it everywhere would hide every path.
 */
export function secretEnvValues(env: Record<string, string | undefined>): string[] {
    const out: string[] = [];
    for (const [name, v] of Object.entries(env)) {
        if (v && !/^\/[\w./-]*$/.test(v) && (isSecretName(name) || isHeadersName(name))) {
            out.push(v);
            if (isHeadersName(name)) {
                out.push(...v.split(',').map(h => h.slice(h.indexOf('=') + 1).trim()));
            }
        }
    }
    return out;
}
