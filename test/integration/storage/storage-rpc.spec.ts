// The storage RPC service through the real Theia backend: workspace roots, settings patterns, env
// declaration and the Theia configuration directory; any other path is refused (issue 23).
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { connectTheiaClient, TheiaClient } from '../../helpers/theia-client';
import { TEST_TMP } from '../../helpers/paths';
import { STORAGE_SERVICE_PATH, StorageClassificationService } from '../../../src/common/storage/storage-protocol';

describe('storage: RPC service in the real backend', function () {
    this.timeout(90000);
    const base = path.join(TEST_TMP, `storage-rpc-${process.pid}-${Date.now()}`);
    const workspace = path.join(base, 'my workspace');
    const configDir = path.join(base, 'theia-config');
    let backend: RunningBackend;
    let client: TheiaClient | undefined;

    before(async () => {
        fs.mkdirSync(workspace, { recursive: true });
        fs.mkdirSync(configDir, { recursive: true });
        backend = await startBackend({ workspace, env: { THEIA_CONFIG_DIR: configDir, SESSION_HEALTH_WORKSPACE_STORAGE: 'ephemeral', KUBERNETES_SERVICE_HOST: '' } });
    });
    afterEach(() => {
        client?.close();
        client = undefined;
    });
    after(async () => {
        await backend?.stop();
        fs.rmSync(base, { recursive: true, force: true });
    });

    it('classifies the workspace roots (env declaration applies), refuses non-file roots, and the config dir (env does not apply)', async () => {
        client = await connectTheiaClient(backend.url);
        const service = await client.createProxy<StorageClassificationService>(STORAGE_SERVICE_PATH);
        const mountPoint = execFileSync('findmnt', ['-n', '-o', 'TARGET', '-T', workspace], { encoding: 'utf8' }).trim();
        const report = await service.classifyWorkspace({ roots: [pathToFileURL(workspace).toString(), 'http://example.com/x'] });
        expect(report.roots).to.have.length(2);
        const [root, remote] = report.roots;
        expect([root.path, root.resolvedPath, root.verdict, root.decidedBy, root.evidence.mountPoint]).to.deep.equal([workspace, workspace, 'ephemeral', 'admin', mountPoint]);
        expect(root.evidence.reason).to.include('SESSION_HEALTH_WORKSPACE_STORAGE=ephemeral');
        expect(root.mountinfo?.verdict).to.be.oneOf(['persistent', 'ephemeral', 'node-local', 'unknown']);
        expect([remote.verdict, remote.evidence.reason]).to.deep.equal(['unknown', 'http://example.com/x is not a file on this machine; its storage cannot be checked here.']);
        expect(report.configDir?.path).to.equal(configDir);
        expect(report.configDir?.decidedBy).to.equal('mountinfo');
        expect(report.configDir?.notes.join('\n')).to.include('Kubernetes not asked');
    });

    it('classifyPath applies the settings patterns but not the workspace env declaration', async () => {
        client = await connectTheiaClient(backend.url);
        const service = await client.createProxy<StorageClassificationService>(STORAGE_SERVICE_PATH);
        const mountPoint = execFileSync('findmnt', ['-n', '-o', 'TARGET', '-T', configDir], { encoding: 'utf8' }).trim();
        const declared = await service.classifyPath(configDir, { persistentMountPatterns: [mountPoint] });
        expect([declared.verdict, declared.decidedBy]).to.deep.equal(['persistent', 'admin']);
        const missing = await service.classifyPath(path.join(workspace, 'nope'));
        expect([missing.verdict, missing.evidence.reason]).to.deep.equal(['unknown', `${path.join(workspace, 'nope')} does not exist.`]);
        const garbage = await service.classifyWorkspace({ roots: 'not an array' as unknown as string[] });
        expect(garbage.roots).to.deep.equal([]);
    });

    it('refuses paths outside the open workspace and Theia\'s configuration directory, also through a link (issue 23)', async () => {
        client = await connectTheiaClient(backend.url);
        const service = await client.createProxy<StorageClassificationService>(STORAGE_SERVICE_PATH);
        const outside = path.join(base, 'elsewhere');
        fs.mkdirSync(outside, { recursive: true });
        const link = path.join(workspace, 'link-out');
        fs.symlinkSync(outside, link);
        for (const p of ['/etc', '/proc/self', outside, link, `${workspace}/../elsewhere`, pathToFileURL('/var/run/secrets').toString()]) {
            const message = await service.classifyPath(p).then(r => `classified: ${JSON.stringify(r.evidence)}`, (e: Error) => e.message);
            expect(message, p).to.match(/^Storage classification refused: .* is neither inside a workspace root this IDE has open nor Theia's configuration directory/);
        }
        const report = await service.classifyWorkspace({ roots: [pathToFileURL(workspace).toString(), '/', pathToFileURL(link).toString()] });
        expect(report.roots.map(r => r.verdict)).to.deep.equal(['ephemeral', 'unknown', 'unknown']);
        for (const refused of report.roots.slice(1)) {
            expect(refused.evidence.reason).to.match(/^Refused: /);
            expect(refused.evidence).to.not.have.property('mountInfoLine');
            expect(refused).to.not.have.property('resolvedPath');
        }
        // Inside a root and inside the configuration directory: classified.
        expect((await service.classifyPath(path.join(workspace, 'sub'))).evidence.reason).to.contain('does not exist');
        expect((await service.classifyPath(configDir)).evidence).to.have.property('mountInfoLine');
    });
});
