// A TCP proxy for tests: forwards to a target port and can blackhole the traffic (connections stay open,
// nothing is forwarded either way) and restore it. It also records the engine.io sids it sees.
import * as net from 'net';

interface Pair {
    client: net.Socket;
    server: net.Socket;
}

export class TcpProxy {
    protected server = net.createServer(client => this.accept(client));
    protected readonly pairs = new Set<Pair>();
    protected blackholed = false;
    protected readonly held: (() => void)[] = [];
    port = 0;
    bytesUp = 0;
    bytesDown = 0;
    /** Every `sid=` seen in requests from the browser, in order. */
    readonly requestSids: string[] = [];
    /** Answer WebSocket upgrade requests with 400, like a proxy that strips `Upgrade`. */
    blockWebSocketUpgrade = false;
    /** Extra one-way delay added to every chunk from the server (ms). */
    latencyMs = 0;

    constructor(public targetPort: number) { }

    async listen(port = 0): Promise<number> {
        await new Promise<void>((resolve, reject) => {
            this.server.once('error', reject);
            this.server.listen(port, '127.0.0.1', () => resolve());
        });
        this.port = (this.server.address() as net.AddressInfo).port;
        return this.port;
    }

    get url(): string {
        return `http://127.0.0.1:${this.port}`;
    }

    /** Stop forwarding in both directions; TCP connections stay open, like a silent network failure. */
    blackhole(): void {
        this.blackholed = true;
        for (const { client, server } of this.pairs) {
            client.pause();
            server.pause();
        }
    }

    /** Forward again, including what was held. */
    restore(): void {
        this.blackholed = false;
        const held = this.held.splice(0);
        held.forEach(flush => flush());
        for (const { client, server } of this.pairs) {
            client.resume();
            server.resume();
        }
    }

    /** Close every open connection (like a proxy timeout). */
    cutAll(): void {
        for (const { client, server } of this.pairs) {
            client.destroy();
            server.destroy();
        }
    }

    get connectionCount(): number {
        return this.pairs.size;
    }

    async close(): Promise<void> {
        this.cutAll();
        await new Promise<void>(resolve => this.server.close(() => resolve()));
    }

    protected accept(client: net.Socket): void {
        if (this.blockWebSocketUpgrade) {
            client.once('data', first => {
                if (/^upgrade:\s*websocket/im.test(first.toString('latin1'))) {
                    client.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
                } else {
                    client.unshift(first);
                    this.connectPair(client);
                }
            });
            return;
        }
        this.connectPair(client);
    }

    protected connectPair(client: net.Socket): void {
        const server = net.connect(this.targetPort, '127.0.0.1');
        const pair: Pair = { client, server };
        this.pairs.add(pair);
        const forward = (from: net.Socket, to: net.Socket, up: boolean) => {
            let lastDue = 0;
            from.on('data', chunk => {
                if (up) {
                    this.bytesUp += chunk.length;
                    this.recordSids(chunk);
                } else {
                    this.bytesDown += chunk.length;
                }
                const send = () => {
                    if (!to.destroyed && !to.write(chunk)) {
                        from.pause();
                        to.once('drain', () => !this.blackholed && from.resume());
                    }
                };
                const write = () => {
                    if (up || this.latencyMs <= 0) {
                        return send();
                    }
                    // keep order: every chunk leaves `latencyMs` after it arrived, never before the previous one
                    lastDue = Math.max(Date.now() + this.latencyMs, lastDue);
                    setTimeout(send, lastDue - Date.now());
                };
                if (this.blackholed) {
                    from.pause();
                    this.held.push(write);
                } else {
                    write();
                }
            });
        };
        forward(client, server, true);
        forward(server, client, false);
        if (this.blackholed) {
            client.pause();
            server.pause();
        }
        const end = () => {
            this.pairs.delete(pair);
            client.destroy();
            server.destroy();
        };
        client.on('close', end);
        server.on('close', end);
        client.on('error', end);
        server.on('error', end);
    }

    protected recordSids(chunk: Buffer): void {
        const text = chunk.toString('latin1');
        const re = /^(?:GET|POST) [^ ]*[?&]sid=([^& ]+)/gm;
        let match: RegExpExecArray | null;
        while ((match = re.exec(text))) {
            if (this.requestSids[this.requestSids.length - 1] !== match[1]) {
                this.requestSids.push(decodeURIComponent(match[1]));
            }
        }
    }
}
