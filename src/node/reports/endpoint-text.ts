// *****************************************************************************
// How an OTLP endpoint appears in a log line: its origin only. No Theia or OpenTelemetry imports (the log export
// worker's bundle includes it).
// *****************************************************************************

/**
 * The endpoint as it may appear in a log: its origin only (no user, password, path or query, which can hold
 * credentials), or a placeholder when it is not a URL.
 */
export function endpointForLog(endpoint: string | undefined): string {
    try {
        const url = new URL(String(endpoint).trim());
        return url.origin !== 'null' ? url.origin : `(a ${url.protocol} URL)`;
    } catch {
        return '(not a valid URL)';
    }
}

/** Replaces every URL in a message (an exporter error may quote its endpoint) by its origin. */
export function scrubUrls(text: string): string {
    return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>]*[^\s'"<>:,.;)]/gi, url => endpointForLog(url));
}
