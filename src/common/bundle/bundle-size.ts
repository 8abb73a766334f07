// *****************************************************************************
// Keeps a bundle within its byte limit: the largest list is halved (oldest entries first, lists are kept
// oldest first) until the bundle fits, and every cut is written down in the bundle.
// *****************************************************************************

import { BundleCut, MAX_BUNDLE_BYTES } from './bundle-protocol';
import { utf8Length } from '../text/utf8';

interface ListRef {
    path: string;
    list: unknown[];
    bytes: number;
}

function lists(value: unknown, path: string, out: ListRef[], depth = 0): void {
    if (depth > 32 || value === null || typeof value !== 'object') {
        return;
    }
    if (Array.isArray(value)) {
        if (value.length > 1) {
            out.push({ path, list: value, bytes: JSON.stringify(value).length });
        }
        value.forEach((v, i) => lists(v, `${path}[${i}]`, out, depth + 1));
        return;
    }
    for (const [k, v] of Object.entries(value)) {
        lists(v, path ? `${path}.${k}` : k, out, depth + 1);
    }
}

/** Shrinks lists inside `bundle.parts` in place until `JSON.stringify(bundle)` fits `maxBytes`; returns the text. */
export function fitBundle(bundle: { parts: Record<string, unknown>; cut: BundleCut[] }, maxBytes = MAX_BUNDLE_BYTES): string {
    let text = JSON.stringify(bundle, undefined, 1);
    for (let round = 0; round < 64 && utf8Length(text) > maxBytes; round++) {
        const found: ListRef[] = [];
        lists(bundle.parts, 'parts', found);
        const largest = found.sort((a, b) => b.bytes - a.bytes)[0];
        if (!largest) {
            // Nothing left to cut: replace the parts by a note rather than exceed the limit.
            bundle.cut.push({ path: 'parts', kept: 0, dropped: Object.keys(bundle.parts).length, why: 'the bundle exceeded its size limit' });
            bundle.parts = {};
            return JSON.stringify(bundle, undefined, 1);
        }
        const drop = Math.ceil(largest.list.length / 2);
        largest.list.splice(0, drop);
        const earlier = bundle.cut.find(c => c.path === largest.path);
        if (earlier) {
            earlier.kept = largest.list.length;
            earlier.dropped += drop;
        } else {
            bundle.cut.push({ path: largest.path, kept: largest.list.length, dropped: drop, why: `size limit of ${maxBytes} bytes (oldest dropped)` });
        }
        text = JSON.stringify(bundle, undefined, 1);
    }
    return text;
}

/** The newest `max` items of a list kept oldest first, and the cut it made (if any). */
export function capNewest<T>(items: readonly T[], max: number, path: string, why: string, cuts: BundleCut[]): T[] {
    if (items.length <= max) {
        return [...items];
    }
    cuts.push({ path, kept: max, dropped: items.length - max, why });
    return items.slice(items.length - max);
}
