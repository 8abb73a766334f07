// *****************************************************************************
// "Session Health: Export Support Bundle…": makes the browser bundle with a progress notification and
// downloads it as one JSON file. Notifications carry only our own words and numbers (no markdown from data).
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { Command, CommandContribution, CommandRegistry } from '@theia/core/lib/common/command';
import { MessageService } from '@theia/core/lib/common/message-service';
import { ILogger } from '@theia/core/lib/common/logger';
import { sessionHealthCommand } from '../shared/command-category';
import { bundleFileName, EXPORT_BUNDLE_COMMAND_ID } from '../../common/bundle/bundle-protocol';
import { downloadText } from './bundle-download';
import { SupportBundleService } from './support-bundle-service';
import { nls } from '@theia/core/lib/common/nls';

export const EXPORT_SUPPORT_BUNDLE: Command = sessionHealthCommand({ id: EXPORT_BUNDLE_COMMAND_ID, label: 'Export Support Bundle…' }, 'theia-session-health/bundle/exportSupportBundle');

/** For tests and support: the last export's size and time (`window.__sessionHealthBundle`). */
export interface BundleDebugView {
    last?: { fileName: string; bytes: number; durationMs: number; cut: number };
}

@injectable()
export class BundleCommandContribution implements CommandContribution {
    @inject(SupportBundleService) protected readonly service: SupportBundleService;
    @inject(MessageService) protected readonly messages: MessageService;
    @inject(ILogger) protected readonly logger: ILogger;

    protected running = false;
    protected readonly debug: BundleDebugView = {};

    registerCommands(registry: CommandRegistry): void {
        (window as unknown as { __sessionHealthBundle: BundleDebugView }).__sessionHealthBundle = this.debug;
        registry.registerCommand(EXPORT_SUPPORT_BUNDLE, { execute: () => this.export(), isEnabled: () => !this.running });
    }

    async export(): Promise<void> {
        if (this.running) {
            return;
        }
        this.running = true;
        const progress = await this.messages.showProgress({ text: nls.localize('theia-session-health/bundle/progress', 'Session Health: making the support bundle') });
        const started = performance.now();
        try {
            const made = await this.service.make();
            const fileName = bundleFileName('browser', new Date());
            progress.report({ message: 'downloading', work: { done: 1, total: 1 } });
            downloadText(made.text, fileName);
            const durationMs = Math.round(performance.now() - started);
            this.debug.last = { fileName, bytes: made.bytes, durationMs, cut: made.bundle.cut.length };
            const failed = Object.entries(made.bundle.parts).filter(([, v]) => !!v && typeof v === 'object' && 'error' in v).map(([k]) => k);
            const kb = (made.bytes / 1024).toFixed(0);
            const note = failed.length ? ' ' + nls.localize('theia-session-health/bundle/unreadParts', 'Parts that could not be read: {0}.', failed.join(', ')) : '';
            this.messages.info(nls.localize('theia-session-health/bundle/saved', 'Support bundle saved as {0} ({1} KB, secrets masked).', fileName, kb) + note);
        } catch (e) {
            this.logger.error('session-health: support bundle failed', e);
            this.messages.error(nls.localize('theia-session-health/bundle/failed', 'Session Health: the support bundle could not be made. The browser console has the details.'));
        } finally {
            progress.cancel();
            this.running = false;
        }
    }
}
