// *****************************************************************************
// Extra request headers for the probe (`--header 'Name: value'`): to probe behind an authenticating proxy
// with a session cookie or a bearer token. Their values are credentials: parse errors never quote them, and
// the probe hides them (and the parts a server could echo) in everything it returns.
// *****************************************************************************

export interface ProbeHeader {
    name: string;
    value: string;
}

/** RFC 9110 token characters. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Headers the probe itself must control: the connection, the body, the WebSocket handshake, the Origin checks. */
const RESERVED = /^(host|content-length|transfer-encoding|connection|upgrade|te|trailer|keep-alive|proxy-connection|origin|sec-websocket-.*)$/i;

export class ProbeHeaderError extends Error { }

/**
 * Parses `Name: value`. The error message names the header (or its position) and what is wrong, never the value.
 * @param position 1-based position of the argument, for the message
 */
export function parseProbeHeader(text: string, position: number): ProbeHeader {
    const colon = text.indexOf(':');
    if (colon < 0) {
        throw new ProbeHeaderError(`--header #${position} must look like 'Name: value' (no colon found)`);
    }
    const name = text.slice(0, colon).trim();
    const value = text.slice(colon + 1).trim();
    if (!name || !TOKEN.test(name)) {
        throw new ProbeHeaderError(`--header #${position}: the name before the colon must be a header name (letters, digits, - and a few symbols)`);
    }
    if (RESERVED.test(name)) {
        throw new ProbeHeaderError(`--header ${name}: this header is set by the probe itself and cannot be given`);
    }
     
    if (/[\x00-\x08\x0a-\x1f\x7f]/.test(value)) {
        throw new ProbeHeaderError(`--header ${name}: the value contains a control character (line break?)`);
    }
    if (!value) {
        throw new ProbeHeaderError(`--header ${name}: the value is empty`);
    }
    return { name, value };
}

/** Shortest part of a header value that is hidden on its own (shorter ones would blank out ordinary words). */
const MIN_SECRET_PART = 6;

/**
 * Every string that must not appear in a result for these headers: each whole value, and the parts a server might
 * echo alone (a cookie's value, the credentials after `Bearer`), also URL-encoded.
 */
export function probeHeaderSecrets(headers: readonly ProbeHeader[]): string[] {
    const out = new Set<string>();
    for (const { value } of headers) {
        const parts = [value, ...value.split(/[;,\s]+/).flatMap(p => {
            const eq = p.indexOf('=');
            return eq > 0 ? [p, p.slice(eq + 1)] : [p];
        })];
        for (const part of parts) {
            if (part.length >= MIN_SECRET_PART || part === value) {
                out.add(part);
                out.add(encodeURIComponent(part));
            }
        }
    }
    // Longest first: a value is replaced before a part of it.
    return [...out].sort((a, b) => b.length - a.length);
}

export const HIDDEN_HEADER_VALUE = '<hidden header value>';

/** The text with every secret replaced by {@link HIDDEN_HEADER_VALUE}. */
export function hideHeaderSecrets(text: string, secrets: readonly string[]): string {
    let out = text;
    for (const secret of secrets) {
        if (secret && out.includes(secret)) {
            out = out.split(secret).join(HIDDEN_HEADER_VALUE);
        }
    }
    return out;
}
