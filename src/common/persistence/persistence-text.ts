// *****************************************************************************
// The persistence check's time format, shared by the report text (browser, CLI) and the verdicts (backend).
// Sizes, counts and plurals are in common/text/numbers.ts. Pure, no I/O.
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';

/** An ISO 8601 time as `YYYY-MM-DD hh:mm:ss UTC`. */
export function formatTime(iso: string | undefined): string {
    if (!iso) {
        return nls.localize('theia-session-health/persistence/unknownTime', 'an unknown time');
    }
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}
