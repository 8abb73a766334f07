// *****************************************************************************
// The one parser of numeric options (settings, environment variables, CLI flags, query parameters).
// It only reads and checks; each caller turns the result into its own message and decides whether an
// out-of-range value is clamped, replaced by a default, refused or thrown.
// *****************************************************************************

export interface NumberOptionSpec {
    min: number;
    max: number;
    /** Whole numbers only (a fraction is `invalid`). */
    integer?: boolean;
    /** Round to the nearest whole number before the range check (a setting of 300.4 ms is 300). */
    round?: boolean;
    /**
     * How a string is read. `number` (default): as JavaScript's `Number()` does (spaces around, `1e3`, `0x10`);
     * `decimal`: digits with an optional fraction only (`12`, `0.5`); `none`: a string is not a number
     * (a settings value must be a JSON number).
     */
    text?: 'number' | 'decimal' | 'none';
}

export type NumberOptionResult =
    /** The value, within the range (rounded when `round`). */
    | { status: 'ok'; value: number }
    /** `undefined`: the option is not given. */
    | { status: 'absent' }
    /** An empty or all-space string. */
    | { status: 'blank' }
    /** Not a number of the accepted kind (no number, NaN, Infinity, a fraction where whole numbers are wanted). */
    | { status: 'invalid' }
    /** A number outside min..max: `value` as given (rounded when `round`), `clamped` the nearest allowed value. */
    | { status: 'out-of-range'; value: number; clamped: number };

const DECIMAL = /^\d+(\.\d+)?$/;

export function parseNumberOption(raw: unknown, spec: NumberOptionSpec): NumberOptionResult {
    if (raw === undefined) {
        return { status: 'absent' };
    }
    let n: number;
    if (typeof raw === 'number') {
        n = raw;
    } else if (typeof raw === 'string' && (spec.text ?? 'number') !== 'none') {
        if (raw.trim() === '') {
            return { status: 'blank' };
        }
        if (spec.text === 'decimal' && !DECIMAL.test(raw.trim())) {
            return { status: 'invalid' };
        }
        n = Number(raw);
    } else {
        return { status: 'invalid' };
    }
    if (!Number.isFinite(n)) {
        return { status: 'invalid' };
    }
    const value = spec.round ? Math.round(n) : n;
    if (spec.integer && !Number.isInteger(value)) {
        return { status: 'invalid' };
    }
    if (value < spec.min || value > spec.max) {
        return { status: 'out-of-range', value, clamped: Math.min(spec.max, Math.max(spec.min, value)) };
    }
    return { status: 'ok', value };
}

/** The value, clamped into the range when outside it; `fallback` when absent, blank or not a number. */
export function clampedNumberOption(result: NumberOptionResult, fallback: number): number {
    return result.status === 'ok' ? result.value : result.status === 'out-of-range' ? result.clamped : fallback;
}
