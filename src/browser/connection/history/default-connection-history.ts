// *****************************************************************************
// DefaultConnectionHistory: the connection monitor's samples (answers, misses, state changes) kept for 24 h,
// capped in count (ConnectionSampleStore), announced at most once a second.
// *****************************************************************************

import { inject, injectable, postConstruct } from '@theia/core/shared/inversify';
import { Emitter } from '@theia/core/lib/common/event';
import { Disposable, DisposableCollection } from '@theia/core/lib/common/disposable';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { ConnectionHistory, ConnectionSample } from './connection-history';
import { ConnectionState } from '../state/connection-snapshot';
import { ConnectionMonitor } from '../monitor/connection-monitor';
import { ConnectionSampleStore } from './connection-sample-store';

/** onDidChange fires at most this often. */
export const HISTORY_CHANGE_INTERVAL_MS = 1000;

@injectable()
export class DefaultConnectionHistory implements ConnectionHistory, FrontendApplicationContribution, Disposable {
    @inject(ConnectionMonitor) protected readonly monitor: ConnectionMonitor;

    protected readonly store = new ConnectionSampleStore();
    /** Nobody listening (the view closed): samples are stored, but no timer runs to announce them (issue 28: idle cost). */
    protected readonly onDidChangeEmitter = new Emitter<void>({
        onFirstListenerAdd: () => this.listening = true,
        onLastListenerRemove: () => {
            this.listening = false;
            clearTimeout(this.timer);
            this.timer = undefined;
        }
    });
    protected listening = false;
    readonly onDidChange = this.onDidChangeEmitter.event;
    protected readonly toDispose = new DisposableCollection(this.onDidChangeEmitter);
    protected timer: ReturnType<typeof setTimeout> | undefined;
    protected lastFiredAt = 0;

    @postConstruct()
    protected init(): void {
        const s = this.monitor.snapshot();
        this.add({ at: s.stateSince, state: s.state });
        this.toDispose.push(this.monitor.onDidSample(sample => this.add(sample)));
        this.toDispose.push(Disposable.create(() => clearTimeout(this.timer)));
    }

    /** Bound as a FrontendApplicationContribution so that it is created, and records, from the start. */
    onStop(): void {
        this.dispose();
    }

    dispose(): void {
        this.toDispose.dispose();
    }

    /** How many samples are kept. */
    get size(): number {
        return this.store.size;
    }

    samples(sinceMs?: number): ConnectionSample[] {
        return this.store.samples(sinceMs);
    }

    stateAt(at: number): ConnectionState | undefined {
        return this.store.stateAt(at);
    }

    add(sample: ConnectionSample): void {
        this.store.add(sample);
        this.scheduleChange();
    }

    protected scheduleChange(): void {
        if (this.timer !== undefined || !this.listening || this.toDispose.disposed) {
            return;
        }
        const wait = Math.max(0, this.lastFiredAt + HISTORY_CHANGE_INTERVAL_MS - Date.now());
        this.timer = setTimeout(() => {
            this.timer = undefined;
            this.lastFiredAt = Date.now();
            this.onDidChangeEmitter.fire();
        }, wait);
    }
}
