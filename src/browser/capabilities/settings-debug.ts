// *****************************************************************************
// For tests and support (`window.__sessionHealthSettings`): every contributed `sessionHealth.*` setting, what the
// proxies of the capabilities that read it return (the very objects their code injects), and what Theia's own
// preference service returns. A setting no capability lists through bindUserScopedPreferences shows no readers.
// *****************************************************************************

import { inject, injectable, named } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { ContributionProvider } from '@theia/core/lib/common/contribution-provider';
import { PreferenceSchemaService, PreferenceService } from '@theia/core/lib/common/preferences';
import { UserScopedPreferences } from '../shared/user-scoped-preferences';

export const SETTINGS_PREFIX = 'sessionHealth.';

export interface SettingRead {
    name: string;
    /** What each proxy listing the setting reads: `proxy[name]`, and `proxy.get(name)` for the resource asked. */
    readers: { property: unknown; get: unknown }[];
    /** Theia's own `PreferenceService.get` (workspace and folder values included). */
    theia: unknown;
    defaultValue: unknown;
    /** The schema's `type`, `minimum`, `maximum` and `enum` (what a value may be). */
    schema: { type?: string | string[]; minimum?: number; maximum?: number; enum?: unknown[] };
}

export interface SettingsDebugView {
    ready(): Promise<void>;
    read(resourceUri?: string): SettingRead[];
}

@injectable()
export class SettingsDebugContribution implements FrontendApplicationContribution {
    @inject(ContributionProvider) @named(UserScopedPreferences) protected readonly scoped: ContributionProvider<UserScopedPreferences>;
    @inject(PreferenceSchemaService) protected readonly schemas: PreferenceSchemaService;
    @inject(PreferenceService) protected readonly preferences: PreferenceService;

    onStart(): void {
        const view: SettingsDebugView = { ready: () => this.preferences.ready, read: resourceUri => this.read(resourceUri) };
        (window as unknown as { __sessionHealthSettings: SettingsDebugView }).__sessionHealthSettings = view;
    }

    read(resourceUri?: string): SettingRead[] {
        const names = [...this.schemas.getSchemaProperties().keys()].filter(n => n.startsWith(SETTINGS_PREFIX)).sort();
        return names.map(name => ({
            name,
            readers: this.scoped.getContributions().filter(s => name in s.schema.properties)
                .map(s => ({ property: s.proxy[name], get: s.proxy.get(name, undefined, resourceUri) })),
            theia: this.preferences.get(name, undefined, resourceUri),
            defaultValue: this.preferences.inspect(name, resourceUri)?.defaultValue,
            schema: this.schemaOf(name)
        }));
    }

    protected schemaOf(name: string): SettingRead['schema'] {
        const { type, minimum, maximum, enum: values } = this.schemas.getSchemaProperty(name) ?? {};
        return { type, minimum, maximum, enum: values };
    }
}
