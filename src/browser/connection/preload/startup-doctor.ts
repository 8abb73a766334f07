// *****************************************************************************
// While the IDE is still loading, Theia's application shell does not exist yet: if every connection is
// refused (no session affinity, a restarted backend), stock Theia shows a spinner forever. This explains
// the cause on the loading screen itself, and retries with a fresh token.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import type { Socket } from 'socket.io-client';
import { ConnectionCause } from '../state/connection-snapshot';
import { HandshakeError } from '../../../common/shared/engine-io-protocol';
import { diagnoseRefusal, isRecoverableRefusal } from '../monitor/refusal-diagnosis';
import { sampleInstances } from '../monitor/instance-sampler';
import { forceReconnect } from '../monitor/socket-observer';
import { SocketEventBuffer } from './socket-event-buffer';
import { nls } from '@theia/core/lib/common/nls';

export const STARTUP_BANNER_ID = 'session-health-startup-banner';
const MIN_INTERVAL_MS = 2000;

@injectable()
export class StartupDoctor {
    @inject(SocketEventBuffer) protected readonly events: SocketEventBuffer;

    protected busy = false;
    protected lastRun = 0;
    /** The latest diagnosis, handed to the ConnectionMonitor when it starts. */
    lastCause: ConnectionCause | undefined;

    protected socket: Socket | undefined;

    /** Called by the observed connection source right after it created Theia's socket. */
    start(socket: Socket): void {
        this.socket = socket;
        this.events.onConnectFailed((_at, error) => this.onRefused(error));
    }

    protected async onRefused(error: HandshakeError): Promise<void> {
        if (this.events.attached || !isRecoverableRefusal(error) || this.busy || Date.now() - this.lastRun < MIN_INTERVAL_MS) {
            return;
        }
        this.busy = true;
        this.lastRun = Date.now();
        try {
            const cause = diagnoseRefusal({ error, sampled: await sampleInstances(3), at: Date.now() });
            this.lastCause = cause;
            if (!this.events.attached) {
                this.showBanner(cause);
                if (cause.cause !== 'unreachable' && this.socket) {
                    forceReconnect(this.socket); // the samples refreshed the token
                }
            }
        } finally {
            this.busy = false;
        }
    }

    protected showBanner(cause: ConnectionCause): void {
        let banner = document.getElementById(STARTUP_BANNER_ID);
        if (!banner) {
            banner = document.createElement('div');
            banner.id = STARTUP_BANNER_ID;
            banner.setAttribute('role', 'alert');
            banner.style.cssText = 'position:fixed;left:0;right:0;top:0;z-index:100000;padding:12px 16px;font:13px sans-serif;'
                + 'background:#a1260d;color:#fff;white-space:pre-wrap;';
            document.body.appendChild(banner);
        }
        banner.dataset.cause = cause.cause;
        banner.textContent = nls.localize('theia-session-health/connection/banner', 'The IDE cannot connect to its server. {0}', cause.message)
            + (cause.fix ? `\n${nls.localize('theia-session-health/connection/tooltip.fix', 'Fix: {0}', cause.fix)}` : '');
    }

    /** The application started: the status-bar item takes over. */
    dismiss(): void {
        document.getElementById(STARTUP_BANNER_ID)?.remove();
    }
}
