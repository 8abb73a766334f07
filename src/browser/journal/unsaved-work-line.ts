// *****************************************************************************
// The line the connection tooltip adds about unsaved work kept by the work journal (browser/journal, through journal-unsaved-work-contribution).
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';

function files(n: number): string {
    return n === 1 ? nls.localize('theia-session-health/connection/unsavedFilesOne', '1 unsaved file') : nls.localize('theia-session-health/connection/unsavedFiles', '{0} unsaved files', n);
}

/** "3 unsaved files · kept in this browser", plus what is not kept yet; undefined when nothing is unsaved. */
export function unsavedWorkLine(counts: { kept: number; pending: number }): string | undefined {
    const { kept, pending } = counts;
    if (kept + pending === 0) {
        return undefined;
    }
    if (pending === 0) {
        return nls.localize('theia-session-health/connection/unsavedAllKept', 'Unsaved work: {0} · kept in this browser', files(kept));
    }
    return kept
        ? nls.localize('theia-session-health/connection/unsavedSomeKept', 'Unsaved work: {0} · {1} not kept yet ({2} kept in this browser)', files(kept + pending), pending, kept)
        : nls.localize('theia-session-health/connection/unsavedNoneKept', 'Unsaved work: {0} · {1} not kept yet', files(kept + pending), pending);
}
