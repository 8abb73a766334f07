// The suite fixture of the browser specs that drop the IDE's connection: the real backend, a TcpProxy in front of
// it (to blackhole and restore) and the IDE opened through the proxy, connected before the first test; all three
// ended after the suite. Call it inside a `describe`.
import { TcpProxy } from './tcp-proxy';
import { IdePage, openIde, OpenIdeOptions } from './ide-page';
import { RunningBackend, startBackend } from './theia-backend';

export interface ProxiedIde {
    readonly backend: RunningBackend;
    readonly proxy: TcpProxy;
    readonly ide: IdePage;
}

export function useProxiedIde(options: OpenIdeOptions = {}, connectTimeoutMs = 30000): ProxiedIde {
    let backend: RunningBackend | undefined;
    let proxy: TcpProxy | undefined;
    let ide: IdePage | undefined;

    before(async () => {
        backend = await startBackend();
        proxy = new TcpProxy(backend.port);
        await proxy.listen();
        ide = await openIde(proxy.url, options);
        await ide.waitForState('connected', connectTimeoutMs);
    });
    after(async () => {
        await ide?.close();
        await proxy?.close();
        await backend?.stop();
    });

    const started = <T>(value: T | undefined, what: string): T => {
        if (value === undefined) {
            throw new Error(`useProxiedIde: no ${what} (the before hook has not run or failed)`);
        }
        return value;
    };
    return {
        get backend(): RunningBackend { return started(backend, 'backend'); },
        get proxy(): TcpProxy { return started(proxy, 'proxy'); },
        get ide(): IdePage { return started(ide, 'IDE page'); }
    };
}
