// *****************************************************************************
// The one redaction of the support bundle, used by the browser and the backend: field by field while the
// parts are made, and once more over the whole bundle at the end. It masks tokens, cookies, Authorization
// headers, credentials in URLs, values of secret-named variables/keys, and every known secret value (the
// full sid, configured tokens) wherever it appears, in keys as well as values.
// *****************************************************************************

export const MASK = '[redacted]';

/** Names (env vars, settings, JSON keys, query parameters) whose values are secret. */
export const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|KEY|CREDENTIAL|COOKIE|AUTHORIZATION|SESSION_?ID|^SID$/i;

export type RedactionRule = 'known-value' | 'by-name' | 'url-credentials' | 'auth-header' | 'assignment' | 'query-parameter';

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

    protected replace(text: string, pattern: RegExp, rule: RedactionRule, by: (...groups: string[]) => string): string {
        return text.replace(pattern, (...args: string[]) => {
            this.count(rule);
            return by(...args);
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
        // scheme://user:pass@host and scheme://token@host
        out = this.replace(out, /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@"'<>]+)@/gi, 'url-credentials', (_m, scheme) => `${scheme}${MASK}@`);
        // Authorization: Bearer xyz, Cookie: a=b; c=d, Set-Cookie: ...
        out = this.replace(out, /\b(authorization|proxy-authorization|cookie|set-cookie|x-api-key)(["']?\s*[:=]\s*["']?)[^\n"']*/gi, 'auth-header',
            (_m, name, sep) => `${name}${sep}${MASK}`);
        out = this.replace(out, /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/g, 'auth-header', (_m, scheme) => `${scheme} ${MASK}`);
        // ?access_token=... &api_key=...
        out = this.replace(out, /([?&;])([^=&\s#?]+)=(\[redacted\]|[^&\s#"']*)/g, 'query-parameter',
            (m, sep, name, value) => SECRET_NAME.test(name) && value !== MASK ? `${sep}${name}=${MASK}` : (this.uncount('query-parameter'), m));
        // NAME=value, NAME: value (env dumps, cookies, logs)
        out = this.replace(out, /\b([A-Za-z_][A-Za-z0-9_.-]*)(=|:\s?)(\[redacted\]|[^\s;,&"'\])}]+)/g, 'assignment',
            (m, name, sep, value) => SECRET_NAME.test(name) && value !== MASK ? `${name}${sep}${MASK}` : (this.uncount('assignment'), m));
        return out;
    }

    protected uncount(rule: RedactionRule): void {
        this.counts[rule]--;
    }

    /** A value stored under `name` (env var, setting, JSON key): masked whole when the name is secret. */
    field(name: string, value: unknown): unknown {
        if (SECRET_NAME.test(name) && value !== undefined && value !== null && value !== '' && value !== false) {
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
            out[safeKey] = SECRET_NAME.test(key) && !ALLOWED_KEYS.has(key) ? this.field(key, v) : this.value(v, depth + 1);
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
 * Keys the bundle itself uses that look secret but hold no secret (hashes, counts, booleans about a token). Only
 * these exact keys escape the name rule; their string values are still scanned.
 */
const ALLOWED_KEYS = new Set(['sidSha256', 'sidHash', 'adminTokenConfigured', 'metricsTokenConfigured', 'storageKey']);

/** Values of the environment whose names are secret: they become known secrets, masked wherever they appear. */
export function secretEnvValues(env: Record<string, string | undefined>): string[] {
    return Object.entries(env).filter(([name, v]) => SECRET_NAME.test(name) && !!v).map(([, v]) => v!);
}
