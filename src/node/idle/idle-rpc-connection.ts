// *****************************************************************************
// IDLE_SERVICE_PATH: one IdleService object per RPC connection (one tab). The tab counts as connected while the
// channel is open; every tab is told when the last activity changes.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { ConnectionHandler } from '@theia/core/lib/common/messaging/handler';
import { RpcProxyFactory } from '@theia/core/lib/common/messaging/proxy-factory';
import { DisposableCollection } from '@theia/core/lib/common/disposable';
import type { Channel } from '@theia/core/lib/common/message-rpc/channel';
import { IDLE_SERVICE_PATH, IdleClient, IdleService, IdleStatus, readTabActivity, TabActivity } from '../../common/idle/idle-protocol';
import { ActivityTracker } from './activity-tracker';

export class IdleRpcConnection implements IdleService {
    protected readonly toDispose = new DisposableCollection();

    constructor(protected readonly tracker: ActivityTracker, protected readonly client: IdleClient) {
        this.toDispose.push(tracker.connect(this));
        this.toDispose.push(tracker.onDidChange(() => this.push()));
    }

    async report(raw: TabActivity): Promise<IdleStatus> {
        const activity = readTabActivity(raw);
        if (!activity) {
            throw new Error('Idle report refused: expected { activity: boolean, visible: boolean }');
        }
        this.tracker.report(this, activity);
        return this.tracker.status();
    }

    protected push(): void {
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

    onConnection(channel: Channel): void {
        const factory = new RpcProxyFactory<IdleClient>();
        const connection = new IdleRpcConnection(this.tracker, factory.createProxy());
        factory.target = connection;
        channel.onClose(() => connection.dispose());
        factory.listen(channel);
    }
}
