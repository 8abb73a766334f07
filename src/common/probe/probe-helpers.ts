// *****************************************************************************
// Small pure helpers the probe's context and steps share: the clock, waits, and cutting text down to evidence.
// *****************************************************************************

/** A URL without its query and fragment (a sign-in redirect's query carries state and nonces, not evidence). */
export function withoutQuery(url: string): string {
    const cut = url.search(/[?#]/);
    return cut < 0 ? url : url.slice(0, cut);
}

export function now(): number {
    return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

export function short(text: string | undefined, max = 200): string | undefined {
    return text === undefined ? undefined : text.length > max ? text.slice(0, max) + '…' : text;
}

export function median(values: number[]): number | undefined {
    if (!values.length) {
        return undefined;
    }
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function sleep(ms: number): Promise<void> {
    return new Promise(resolve => setTimeout(resolve, ms));
}
