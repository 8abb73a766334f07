// *****************************************************************************
// When the journal writes a changed text: at once for small texts, debounced for large ones.
// *****************************************************************************

/** Quiet time after the last change before the text is written; never longer than MAX_WAIT_MS while typing goes on. */
export const DEBOUNCE_MS = 300;
export const MAX_WAIT_MS = 1000;
/** Texts up to this many UTF-16 units are written on every change, in the same task (nothing to lose to a crash). */
export const WRITE_THROUGH_MAX_CHARS = 64 * 1024;

/** Whether a text of `length` (undefined: not known yet) is written on every change rather than debounced. */
export function writesThrough(length: number | undefined): boolean {
    return length === undefined || length <= WRITE_THROUGH_MAX_CHARS;
}
