// *****************************************************************************
// Tells the lifecycle ledger the idle deadline, so that a SIGTERM that arrives after it (the reaper stopping an
// idle pod) is recorded as an idle stop, and the next instance says `idle-stop` rather than `planned-stop`.
// *****************************************************************************

import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { DisposableCollection } from '@theia/core/lib/common/disposable';
import { LifecycleService } from '../lifecycle/lifecycle-service';
import { ActivityTracker } from './activity-tracker';

@injectable()
export class IdleStopDeadline implements BackendApplicationContribution {
    @inject(ActivityTracker) protected readonly tracker: ActivityTracker;
    @inject(LifecycleService) @optional() protected readonly lifecycle: LifecycleService | undefined;
    protected readonly toDispose = new DisposableCollection();

    initialize(): void {
        if (!this.lifecycle || this.tracker.config.timeoutSeconds === undefined) {
            return;
        }
        this.update();
        this.toDispose.push(this.tracker.onDidChange(() => this.update()));
    }

    onStop(): void {
        this.toDispose.dispose();
    }

    protected update(): void {
        const stopsAt = this.tracker.status().stopsAt;
        this.lifecycle?.setIdleDeadline(stopsAt === null ? undefined : Date.parse(stopsAt));
    }
}
