// *****************************************************************************
// Settings that decide a safety verdict, a path we write to, or whether to warn are user/admin settings:
// their schema says `scope: PreferenceScope.User`. Theia 1.74.1 only stops the change event of such a value
// set in a workspace or folder `.theia/settings.json` (a file that comes with a `git clone`); `get` still
// returns it. The preference service view below answers those properties from the default, user and
// session (`--session-preference`, set by whoever starts the backend) scopes only.
// *****************************************************************************

import { PreferenceSchema, PreferenceScope, PreferenceService } from '@theia/core/lib/common/preferences';

/** The properties of `schema` that may be set in the user scope at most. */
export function userScopedProperties(schema: PreferenceSchema): Set<string> {
    return new Set(Object.entries(schema.properties)
        .filter(([, property]) => property.scope !== undefined && property.scope <= PreferenceScope.User)
        .map(([name]) => name));
}

/** The value of a user-scoped setting: session, else user, else default; workspace and folder values are ignored. */
export function userScopedValue<T>(service: PreferenceService, name: string, resourceUri?: string): T | undefined {
    const inspection = service.inspect<never>(name, resourceUri) as { sessionValue?: T; globalValue?: T; defaultValue?: T } | undefined;
    return inspection?.sessionValue ?? inspection?.globalValue ?? inspection?.defaultValue;
}

/** `service`, except that `get` of a user-scoped property of `schema` ignores workspace and folder values. */
export function userScopedPreferenceService(service: PreferenceService, schema: PreferenceSchema): PreferenceService {
    const restricted = userScopedProperties(schema);
    const get = (name: string, defaultValue?: unknown, resourceUri?: string): unknown => {
        if (!restricted.has(name)) {
            return service.get(name, defaultValue, resourceUri);
        }
        return userScopedValue(service, name, resourceUri) ?? defaultValue;
    };
    return new Proxy(service, {
        get(target, property) {
            if (property === 'get') {
                return get;
            }
            const value = Reflect.get(target, property, target);
            return typeof value === 'function' ? value.bind(target) : value;
        }
    });
}
