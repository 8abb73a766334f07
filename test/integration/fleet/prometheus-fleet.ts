// Debian's Prometheus and nginx for the fleet end-to-end test: Prometheus loads the project's rule files and scrapes
// one backend every second; nginx proxies the IDE with worker_shutdown_timeout 2s and can be reloaded.
import { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, TEST_TMP } from '../../helpers/paths';
import { freePort, RunningNginx, startNginx } from '../../helpers/probe-proxies';
import { spawnGroup, stopGroup } from '../../helpers/processes';
import { METRICS_ROUTE } from '../../../src/common/reports/reports-protocol';

export const PROMETHEUS = '/usr/bin/prometheus';
export const RULE_FILES = ['fleet-rules.yaml', 'alerts.yaml'].map(f => path.join(REPO_ROOT, 'deploy', 'monitoring', f));

export interface Server {
    port: number;
    output(): string;
    stop(): Promise<void>;
}

async function waitListening(url: string, child: ChildProcess, output: () => string, timeoutMs = 30000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (child.exitCode !== null) {
            throw new Error(`exited with ${child.exitCode}:\n${output()}`);
        }
        if (await fetch(url).then(() => true, () => false)) {
            return;
        }
        await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${output()}`);
}

function capture(child: ChildProcess): () => string {
    let output = '';
    child.stdout?.on('data', c => { output += c; });
    child.stderr?.on('data', c => { output += c; });
    return () => output;
}

export interface RunningPrometheus extends Server {
    query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
}

/** Prometheus scraping `target` every second (evaluation every second) with the project's rule files, target label namespace. */
export async function startPrometheus(target: string, namespace: string): Promise<RunningPrometheus> {
    const port = await freePort();
    fs.mkdirSync(TEST_TMP, { recursive: true });
    const dir = fs.mkdtempSync(path.join(TEST_TMP, 'prometheus-'));
    const config = path.join(dir, 'prometheus.yml');
    fs.writeFileSync(config, [
        'global:', '  scrape_interval: 1s', '  scrape_timeout: 1s', '  evaluation_interval: 1s',
        'rule_files:', ...RULE_FILES.map(f => `  - ${f}`),
        'scrape_configs:', '  - job_name: theia-ide', `    metrics_path: ${METRICS_ROUTE}`,
        '    static_configs:', `      - targets: ['${target}']`, `        labels: { namespace: ${namespace}, pod: ide-0 }`, ''
    ].join('\n'));
    const child = spawnGroup(PROMETHEUS, [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = capture(child);
    const stop = async () => {
        await stopGroup(child, 'SIGTERM');
        fs.rmSync(dir, { recursive: true, force: true });
    };
    try {
        await waitListening(`http://127.0.0.1:${port}/-/ready`, child, output);
    } catch (e) {
        await stop();
        throw e;
    }
    return {
        port, output, stop,
        async query(expr: string) {
            const response = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(expr)}`);
            const body = await response.json() as { status: string; error?: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
            if (body.status !== 'success') {
                throw new Error(`query ${expr}: ${body.error}`);
            }
            return body.data.result;
        }
    };
}

/** nginx in front of the backend; `nginx -s reload` starts new workers, the old ones close their connections after 2 s. */
export function startReloadableNginx(backendPort: number): Promise<RunningNginx> {
    return startNginx(`server {
        listen 127.0.0.1:PORT;
        location / {
            proxy_pass http://127.0.0.1:${backendPort};
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_read_timeout 3600s;
            proxy_send_timeout 3600s;
        }
    }`, { main: 'worker_shutdown_timeout 2s;', workerConnections: 512, readyPath: '/session-health/instance' });
}
