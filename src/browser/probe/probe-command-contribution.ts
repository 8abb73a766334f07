// *****************************************************************************
// Command `Session Health: Diagnose Connection Path`: the connection-path probe run from the browser.
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';
import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { Command, CommandContribution, CommandRegistry } from '@theia/core/lib/common/command';
import { ClipboardService } from '@theia/core/lib/browser/clipboard-service';
import { ConnectionMonitor } from '../connection/monitor/connection-monitor';
import { ideBaseUrl } from '../../common/probe/engine-io-packets';
import { formatProbeResult } from '../../common/probe/probe-format';
import { monitorNotes } from '../../common/probe/probe-monitor-notes';
import { ProbeResult, ProbeStep } from '../../common/probe/probe-protocol';
import { Emitter } from '@theia/core/lib/common/event';
import { runProbe } from '../../common/probe/probe-runner';
import { BrowserProbeTransport } from './browser-probe-transport';
import { ProbeDialog } from './probe-dialog';
import { sessionHealthCommand } from '../shared/command-category';

export const DIAGNOSE_CONNECTION: Command = sessionHealthCommand({ id: 'session-health.diagnose-connection', label: 'Diagnose Connection Path' }, 'theia-session-health/probe/diagnoseConnection');

@injectable()
export class ProbeCommandContribution implements CommandContribution {
    /** Absent when connection is switched off: the probe then runs without the monitor's notes. */
    @inject(ConnectionMonitor) @optional() protected readonly monitor: ConnectionMonitor | undefined;
    @inject(ClipboardService) protected readonly clipboard: ClipboardService;

    protected dialog: ProbeDialog | undefined;
    protected last: { result?: ProbeResult; notes: string[]; steps?: ProbeStep[]; error?: string } = { notes: [] };
    protected running = false;
    protected readonly onDidChangeEmitter = new Emitter<void>();
    /** Fires when a probe starts, makes a step, ends or fails (the Session Health view's Connection path section). */
    readonly onDidChange = this.onDidChangeEmitter.event;

    /** The last probe run from this tab: its steps so far, result, error and the monitor's notes. */
    get lastRun(): Readonly<{ result?: ProbeResult; notes: string[]; steps?: ProbeStep[]; error?: string }> {
        return this.last;
    }

    get isRunning(): boolean {
        return this.running;
    }

    /** Runs the probe again without a dialog; the view shows the outcome. */
    async diagnoseInView(): Promise<void> {
        if (this.running) {
            return;
        }
        this.running = true;
        const notes = this.monitor ? monitorNotes(this.monitor.snapshot(), Date.now()) : [];
        this.last = { notes, steps: [] };
        this.onDidChangeEmitter.fire();
        try {
            this.last.result = await runProbe(ideBaseUrl(window.location), new BrowserProbeTransport(), {
                onStep: step => { this.last.steps?.push(step); this.onDidChangeEmitter.fire(); }
            });
        } catch (e) {
            this.last.error = e instanceof Error ? e.message : String(e);
        } finally {
            this.running = false;
            this.onDidChangeEmitter.fire();
        }
    }

    /** The last probe of this tab and the monitor notes shown with it (the support bundle reads them). */
    get lastProbe(): { result?: ProbeResult; notes: readonly string[] } {
        return this.last;
    }

    registerCommands(registry: CommandRegistry): void {
        registry.registerCommand(DIAGNOSE_CONNECTION, { execute: () => this.diagnose() });
    }

    async diagnose(): Promise<void> {
        const dialog = new ProbeDialog({ rerun: () => this.run(), copy: () => this.copy() });
        this.dialog = dialog;
        const opened = dialog.open();
        await this.run();
        await opened;
        if (this.dialog === dialog) {
            this.dialog = undefined;
        }
    }

    protected async run(): Promise<void> {
        const dialog = this.dialog;
        if (!dialog || this.running) {
            return;
        }
        this.running = true;
        dialog.reset();
        const notes = this.monitor ? monitorNotes(this.monitor.snapshot(), Date.now()) : [];
        dialog.showMonitorNotes(notes);
        this.last = { notes, steps: [] };
        try {
            const result = await runProbe(ideBaseUrl(window.location), new BrowserProbeTransport(), { onStep: step => { this.last.steps?.push(step); dialog.addStep(step); } });
            this.last.result = result;
            dialog.showResult(result);
        } catch (e) {
            this.last.error = e instanceof Error ? e.message : String(e);
            dialog.showError(this.last.error);
        } finally {
            this.running = false;
            this.onDidChangeEmitter.fire();
        }
    }

    protected copy(): void {
        const text = [
            this.last.result ? formatProbeResult(this.last.result) : nls.localize('theia-session-health/probe/copy.noResult', 'No probe result yet.'),
            nls.localize('theia-session-health/probe/copy.monitor', 'Live connection monitor:'),
            ...this.last.notes.map(n => `  - ${n}`)
        ].join('\n');
        this.clipboard.writeText(text);
    }
}
