// *****************************************************************************
// IDLE_SERVICE_PATH: one IdleService object per RPC connection (one tab). The tab counts as connected while the
// channel is open; every tab is told when the last activity changes, at most once a second (the newest status at
// the end of the second), and each connection's reports are rate-limited: a tab that floods reports neither
// floods the other tabs with pushes nor keeps the backend busy.
// *****************************************************************************

import { inject, injectable, postConstruct } from '@theia/core/shared/inversify';
import { ConnectionHandler } from '@theia/core/lib/common/messaging/handler';
import { RpcProxyFactory } from '@theia/core/lib/common/messaging/proxy-factory';
import { Disposable, DisposableCollection } from '@theia/core/lib/common/disposable';
import type { Channel } from '@theia/core/lib/common/message-rpc/channel';
import {
    ACTIVITY_REPORT_BURST, ACTIVITY_REPORTS_PER_SECOND, IDLE_SERVICE_PATH, IdleClient, IdleService, IdleStatus, MIN_STATUS_PUSH_INTERVAL_MS,
    readTabActivity, TabActivity
} from '../../common/idle/idle-protocol';
import type { RateLimiter } from '../http/rate-limiter';
import { HttpGuard } from '../http/http-guard';
import { ActivityTracker } from './activity-tracker';

export class IdleRpcConnection implements IdleService {
    protected readonly toDispose = new DisposableCollection();
    protected lastPush = 0;
    protected pushTimer: ReturnType<typeof setTimeout> | undefined;

    constructor(protected readonly tracker: ActivityTracker, protected readonly client: IdleClient, protected readonly limiter: RateLimiter) {
        this.toDispose.push(tracker.connect(this));
        this.toDispose.push(tracker.onDidChange(() => this.push()));
        this.toDispose.push(Disposable.create(() => clearTimeout(this.pushTimer)));
    }

    async report(raw: TabActivity): Promise<IdleStatus> {
        const wait = this.limiter.take(this);
        if (wait > 0) {
            throw new Error(`Idle report refused: more than ${ACTIVITY_REPORTS_PER_SECOND} reports a second on this connection; retry after ${wait} s`);
        }
        const activity = readTabActivity(raw);
        if (!activity) {
            throw new Error('Idle report refused: expected { activity: boolean, visible: boolean }');
        }
        this.tracker.report(this, activity);
        return this.tracker.status();
    }

    /** Now when the last push is a second old; else once, at the end of that second, with the status of then. */
    protected push(): void {
        if (this.pushTimer !== undefined) {
            return;
        }
        const wait = this.lastPush + MIN_STATUS_PUSH_INTERVAL_MS - Date.now();
        if (wait > 0) {
            this.pushTimer = setTimeout(() => {
                this.pushTimer = undefined;
                this.pushNow();
            }, wait);
            return;
        }
        this.pushNow();
    }

    protected pushNow(): void {
        this.lastPush = Date.now();
        Promise.resolve(this.client.onIdleStatus(this.tracker.status())).catch(() => undefined);
    }

    dispose(): void {
        this.toDispose.dispose();
    }
}

@injectable()
export class IdleRpcConnectionHandler implements ConnectionHandler {
    readonly path = IDLE_SERVICE_PATH;
    @inject(ActivityTracker) protected readonly tracker: ActivityTracker;
    @inject(HttpGuard) protected readonly guard: HttpGuard;
    /** One bucket per connection object (weakly held: gone with the connection); made once the guard is injected. */
    protected limiter: RateLimiter;

    @postConstruct()
    protected makeLimiter(): void {
        this.limiter = this.guard.rateLimiter(ACTIVITY_REPORTS_PER_SECOND, ACTIVITY_REPORT_BURST);
    }

    onConnection(channel: Channel): void {
        const factory = new RpcProxyFactory<IdleClient>();
        const connection = new IdleRpcConnection(this.tracker, factory.createProxy(), this.limiter);
        factory.target = connection;
        channel.onClose(() => connection.dispose());
        factory.listen(channel);
    }
}
