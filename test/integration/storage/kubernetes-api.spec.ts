// The Kubernetes pod-API path of the storage classifier, against a local HTTPS server (self-signed
// certificate made with openssl at test time) that answers with recorded pod and claim JSON.
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { classifyPath, classifyPaths, ClassifyPathOptions } from '../../../src/node/storage/classify-path';
import { KubernetesAccessOptions } from '../../../src/node/storage/kubernetes-client';
import { skipOrFail } from '../../helpers/requirements';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'storage');
const POD = 'theia-ide-7d9f8c6b5-x2x4q';
const TOKEN = 'eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3QifQ.test-token';
const U = '7f3c0a4e-2b1d-4c55-9a8e-1f2e3d4c5b6a';
const MOUNTINFO = fs.readFileSync(path.join(FIXTURES, 'pod-mountinfo.txt'), 'utf8')
    + `2940 2913 259:1 /var/lib/kubelet/pods/${U}/volumes/kubernetes.io~csi/pvc-9a8b7c6d-5e4f-3a2b-1c0d-e9f8a7b6c5d4/mount /build rw,relatime - ext4 /dev/nvme0n1p1 rw\n`;

function hasOpenssl(): boolean {
    try {
        execFileSync('openssl', ['version'], { stdio: 'ignore' });
        return true;
    } catch {
        return false;
    }
}

function makeCert(dir: string, name: string): { key: string; cert: string } {
    const key = path.join(dir, `${name}.key`);
    const cert = path.join(dir, `${name}.crt`);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
        '-subj', '/CN=kubernetes', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
    return { key, cert };
}

