// *****************************************************************************
// The length of a string in UTF-8: what every byte limit counts (the backend's body limits, the journal's caps,
// the report queue, the bundle's size limit). Counted without encoding: the journal calls it on every change.
// *****************************************************************************

/** Bytes `text` takes in UTF-8 (a lone surrogate counts 3, as TextEncoder writes U+FFFD for it). */
export function utf8Length(text: string): number {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c < 0x80) {
            n += 1;
        } else if (c < 0x800) {
            n += 2;
        } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
            n += 4;
            i++;
        } else {
            n += 3;
        }
    }
    return n;
}
