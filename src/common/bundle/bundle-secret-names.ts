// *****************************************************************************
// Which names (environment variables, settings, JSON keys, query parameters, header names) hold a secret.
// The one list of the support bundle's redaction (bundle-redaction.ts); nothing else decides this.
// *****************************************************************************

/**
 * Our own prefixes name no secret: every Session Health variable starts with `SESSION_HEALTH_` and every setting
 * with `sessionHealth.`, which the `SESSION` rule would otherwise match. Only the rest of such a name is checked.
 */
const OWN_PREFIX = /^(SESSION_HEALTH_|sessionHealth\.)/;

/** Secret wherever these appear in a name, in any case (`DB_PASSWORD`, `apiKey`, `OLDPWD`, `X-Auth-Token`, `flaskSession`). */
const SECRET_PART = /TOKEN|SECRET|PASS|PWD|KEY|CREDENTIAL|COOKIE|AUTH|SESSION|SIGNATURE/i;

/**
 * Secret only as a whole word of a name (`AZURE_SIG`, `X-Amz-Sig`, `sentryDsn`, `SENTRY_DSN`): inside another word
 * they are common and harmless (`signal`, `assignment`, `holdsNothing`).
 */
const SECRET_WORD = /^(SIG|SIGS|SIGNED|SIGV\d*|DSN)$/;

/** The whole name `sid` (the engine.io session id). */
const SID = /^SID$/i;

/** Names whose value is a list of headers (`OTEL_EXPORTER_OTLP_HEADERS`): any header in it may carry a credential. */
const HEADERS_SUFFIX = /HEADERS$/i;

/** Keys the bundle itself uses that look secret but hold no secret (hashes, booleans about a token, storage keys). */
export const NOT_SECRET_KEYS: ReadonlySet<string> = new Set(['sidSha256', 'sidHash', 'backendSidSha256', 'adminTokenConfigured', 'metricsTokenConfigured', 'storageKey']);

/** The words of a name: split at `_`, `-`, `.`, spaces and camelCase humps, upper-cased. */
export function nameWords(name: string): string[] {
    return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').split(/[^A-Za-z0-9]+/).filter(w => !!w).map(w => w.toUpperCase());
}

/** Whether a value stored under `name` is secret whatever it looks like. */
export function isSecretName(name: string): boolean {
    if (NOT_SECRET_KEYS.has(name)) {
        return false;
    }
    const own = name.replace(OWN_PREFIX, '');
    return SECRET_PART.test(own) || SID.test(own) || nameWords(own).some(w => SECRET_WORD.test(w));
}

/** Whether `name` holds a header list (masked whole when it is text; an object of headers is checked header by header). */
export function isHeadersName(name: string): boolean {
    return HEADERS_SUFFIX.test(name) && !NOT_SECRET_KEYS.has(name);
}

/** Query parameters whose values are protocol constants (engine.io's), kept so that a request stays readable. */
export function isProtocolConstant(name: string, value: string): boolean {
    return (name === 'EIO' && /^\d$/.test(value)) || (name === 'transport' && (value === 'polling' || value === 'websocket'));
}