describe('storage: Kubernetes pod API (local HTTPS API server with recorded JSON)', function () {
    let dir: string;
    let server: https.Server;
    let apiUrl: string;
    let caPath: string;
    let otherCaPath: string;
    let tokenPath: string;
    const requests: string[] = [];
    let forbid: 'none' | 'pods' | 'claims' = 'none';

    before(function () {
        if (!hasOpenssl()) {
            skipOrFail(this, 'openssl is not installed (Debian package openssl; needed to make the test API server\'s certificate)');
        }
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-k8s-'));
        const { key, cert } = makeCert(dir, 'api');
        otherCaPath = makeCert(dir, 'other').cert;
        caPath = cert;
        tokenPath = path.join(dir, 'token');
        fs.writeFileSync(tokenPath, TOKEN + '\n');
        fs.writeFileSync(path.join(dir, 'namespace'), 'ide');
        const claims: Record<string, string> = {
            'theia-workspace': 'pvc-theia-workspace.json',
            [`${POD}-build`]: 'pvc-build-ephemeral.json',
            [`${POD}-adopted`]: 'pvc-adopted.json'
        };
        server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
            requests.push(req.url ?? '');
            const send = (status: number, body: unknown) => {
                res.writeHead(status, { 'Content-Type': 'application/json' });
                res.end(JSON.stringify(body));
            };
            const status = (code: number, reason: string, message: string) => send(code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
            if (req.headers.authorization !== `Bearer ${TOKEN}`) {
                return status(401, 'Unauthorized', 'Unauthorized');
            }
            const pod = /^\/api\/v1\/namespaces\/ide\/pods\/([^/]+)$/.exec(req.url ?? '');
            const claim = /^\/api\/v1\/namespaces\/ide\/persistentvolumeclaims\/([^/]+)$/.exec(req.url ?? '');
            if (pod) {
                if (forbid === 'pods') {
                    return status(403, 'Forbidden', `pods "${pod[1]}" is forbidden: User "system:serviceaccount:ide:theia-ide" cannot get resource "pods" in API group "" in the namespace "ide"`);
                }
                return pod[1] === POD ? send(200, JSON.parse(fs.readFileSync(path.join(FIXTURES, 'pod.json'), 'utf8'))) : status(404, 'NotFound', `pods "${pod[1]}" not found`);
            }
            if (claim) {
                if (forbid === 'claims') {
                    return status(403, 'Forbidden', `persistentvolumeclaims "${claim[1]}" is forbidden`);
                }
                const file = claims[decodeURIComponent(claim[1])];
                return file ? send(200, JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'))) : status(404, 'NotFound', 'not found');
            }
            status(404, 'NotFound', 'the server could not find the requested resource');
        });
        return new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => {
            apiUrl = `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
            resolve();
        }));
    });

    after(async () => {
        await new Promise<void>(resolve => server ? server.close(() => resolve()) : resolve());
        if (dir) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    beforeEach(() => {
        forbid = 'none';
        requests.length = 0;
    });

    function k8s(extra: Partial<KubernetesAccessOptions> = {}): KubernetesAccessOptions {
        return { apiUrl, tokenPath, caPath, namespacePath: path.join(dir, 'namespace'), podName: POD, containerName: 'theia', env: {}, ...extra };
    }
    function options(extra: Partial<ClassifyPathOptions> = {}): ClassifyPathOptions {
        return { mountInfoText: MOUNTINFO, platform: 'linux', statfs: false, resolveSymlinks: false, env: {}, kubernetes: k8s(), ...extra };
    }

    it('a PersistentVolumeClaim is persistent, with claim name, storage class and access modes', async () => {
        const r = await classifyPath('/home/project/src', options());
        expect([r.verdict, r.kind, r.decidedBy]).to.deep.equal(['persistent', 'block-volume', 'kubernetes']);
        expect(r.kubernetes).to.deep.include({
            namespace: 'ide', pod: POD, container: 'theia', mountPath: '/home/project', volumeName: 'workspace', volumeType: 'persistentVolumeClaim',
            claimName: 'theia-workspace', storageClass: 'standard-rwo', ownedByPod: false
        });
        expect(r.kubernetes!.accessModes).to.deep.equal(['ReadWriteOnce']);
        expect(r.evidence.reason).to.match(/PersistentVolumeClaim theia-workspace \(storage class standard-rwo, ReadWriteOnce\)/);
        expect(r.evidence.mountPoint).to.equal('/home/project');
        expect(r.mountinfo).to.deep.include({ verdict: 'persistent', kind: 'block-volume' });
        expect(requests).to.deep.equal([`/api/v1/namespaces/ide/pods/${POD}`, '/api/v1/namespaces/ide/persistentvolumeclaims/theia-workspace']);
    });

    it('a generic ephemeral volume (claim owned by the pod) is ephemeral, and the API wins over the mount table', async () => {
        const r = await classifyPath('/build/out', options());
        expect([r.verdict, r.decidedBy]).to.deep.equal(['ephemeral', 'kubernetes']);
        expect(r.kubernetes).to.deep.include({ volumeType: 'ephemeral', claimName: `${POD}-build`, storageClass: 'premium-rwo', ownedByPod: true });
        expect(r.mountinfo).to.deep.include({ verdict: 'persistent', kind: 'csi-volume' });
        expect(r.notes.join('\n')).to.include('the Kubernetes API wins');
        expect(r.evidence.reason).to.match(/generic ephemeral volume.*owned by pod/);
    });

    it('a persistentVolumeClaim volume whose claim is owned by the pod is ephemeral', async () => {
        const r = await classifyPath('/adopted', options());
        expect([r.verdict, r.decidedBy]).to.deep.equal(['ephemeral', 'kubernetes']);
        expect(r.kubernetes).to.deep.include({ volumeType: 'persistentVolumeClaim', ownedByPod: true });
    });

    it('emptyDir, emptyDir in memory, hostPath, nfs and the container filesystem', async () => {
        const results = await classifyPaths(['/scratch/a', '/home/theia/.cache/x', '/cache', '/mnt/shared/t', '/home/theia/notes', '/home/project/sidecar-only/f'].map(p => ({ path: p })), options());
        expect(results.map(r => [r.verdict, r.kind, r.decidedBy, r.kubernetes?.volumeName])).to.deep.equal([
            ['ephemeral', 'empty-dir', 'kubernetes', 'scratch'],
            ['ephemeral', 'tmpfs', 'kubernetes', 'cache-mem'],
            ['node-local', 'host-path', 'kubernetes', 'host-cache'],
            ['persistent', 'network', 'kubernetes', 'shared'],
            ['ephemeral', 'container-overlay', 'kubernetes', undefined],
            ['persistent', 'block-volume', 'kubernetes', 'workspace']
        ]);
        expect(results[4].evidence.reason).to.match(/No volume of pod .* container's own filesystem/);
        expect(requests.filter(u => u.includes('/pods/'))).to.have.length(1);
    });

    it('RBAC refusing the pod: the mount table decides, and says so', async () => {
        forbid = 'pods';
        const r = await classifyPath('/scratch', options());
        expect([r.verdict, r.kind, r.decidedBy]).to.deep.equal(['ephemeral', 'empty-dir', 'mountinfo']);
        expect(r.kubernetes).to.equal(undefined);
        expect(r.notes.join('\n')).to.match(/HTTP 403 \(RBAC does not allow it\).*cannot get resource "pods".*the mount table decided/);
    });

    it('RBAC refusing the claim: still persistent from the pod spec, with a note', async () => {
        forbid = 'claims';
        const r = await classifyPath('/home/project', options());
        expect([r.verdict, r.decidedBy]).to.deep.equal(['persistent', 'kubernetes']);
        expect(r.kubernetes!.storageClass).to.equal(undefined);
        expect(r.notes.join('\n')).to.match(/claim theia-workspace could not be read: HTTP 403/);
    });

    it('a refused token, an untrusted certificate and a dead server fall back to the mount table', async () => {
        const badToken = path.join(dir, 'bad-token');
        fs.writeFileSync(badToken, 'nope');
        const r1 = await classifyPath('/home/project', options({ kubernetes: k8s({ tokenPath: badToken }) }));
        expect([r1.decidedBy, r1.verdict]).to.deep.equal(['mountinfo', 'persistent']);
        expect(r1.notes.join('\n')).to.include('HTTP 401 (the service-account token was refused)');
        const r2 = await classifyPath('/home/project', options({ kubernetes: k8s({ caPath: otherCaPath }) }));
        expect(r2.decidedBy).to.equal('mountinfo');
        expect(r2.notes.join('\n')).to.match(/self[- ]signed|certificate/i);
        const closed = net.createServer();
        await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', () => resolve()));
        const port = (closed.address() as net.AddressInfo).port;
        await new Promise<void>(resolve => closed.close(() => resolve()));
        const r3 = await classifyPath('/home/project', options({ kubernetes: k8s({ apiUrl: `https://127.0.0.1:${port}` }) }));
        expect(r3.decidedBy).to.equal('mountinfo');
        expect(r3.notes.join('\n')).to.include('ECONNREFUSED');
    });

    it('finds in-cluster access from KUBERNETES_SERVICE_HOST and the service-account files', async () => {
        const port = new URL(apiUrl).port;
        const r = await classifyPath('/home/project', options({
            kubernetes: { tokenPath, caPath, namespacePath: path.join(dir, 'namespace') },
            env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port, POD_NAME: POD }
        }));
        expect([r.decidedBy, r.kubernetes?.claimName]).to.deep.equal(['kubernetes', 'theia-workspace']);
        const outside = await classifyPath('/home/project', options({ kubernetes: { tokenPath }, env: {} }));
        expect(outside.decidedBy).to.equal('mountinfo');
        expect(outside.notes.join('\n')).to.include('Kubernetes not asked: KUBERNETES_SERVICE_HOST is not set');
        const noToken = await classifyPath('/home/project', options({ kubernetes: { tokenPath: path.join(dir, 'missing') }, env: { KUBERNETES_SERVICE_HOST: '127.0.0.1' } }));
        expect(noToken.notes.join('\n')).to.include('no service-account token');
    });

    it('the admin env declaration wins over the API for workspace roots only', async () => {
        const env = { SESSION_HEALTH_WORKSPACE_STORAGE: 'ephemeral' };
        const root = await classifyPath('/home/project', options({ env, isWorkspaceRoot: true }));
        expect([root.verdict, root.decidedBy, root.kind]).to.deep.equal(['ephemeral', 'admin', 'block-volume']);
        expect(root.evidence.reason).to.include('SESSION_HEALTH_WORKSPACE_STORAGE=ephemeral');
        expect(root.kubernetes?.claimName).to.equal('theia-workspace');
        const other = await classifyPath('/home/project', options({ env }));
        expect([other.verdict, other.decidedBy]).to.deep.equal(['persistent', 'kubernetes']);
    });
});
