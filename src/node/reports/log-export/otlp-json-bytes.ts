// *****************************************************************************
// The fixed bytes of the OTLP/JSON encoding and JSON.stringify's escapes, for otlp-json-writer.ts.
// *****************************************************************************

/** The bytes of ASCII text (the fixed pieces of the encoding). */
export function asciiBytes(text: string): Uint8Array {
    return Buffer.from(text, 'latin1');
}

/** JSON.stringify's short escapes of control characters (`\b \t \n \f \r`), by code; 0 = `\u00XX`. */
export const SHORT_ESCAPES = new Uint8Array(32);
SHORT_ESCAPES[0x08] = 0x62;
SHORT_ESCAPES[0x09] = 0x74;
SHORT_ESCAPES[0x0a] = 0x6e;
SHORT_ESCAPES[0x0c] = 0x66;
SHORT_ESCAPES[0x0d] = 0x72;
export const HEX = asciiBytes('0123456789abcdef');

export const STRING_VALUE = asciiBytes('{"stringValue":');
export const INT_VALUE = asciiBytes('{"intValue":');
export const DOUBLE_VALUE = asciiBytes('{"doubleValue":');
export const TRUE_VALUE = asciiBytes('{"boolValue":true');
export const FALSE_VALUE = asciiBytes('{"boolValue":false');

/** Longer strings are escaped by JSON.stringify (see `JsonWriter.string`). */
export const LONG_STRING = 96;

export function jsonText(value: unknown): string {
    try {
        return JSON.stringify(value) ?? String(value);
    } catch {
        return String(value);
    }
}

/** `\u00XX` / `\uXXXX` (lowercase hex, as JSON.stringify writes it) at `o`; returns the position after it. */
export function escapeUnit(out: Buffer, o: number, code: number): number {
    out[o++] = 0x5c;
    out[o++] = 0x75;
    out[o++] = HEX[(code >> 12) & 15];
    out[o++] = HEX[(code >> 8) & 15];
    out[o++] = HEX[(code >> 4) & 15];
    out[o++] = HEX[code & 15];
    return o;
}
