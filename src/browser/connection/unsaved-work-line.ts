// *****************************************************************************
// The line the connection tooltip adds about unsaved work kept by the work journal (browser/journal).
// *****************************************************************************

function files(n: number): string {
    return `${n} unsaved file${n === 1 ? '' : 's'}`;
}

/** "3 unsaved files · kept in this browser", plus what is not kept yet; undefined when nothing is unsaved. */
export function unsavedWorkLine(counts: { kept: number; pending: number }): string | undefined {
    const { kept, pending } = counts;
    if (kept + pending === 0) {
        return undefined;
    }
    if (pending === 0) {
        return `Unsaved work: ${files(kept)} · kept in this browser`;
    }
    return `Unsaved work: ${files(kept + pending)} · ${pending} not kept yet${kept ? ` (${kept} kept in this browser)` : ''}`;
}
