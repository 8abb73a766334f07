// *****************************************************************************
// Reading parsed YAML (plain JSON data) safely: the mapping test and path lookups every rule uses.
// *****************************************************************************

import { isObject } from '@theia/core/lib/common/types';
import { YamlPath } from './lint-types';

/** A YAML mapping: Theia's `isObject`, minus sequences (a YAML `[...]` is never a map here). */
export function isMapping(value: unknown): value is Record<string, unknown> {
    return isObject<Record<string, unknown>>(value) && !Array.isArray(value);
}

export function get(value: unknown, path: YamlPath): unknown {
    let current = value;
    for (const key of path) {
        if (typeof key === 'number' ? !Array.isArray(current) : !isMapping(current)) {
            return undefined;
        }
        current = (current as Record<string | number, unknown>)[key];
    }
    return current;
}

export function asArray(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}
