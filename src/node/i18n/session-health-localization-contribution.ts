// *****************************************************************************
// Contributes this extension's translations to Theia's localization registry, as @theia/core's
// TheiaLocalizationContribution does: one `i18n/nls.<locale>.json` per language, keys `theia-session-health/...`.
// *****************************************************************************

import { injectable } from '@theia/core/shared/inversify';
import { LocalizationContribution, LocalizationRegistry } from '@theia/core/lib/node/i18n/localization-contribution';

/**
 * German is registered as a language pack: Theia's frontend only switches to a locale that some contribution marks
 * as one (the VS Code language packs do, in apps with plugin support). Theia's own German strings (@theia/core's
 * nls.de.json) merge into the same locale; strings Theia takes from VS Code stay English without a VS Code pack.
 */
export const GERMAN = { languageId: 'de', languageName: 'German', localizedLanguageName: 'Deutsch', languagePack: true };

@injectable()
export class SessionHealthLocalizationContribution implements LocalizationContribution {
    async registerLocalizations(registry: LocalizationRegistry): Promise<void> {
        // a `require` (not a file read) so that the backend bundle of `theia build` carries the file
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        registry.registerLocalizationFromRequire(GERMAN, require('../../../i18n/nls.de.json'));
    }
}
