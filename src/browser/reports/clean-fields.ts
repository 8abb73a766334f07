// *****************************************************************************
// Record fields as the validator accepts them (the recorder and the reporter both clean fields).
// *****************************************************************************

import { MAX_COUNT, MAX_DURATION_MS, MAX_FIELD_STRING, REPORT_FIELDS, ReportFields } from '../../common/reports/reports-protocol';

/** Drops undefined and non-finite values, rounds and caps numbers, shortens strings: the result always validates. */
export function clean(fields: ReportFields): ReportFields {
    const out: Record<string, string | number | boolean> = {};
    for (const [key, value] of Object.entries(fields)) {
        if (typeof value === 'number') {
            if (Number.isFinite(value) && value >= 0) {
                out[key] = Math.min(Math.round(value), REPORT_FIELDS[key] === 'count' ? MAX_COUNT : MAX_DURATION_MS);
            }
        } else if (typeof value === 'string') {
            out[key] = value.slice(0, MAX_FIELD_STRING);
        } else if (typeof value === 'boolean') {
            out[key] = value;
        }
    }
    return out;
}
