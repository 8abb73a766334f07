// Issue 14: the Kubernetes restart causes (oom-killed, evicted, error-exit) from the own pod's status, read over
// HTTPS from a local API server (self-signed certificate made with openssl, like the storage tests') that answers
// with pod documents shaped like real ones.
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { restartSentence } from '../../../src/common/lifecycle/lifecycle-protocol';
import { decidePrevious } from '../../../src/node/lifecycle/previous-instance';
import { LifecycleRecord } from '../../../src/node/lifecycle/lifecycle-records';
import { readPodTermination } from '../../../src/node/storage/pod-termination';
import { findExecutable, skipOrFail } from '../../helpers/requirements';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'lifecycle');
const TOKEN = 'eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3QifQ.lifecycle-token';
const OLD = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
const NEW = '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5';
const START: LifecycleRecord = { kind: 'start', instanceId: OLD, hostname: 'theia-ide-7d9f8c6b5-x2x4q', instanceStartedAt: '2026-12-01T13:40:06Z', time: '2026-12-01T13:40:08Z', dir: '1:b1' };

describe('integration: restart causes from the pod status (local HTTPS Kubernetes API)', function (): void {
    let dir: string;
    let server: https.Server;
    let fixture = 'pod-oomkilled.json';
    let forbid = false;
    let options: Parameters<typeof readPodTermination>[0];

    before(async function () {
        if (!findExecutable('openssl')) {
            skipOrFail(this, 'openssl is not installed (Debian package openssl; needed for the test API server\'s certificate)');
        }
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-k8s-life-'));
        const [key, cert] = [path.join(dir, 'api.key'), path.join(dir, 'api.crt')];
        execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
            '-subj', '/CN=kubernetes', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
        fs.writeFileSync(path.join(dir, 'token'), TOKEN + '\n');
        server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
            const ok = req.headers.authorization === `Bearer ${TOKEN}` && req.url === '/api/v1/namespaces/ide/pods/theia-ide-7d9f8c6b5-x2x4q' && !forbid;
            res.writeHead(ok ? 200 : 403, { 'Content-Type': 'application/json' });
            res.end(ok ? fs.readFileSync(path.join(FIXTURES, fixture)) : JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403,
                message: 'pods "theia-ide-7d9f8c6b5-x2x4q" is forbidden: User "system:serviceaccount:ide:theia-ide" cannot get resource "pods"' }));
        });
        await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
        options = {
            apiUrl: `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`, tokenPath: path.join(dir, 'token'), caPath: cert,
            namespace: 'ide', podName: 'theia-ide-7d9f8c6b5-x2x4q', containerName: 'theia', env: {}
        };
    });
    after(async () => {
        await new Promise(resolve => server?.close(resolve));
        fs.rmSync(dir, { recursive: true, force: true });
    });

    async function previousWith(file: string, records: LifecycleRecord[] = [START]) {
        fixture = file;
        const pod = await readPodTermination(options);
        expect(pod).to.not.have.property('unavailable');
        return decidePrevious({ ownId: NEW, records, foreign: [], pod: pod as Exclude<typeof pod, { unavailable: string }> })!;
    }

    it('OOMKilled names the memory limit; Error exit 137 says SIGKILL; Evicted says the node\'s reason', async () => {
        const oom = await previousWith('pod-oomkilled.json');
        expect(oom).to.include({ instanceId: OLD, cause: 'oom-killed', stoppedAt: '2026-12-01T14:02:09Z' });
        expect(restartSentence(oom, () => '14:02')).to.match(/^The IDE server restarted at 14:02: it ran out of memory \(limit 4 GiB; Kubernetes: OOMKilled, restart 1 of container theia\)\. Your files survived\.$/);
        const error = await previousWith('pod-error-137.json');
        expect(error).to.include({ cause: 'error-exit', detail: 'exit code 137, SIGKILL; Kubernetes: Error, restart 2 of container theia' });
        const evicted = await previousWith('pod-evicted.json');
        expect(evicted.cause).to.equal('evicted');
        expect(evicted.detail).to.match(/^Kubernetes: Evicted: The node was low on resource: memory\./);
    });

    it('the pod status wins over a stop record in the workspace file (issue 23)', async () => {
        const stop: LifecycleRecord = { ...START, kind: 'stop', time: '2026-12-01T14:02:00Z', cause: 'sigterm', drainSeconds: 30 };
        expect(await previousWith('pod-oomkilled.json', [START, stop])).to.include({ instanceId: OLD, cause: 'oom-killed' });
        expect((await previousWith('pod-evicted.json', [START, stop])).cause).to.equal('evicted');
    });

    it('without RBAC to read the pod: says why, and the cause stays crash', async () => {
        forbid = true;
        const pod = await readPodTermination(options);
        forbid = false;
        expect(pod).to.have.property('unavailable').that.matches(/HTTP 403 \(RBAC does not allow it\)/);
        expect(decidePrevious({ ownId: NEW, records: [START], foreign: [] })!.cause).to.equal('crash');
    });
});
