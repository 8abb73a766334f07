// *****************************************************************************
// Settings that decide a safety verdict, a path we write to, or whether to warn are user/admin settings:
// their schema says `scope: PreferenceScope.User`. Theia 1.74.1 only stops the change event of such a value
// set in a workspace or folder `.theia/settings.json` (a file that comes with a `git clone`); `get` still
// returns it. The preference service view below answers those properties from the default, user and
// session (`--session-preference`, set by whoever starts the backend) scopes only.
// *****************************************************************************

import { interfaces } from '@theia/core/shared/inversify';
import {
    createPreferenceProxy, PreferenceContribution, PreferenceProxy, PreferenceSchema, PreferenceScope, PreferenceService
} from '@theia/core/lib/common/preferences';

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

/**
 * A capability's settings as its code reads them: the schema it contributes and the proxy over
 * {@link userScopedPreferenceService}. Every capability binds one through {@link bindUserScopedPreferences}: the one
 * place that lists which proxy reads which setting (a test enumerates it against every contributed `sessionHealth.*`).
 */
export const UserScopedPreferences = Symbol('UserScopedPreferences');
export interface UserScopedPreferences {
    readonly schema: PreferenceSchema;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    readonly proxy: PreferenceProxy<any>;
}

export interface UserScopedPreferenceBinding {
    /** The symbol the capability's code injects (its `PreferenceProxy`). */
    proxy: interfaces.ServiceIdentifier<unknown>;
    /** The symbol of its `PreferenceContribution` (rebindable, as Theia's own preference contributions are). */
    contribution: interfaces.ServiceIdentifier<PreferenceContribution>;
    schema: PreferenceSchema;
}

/** Theia's recipe (contribution, proxy), with the proxy reading through the user-scoped view and listed once. */
export function bindUserScopedPreferences(bind: interfaces.Bind, binding: UserScopedPreferenceBinding): void {
    const schemaOf = (ctx: interfaces.Context) => ctx.container.get<PreferenceContribution>(binding.contribution).schema ?? binding.schema;
    bind(binding.proxy).toDynamicValue(ctx => {
        const schema = schemaOf(ctx);
        return createPreferenceProxy(userScopedPreferenceService(ctx.container.get<PreferenceService>(PreferenceService), schema), schema);
    }).inSingletonScope();
    bind(binding.contribution).toConstantValue({ schema: binding.schema });
    bind(PreferenceContribution).toService(binding.contribution);
    bind(UserScopedPreferences).toDynamicValue(ctx => ({
        schema: schemaOf(ctx),
        proxy: ctx.container.get<PreferenceProxy<unknown>>(binding.proxy)
    })).inSingletonScope();
}
