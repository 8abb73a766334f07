// Debian's nginx and haproxy as non-daemon children with generated configs under .test-tmp (probe tests).
import { ChildProcess, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { TEST_TMP } from './paths';
import { spawnGroup, stopGroup } from './processes';

export const NGINX = '/usr/sbin/nginx';
export const HAPROXY = '/usr/sbin/haproxy';

export async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const port = (server.address() as net.AddressInfo).port;
            server.close(() => resolve(port));
        });
    });
}

async function waitForPort(port: number, child: ChildProcess, output: () => string, timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (child.exitCode !== null) {
            throw new Error(`proxy exited with ${child.exitCode}:\n${output()}`);
        }
        const open = await new Promise<boolean>(resolve => {
            const socket = net.connect(port, '127.0.0.1');
            socket.once('connect', () => { socket.destroy(); resolve(true); });
            socket.once('error', () => resolve(false));
        });
        if (open) {
            return;
        }
        await new Promise(resolve => setTimeout(resolve, 25));
    }
    throw new Error(`proxy did not listen on ${port} within ${timeoutMs} ms:\n${output()}`);
}

export interface RunningProxy {
    port: number;
    url: string;
    output(): string;
    stop(): Promise<void>;
}

async function run(kind: string, command: string, args: string[], port: number, dir: string): Promise<RunningProxy> {
    // Its own process group: SIGKILL to the nginx master alone would leave its workers running.
    const child = spawnGroup(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
    let output = '';
    child.stdout!.on('data', c => { output += c; });
    child.stderr!.on('data', c => { output += c; });
    const stop = async () => {
        await stopGroup(child, 'SIGKILL');
        fs.rmSync(dir, { recursive: true, force: true });
    };
    try {
        await waitForPort(port, child, () => output);
    } catch (e) {
        await stop();
        throw e;
    }
    return { port, url: `http://127.0.0.1:${port}/`, output: () => `${kind}: ${output}`, stop };
}

export interface NginxOptions {
    /** Extra main-context directives, e.g. `worker_shutdown_timeout 2s;`. */
    main?: string;
    workerConnections?: number;
    /** After the port listens, also wait (up to 30 s) until a GET of this path through nginx gets any answer. */
    readyPath?: string;
}

export interface RunningNginx extends RunningProxy {
    /** `nginx -s reload`: new workers with the same config; the old ones finish (worker_shutdown_timeout). */
    reload(): void;
}

/**
 * Starts nginx with the given `http { ... }` body; `PORT` and `DIR` in it are replaced by the listen port
 * and the private directory (temp paths, cache).
 */
export async function startNginx(httpBody: string, options: NginxOptions = {}): Promise<RunningNginx> {
    const port = await freePort();
    fs.mkdirSync(TEST_TMP, { recursive: true });
    const dir = fs.mkdtempSync(path.join(TEST_TMP, 'nginx-'));
    const conf = `user root;
worker_processes 1;
daemon off;
master_process on;
${options.main ?? ''}
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections ${options.workerConnections ?? 256}; }
http {
    access_log off;
    client_body_temp_path ${dir}/body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    map $http_upgrade $connection_upgrade { default upgrade; '' close; }
${httpBody.replace(/PORT/g, String(port)).replace(/DIR/g, dir)}
}
`;
    const file = path.join(dir, 'nginx.conf');
    fs.writeFileSync(file, conf);
    const args = ['-p', dir, '-c', file, '-e', `${dir}/error.log`];
    const proxy = await run('nginx', NGINX, args, port, dir);
    if (options.readyPath) {
        try {
            await waitForAnswer(`http://127.0.0.1:${port}${options.readyPath}`, proxy.output, 30000);
        } catch (e) {
            await proxy.stop();
            throw e;
        }
    }
    return { ...proxy, reload: () => execFileSync(NGINX, [...args, '-s', 'reload'], { stdio: 'pipe' }) };
}

async function waitForAnswer(url: string, output: () => string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!await fetch(url).then(() => true, () => false)) {
        if (Date.now() > deadline) {
            throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${output()}`);
        }
        await new Promise(resolve => setTimeout(resolve, 100));
    }
}

/** Starts haproxy in the foreground with the given config; `PORT` is replaced by the listen port. */
export async function startHaproxy(config: string): Promise<RunningProxy> {
    const port = await freePort();
    fs.mkdirSync(TEST_TMP, { recursive: true });
    const dir = fs.mkdtempSync(path.join(TEST_TMP, 'haproxy-'));
    const file = path.join(dir, 'haproxy.cfg');
    fs.writeFileSync(file, config.replace(/PORT/g, String(port)));
    return run('haproxy', HAPROXY, ['-f', file, '-db'], port, dir);
}
