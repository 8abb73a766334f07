// *****************************************************************************
// Bundle part `settings`: every `sessionHealth.*` setting with its effective value; secret-named ones masked.
// Also the Theia settings that change how the connection behaves.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { PreferenceSchemaService, PreferenceService } from '@theia/core/lib/common/preferences';
import { BundlePartContext } from '../../../common/bundle/bundle-assembly';
import { SupportBundleContribution } from '../support-bundle-contribution';

export const BUNDLE_SETTING_PREFIXES = ['sessionHealth.'];

@injectable()
export class SettingsBundlePart implements SupportBundleContribution {
    @inject(PreferenceService) protected readonly preferences: PreferenceService;
    @inject(PreferenceSchemaService) protected readonly schema: PreferenceSchemaService;

    readonly id = 'settings';

    collect(ctx: BundlePartContext): object {
        const out: Record<string, unknown> = {};
        const names = [...this.schema.getSchemaProperties().keys()].filter(n => BUNDLE_SETTING_PREFIXES.some(p => n.startsWith(p))).sort();
        for (const name of names) {
            const inspection = this.preferences.inspect(name);
            const value = this.preferences.get(name);
            const changed = inspection && (inspection.globalValue !== undefined || inspection.workspaceValue !== undefined || inspection.workspaceFolderValue !== undefined);
            out[name] = { value: ctx.redactor.field(name, value), ...(changed ? { changed: true } : {}) };
        }
        return out;
    }
}
