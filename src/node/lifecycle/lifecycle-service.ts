// *****************************************************************************
// The backend's own lifecycle: at start it works out what happened to the previous instance (lifecycle ledger,
// then the own pod's status) and writes its start record; on SIGTERM it tells every tab at once and writes a
// stop record (cause `sigterm`, or `idle` when the idle deadline had passed). The idle capability calls
// `recordIdleStop` before it lets the reaper stop the pod, or `setIdleDeadline` to have SIGTERM count as idle.
// *****************************************************************************

import { inject, injectable, named, optional } from '@theia/core/shared/inversify';
import { ILogger } from '@theia/core/lib/common/logger';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { WorkspaceServer } from '@theia/workspace/lib/common/workspace-protocol';
import { PreviousInstance, PreviousInstanceSource, StopCause } from '../../common/lifecycle/lifecycle-protocol';
import { BackendInstanceProvider } from '../capabilities/backend-instance';
import { HealthContribution } from '../health/health-contribution';
import { LedgerService } from '../ledger/ledger-service';
import { PodTermination, readPodTermination } from '../storage/pod-termination';
import { appendStop, LifecycleLedger, openLifecycleLedger, readLifecycle, writeStart } from './lifecycle-ledger';
import { LifecycleRecord } from './lifecycle-records';
import { decidePrevious } from './previous-instance';
import { RestartMetrics } from './restart-metrics';
import { StoppingBroadcaster } from './stopping-broadcaster';
import { plural } from '../../common/text/numbers';

/** `false` turns the lifecycle ledger off (no `lifecycle.jsonl` in the workspace; causes then come from Kubernetes only). */
export const STOP_RECORDS_ENV = 'SESSION_HEALTH_STOP_RECORDS';

export const LifecycleService = Symbol('LifecycleService');
export interface LifecycleService extends PreviousInstanceSource {
    /** The idle hook: writes a stop record with cause `idle` now (the reaper, not the backend, stops the pod). */
    recordIdleStop(drainSeconds?: number): Promise<void>;
    /** The backend's idle deadline (ms since epoch; undefined: none). A SIGTERM after it is recorded as `idle`. */
    setIdleDeadline(at: number | undefined): void;
}

@injectable()
export class DefaultLifecycleService implements LifecycleService, BackendApplicationContribution {
    @inject(ILogger) @named('session-health:lifecycle') protected readonly logger: ILogger;
    @inject(BackendInstanceProvider) protected readonly instanceProvider: BackendInstanceProvider;
    @inject(StoppingBroadcaster) protected readonly broadcaster: StoppingBroadcaster;
    @inject(RestartMetrics) protected readonly metrics: RestartMetrics;
    @inject(HealthContribution) @optional() protected readonly health: HealthContribution | undefined;
    @inject(WorkspaceServer) @optional() protected readonly workspaceServer: WorkspaceServer | undefined;
    @inject(LedgerService) protected readonly files: LedgerService;

    protected ledger: Promise<LifecycleLedger | undefined> = Promise.resolve(undefined);
    protected previousInstance: Promise<PreviousInstance | undefined> = Promise.resolve(undefined);
    protected idleDeadline: number | undefined;
    protected stopRecorded = false;

    initialize(): void {
        this.metrics.ensure();
        this.health?.onDidStartDrain(({ drainSeconds, waitUntil }) => waitUntil(this.stopping(drainSeconds)));
        this.ledger = this.enabled() ? this.openLedger() : Promise.resolve(undefined);
        this.previousInstance = this.workOutPrevious();
    }

    previous(): Promise<PreviousInstance | undefined> {
        return this.previousInstance;
    }

    setIdleDeadline(at: number | undefined): void {
        this.idleDeadline = at;
    }

    async recordIdleStop(drainSeconds = 0): Promise<void> {
        await this.writeStop('idle', drainSeconds);
    }

    protected enabled(): boolean {
        return (process.env[STOP_RECORDS_ENV] ?? '').trim().toLowerCase() !== 'false';
    }

    protected async openLedger(): Promise<LifecycleLedger | undefined> {
        try {
            const uri = await this.workspaceServer?.getMostRecentlyUsedWorkspace();
            const root = (await this.files.workspaceRoots(uri))[0];
            return root ? await openLifecycleLedger(root, this.files) : undefined;
        } catch (e) {
            this.logger.warn(`no lifecycle ledger (${e instanceof Error ? e.message : String(e)}); restart causes come from Kubernetes only`);
            return undefined;
        }
    }

    protected record(kind: LifecycleRecord['kind'], dir: string): LifecycleRecord {
        const i = this.instanceProvider.instance;
        return { kind, instanceId: i.id, hostname: i.hostname, instanceStartedAt: i.startedAt, time: new Date().toISOString(), dir };
    }

    protected async workOutPrevious(): Promise<PreviousInstance | undefined> {
        const [ledger, pod] = await Promise.all([this.ledger, this.readPod()]);
        let read: { records: LifecycleRecord[]; foreign: LifecycleRecord[] } = { records: [], foreign: [] };
        if (ledger) {
            try {
                read = await readLifecycle(ledger, this.files);
                await writeStart(ledger, read.records, this.record('start', ledger.key), this.files);
            } catch (e) {
                this.logger.warn(`lifecycle ledger ${ledger.file}: ${e instanceof Error ? e.message : String(e)}`);
            }
        }
        const previous = decidePrevious({ ownId: this.instanceProvider.instance.id, ...read, pod });
        if (previous) {
            this.metrics.count(previous.cause);
            this.logger.info(`previous backend instance ${previous.instanceId.slice(0, 8) || '(unknown)'}: ${previous.cause} (${previous.detail})`);
        }
        return previous;
    }

    protected async readPod(): Promise<PodTermination | undefined> {
        if (!process.env.KUBERNETES_SERVICE_HOST) {
            return undefined;
        }
        const pod = await readPodTermination();
        if ('unavailable' in pod) {
            this.logger.info(`restart cause without Kubernetes: ${pod.unavailable}`);
            return undefined;
        }
        return pod;
    }

    /** SIGTERM: every tab first (within the second), then the stop record. */
    protected async stopping(drainSeconds: number): Promise<void> {
        const cause: StopCause = this.idleDeadline !== undefined && Date.now() >= this.idleDeadline ? 'idle' : 'sigterm';
        const told = this.broadcaster.broadcast({ instanceId: this.instanceProvider.instance.id, cause, drainSeconds, stopsAt: Date.now() + drainSeconds * 1000 });
        this.logger.info(`told ${plural(told, 'tab')} that the backend is stopping (${cause})`);
        await this.writeStop(cause, drainSeconds);
    }

    protected async writeStop(cause: StopCause, drainSeconds: number): Promise<void> {
        if (this.stopRecorded) {
            return;
        }
        this.stopRecorded = true;
        const ledger = await this.ledger;
        if (!ledger) {
            return;
        }
        try {
            await this.previousInstance; // the start record first
            await appendStop(ledger, { ...this.record('stop', ledger.key), cause, drainSeconds }, this.files);
        } catch (e) {
            this.logger.warn(`could not write the stop record to ${ledger.file}: ${e instanceof Error ? e.message : String(e)}`);
        }
    }
}
