// Waiting for a condition instead of sleeping: the integration specs poll a backend, Prometheus or a log with this.

/**
 * The first value other than undefined that `probe` gives, tried at once and then every `everyMs`; a probe that
 * throws is tried again. Once `timeoutMs` have passed it fails, naming `what` and the probe's last error.
 */
export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 250): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
        try {
            const value = await probe();
            if (value !== undefined) {
                return value;
            }
        } catch (error) {
            last = error;
        }
        if (Date.now() > deadline) {
            throw new Error(`${what} did not happen within ${timeoutMs} ms${last ? `: ${last}` : ''}`);
        }
        await new Promise(resolve => setTimeout(resolve, everyMs));
    }
}
