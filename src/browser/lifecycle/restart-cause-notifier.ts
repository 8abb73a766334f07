// *****************************************************************************
// After this tab reconnected to a new backend instance: asks GET /session-health/instance for `previous` and records
// why the server restarted, in plain words, in the timeline (the reports carry it from there). The connection's
// restart notification asks it for the cause (RestartCauseSource) and says it in its one notification.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { Endpoint } from '@theia/core/lib/browser/endpoint';
import { INSTANCE_ROUTE } from '../../common/connection/heartbeat-protocol';
import { isPreviousInstance, PreviousInstance, restartSentence } from '../../common/lifecycle/lifecycle-protocol';
import { ConnectionMonitor } from '../connection/monitor/connection-monitor';
import { ConnectionSnapshot } from '../connection/state/connection-snapshot';
import { RestartCauseSource, shortTime } from '../connection/recovery/restart-summary';

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

@injectable()
export class RestartCauseNotifier implements FrontendApplicationContribution, RestartCauseSource {
    @inject(ConnectionMonitor) protected readonly monitor: ConnectionMonitor;

    protected knownInstance: string | undefined;
    /** One answer per new instance (the connection's restart notification asks for it too). */
    protected readonly explained = new Map<string, Promise<PreviousInstance | undefined>>();

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
        if (before) {
            this.explain(before, id);
        }
    }

    explain(before: string, now: string): Promise<PreviousInstance | undefined> {
        let answer = this.explained.get(now);
        if (!answer) {
            answer = this.fetchExplanation(before, now);
            this.explained.set(now, answer);
        }
        return answer;
    }

    protected async fetchExplanation(before: string, now: string, tries = 5): Promise<PreviousInstance | undefined> {
        for (let i = 0; i < tries; i++) {
            const answer = await fetchPrevious();
            if (answer?.id === now) {
                const previous = answer.previous;
                // about the instance this tab worked with (or one the new backend cannot name: replaced storage)
                if (previous && (previous.instanceId === before || previous.instanceId === '')) {
                    // the whole sentence with its detail in the timeline (and the reports); the notification is short
                    this.monitor.restartExplained(previous.cause, restartSentence(previous, shortTime));
                    return previous;
                }
                return undefined;
            }
            await new Promise(resolve => setTimeout(resolve, 500));
        }
        return undefined;
    }
}
