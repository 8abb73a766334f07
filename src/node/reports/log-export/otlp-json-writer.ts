// *****************************************************************************
// Writes OTLP/JSON straight into a request buffer as UTF-8 (strings escaped and encoded as they are written), so a
// record leaves no garbage of its own: garbage built as strings cost the backend's event loop (docs/benchmarks-notes.md).
// *****************************************************************************

import { DOUBLE_VALUE, escapeUnit, FALSE_VALUE, INT_VALUE, jsonText, LONG_STRING, SHORT_ESCAPES, STRING_VALUE, TRUE_VALUE } from './otlp-json-bytes';

/** The bytes of `{"key":<key>,"value":` per attribute name (fixed names: made once each). */
const keyBytes = new Map<string, Uint8Array>();

/** One JSON document written into a buffer (grown when needed); `bytes()` is a view of it, not a copy. */
export class JsonWriter {
    length = 0;

    constructor(public buffer: Buffer = Buffer.allocUnsafeSlow(1024)) { }

    protected reserve(bytes: number): void {
        if (this.length + bytes > this.buffer.length) {
            const grown = Buffer.allocUnsafeSlow(Math.max(this.length + bytes, this.buffer.length * 2));
            this.buffer.copy(grown, 0, 0, this.length);
            this.buffer = grown;
        }
    }

    /** Fixed bytes (a piece of the encoding, a few dozen bytes: copied here faster than by a native call). */
    raw(bytes: Uint8Array): void {
        this.reserve(bytes.length);
        const out = this.buffer;
        let o = this.length;
        for (let i = 0; i < bytes.length; i++) {
            out[o++] = bytes[i];
        }
        this.length = o;
    }

    /** One ASCII character by its code. */
    byte(code: number): void {
        this.reserve(1);
        this.buffer[this.length++] = code;
    }

    /** Text that is JSON already, as UTF-8 (pieces written once per request). */
    text(json: string): void {
        this.reserve(json.length * 3);
        this.length += this.buffer.write(json, this.length, 'utf8');
    }

