// *****************************************************************************
// After this tab reconnected to a new backend instance: asks GET /session-health/instance for `previous` and says
// why the server restarted, in plain words (notification, timeline; the reports carry it from the timeline).
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { Endpoint } from '@theia/core/lib/browser/endpoint';
import { MessageService } from '@theia/core/lib/common/message-service';
import { INSTANCE_ROUTE } from '../../common/connection/heartbeat-protocol';
import { isPreviousInstance, PreviousInstance, restartSentence } from '../../common/lifecycle/lifecycle-protocol';
import { ConnectionMonitor } from '../connection/connection-monitor';
import { ConnectionSnapshot } from '../connection/connection-snapshot';
import { escapeMarkdown } from '../markdown-text';

export async function fetchPrevious(): Promise<{ id: string; previous?: PreviousInstance } | undefined> {
    try {
        const url = new Endpoint({ path: INSTANCE_ROUTE }).getRestUrl().toString();
        const response = await fetch(url, { cache: 'no-store', credentials: 'same-origin' });
        const body = response.ok ? await response.json() as { id?: unknown; previous?: unknown } : undefined;
        return typeof body?.id === 'string' ? { id: body.id, previous: isPreviousInstance(body.previous) ? body.previous : undefined } : undefined;
    } catch {
        return undefined;
    }
}

export function shortTime(iso: string): string {
    return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

@injectable()
export class RestartCauseNotifier implements FrontendApplicationContribution {
    @inject(ConnectionMonitor) protected readonly monitor: ConnectionMonitor;
    @inject(MessageService) protected readonly messages: MessageService;

    protected knownInstance: string | undefined;
    protected explained = new Set<string>();

    onStart(): void {
        this.monitor.onDidChange(s => this.onChange(s));
        this.onChange(this.monitor.snapshot());
    }

    protected onChange(s: ConnectionSnapshot): void {
        const id = s.socketOpen ? s.instance?.id : undefined;
        if (!id || id === this.knownInstance) {
            return;
        }
        const before = this.knownInstance;
        this.knownInstance = id;
        if (before && !this.explained.has(id)) {
            this.explained.add(id);
            this.explain(before, id);
        }
    }

    protected async explain(before: string, now: string, tries = 5): Promise<void> {
        for (let i = 0; i < tries; i++) {
            const answer = await fetchPrevious();
            if (answer?.id === now) {
                const previous = answer.previous;
                // about the instance this tab worked with (or one the new backend cannot name: replaced storage)
                if (previous && (previous.instanceId === before || previous.instanceId === '')) {
                    const message = restartSentence(previous, shortTime);
                    this.monitor.restartExplained(previous.cause, message);
                    this.messages.info(escapeMarkdown(message));
                }
                return;
            }
            await new Promise(resolve => setTimeout(resolve, 500));
        }
    }
}