    /**
     * `text` as a JSON string, quotes included: the UTF-8 bytes of `JSON.stringify(text)`. A long one (a record's
     * JSON as the body) is escaped by JSON.stringify itself, several times faster than this loop for one string of
     * garbage; short ones (attribute values, names) by the loop.
     */
    string(text: string): void {
        if (text.length > LONG_STRING) {
            this.text(JSON.stringify(text));
            return;
        }
        // per UTF-16 unit at most 6 bytes (`\u001f`, a lone surrogate's `\udc00`); a pair of them makes 4
        this.reserve(text.length * 6 + 2);
        const out = this.buffer;
        let o = this.length;
        out[o++] = 0x22;
        const n = text.length;
        for (let i = 0; i < n; i++) {
            const c = text.charCodeAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c !== 0x22 && c !== 0x5c) {
                    out[o++] = c;
                } else if (c >= 0x20) {
                    out[o++] = 0x5c;
                    out[o++] = c;
                } else if (SHORT_ESCAPES[c]) {
                    out[o++] = 0x5c;
                    out[o++] = SHORT_ESCAPES[c];
                } else {
                    o = escapeUnit(out, o, c);
                }
            } else if (c < 0x800) {
                out[o++] = 0xc0 | (c >> 6);
                out[o++] = 0x80 | (c & 0x3f);
            } else if (c < 0xd800 || c > 0xdfff) {
                out[o++] = 0xe0 | (c >> 12);
                out[o++] = 0x80 | ((c >> 6) & 0x3f);
                out[o++] = 0x80 | (c & 0x3f);
            } else {
                const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
                if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
                    const point = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
                    out[o++] = 0xf0 | (point >> 18);
                    out[o++] = 0x80 | ((point >> 12) & 0x3f);
                    out[o++] = 0x80 | ((point >> 6) & 0x3f);
                    out[o++] = 0x80 | (point & 0x3f);
                    i++;
                } else {
                    o = escapeUnit(out, o, c); // a lone surrogate, escaped as JSON.stringify does
                }
            }
        }
        out[o++] = 0x22;
        this.length = o;
    }

    /** `key` (a fixed piece such as `,"name":`) and the value as a JSON string; nothing when there is no value. */
    stringField(key: Uint8Array, value: string | undefined): void {
        if (value !== undefined) {
            this.raw(key);
            this.string(value);
        }
    }

    /** `key` and the number; nothing when there is none. */
    numberField(key: Uint8Array, value: number | undefined): void {
        if (value !== undefined) {
            this.raw(key);
            this.number(value);
        }
    }

    /** A non-negative integer (below 2^53), zero-padded to `width` digits. */
    digits(value: number, width = 1): void {
        if (value > 0x7fffffff) { // the seconds of a time: the upper digits first, the lower nine as ones below 2^31
            const upper = Math.floor(value / 1e9);
            this.digits(upper, width - 9);
            this.digits(value - upper * 1e9, 9);
            return;
        }
        let count = 1;
        for (let rest = value; rest >= 10; rest = (rest / 10) | 0) {
            count++;
        }
        const length = Math.max(count, width);
        this.reserve(length);
        const out = this.buffer;
        let o = this.length + length;
        let rest = value;
        for (let k = 0; k < length; k++) {
            const next = (rest / 10) | 0;
            out[--o] = 0x30 + rest - next * 10;
            rest = next;
        }
        this.length += length;
    }

    /** A number as JSON.stringify writes it. */
    number(value: number): void {
        if (Number.isSafeInteger(value) && value >= 0) {
            this.digits(value);
        } else {
            this.text(JSON.stringify(value) ?? 'null');
        }
    }

    /** HrTime as the quoted decimal string of nanoseconds since the epoch (fixed64 in the JSON encoding). */
    nanos(time: readonly [number, number]): void {
        const [seconds, nanos] = time;
        this.byte(0x22);
        if (seconds > 0) {
            this.digits(seconds);
            this.digits(nanos, 9);
        } else {
            this.digits(nanos);
        }
        this.byte(0x22);
    }

    /**
     * One attribute or body value as OTLP AnyValue (int64 as a number, like the SDK's JSON encoder); arrays, maps and
     * bytes are written as their JSON text (a report record body: its JSON).
     */
    anyValue(value: unknown): void {
        switch (typeof value) {
            case 'string':
                this.raw(STRING_VALUE);
                this.string(value);
                break;
            case 'number':
                if (Number.isInteger(value)) {
                    this.raw(INT_VALUE);
                    this.number(value);
                } else if (Number.isFinite(value)) {
                    this.raw(DOUBLE_VALUE);
                    this.number(value);
                } else {
                    this.raw(STRING_VALUE);
                    this.string(String(value));
                }
                break;
            case 'boolean':
                this.raw(value ? TRUE_VALUE : FALSE_VALUE);
                break;
            default:
                this.raw(STRING_VALUE);
                this.string(jsonText(value));
        }
        this.byte(0x7d);
    }

    /**
     * The attributes with a value as `{"key":…,"value":…}`, comma-separated (a comma first when `more` says some were
     * written before); returns whether any was written, now or before.
     */
    attributes(attributes: Record<string, unknown> | undefined, more = false): boolean {
        if (!attributes) {
            return more;
        }
        for (const key of Object.keys(attributes)) {
            const value = attributes[key];
            if (value === undefined || value === null) {
                continue;
            }
            let k = keyBytes.get(key);
            if (k === undefined) {
                const piece = new JsonWriter(Buffer.alloc(key.length * 6 + 20));
                piece.text('{"key":');
                piece.string(key);
                piece.text(',"value":');
                k = Buffer.from(piece.bytes());
                if (keyBytes.size < 1000) {
                    keyBytes.set(key, k);
                }
            }
            if (more) {
                this.byte(0x2c);
            }
            this.raw(k);
            this.anyValue(value);
            this.byte(0x7d);
            more = true;
        }
        return more;
    }

    bytes(): Uint8Array {
        return this.buffer.subarray(0, this.length);
    }
}
