import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliIO } from '../../../src/node/cli/cli-command';
import { createLintK8sCommand } from '../../../src/node/cli/commands/lint-k8s';
import { main } from '../../../src/node/cli/session-health';
import { runCli } from '../../helpers/cli';
import { fixturePath, lineContaining } from './lint-helpers';

interface Run { code: number; out: string; err: string }

async function run(args: string[], stdin = ''): Promise<Run> {
    let out = '';
    let err = '';
    const io: CliIO = { out: t => { out += t; }, err: t => { err += t; } };
    const code = await createLintK8sCommand(async () => stdin).run(args, io);
    return { code, out, err };
}

async function dispatch(args: string[]): Promise<Run> {
    let out = '';
    let err = '';
    const code = await main(['lint-k8s', ...args], { out: t => { out += t; }, err: t => { err += t; } });
    return { code, out, err };
}

describe('session-health lint-k8s (command line)', () => {
    let tmp: string;
    before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-k8s-')); });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it('exits 0 on clean input, 1 on warnings only, 2 on errors', async () => {
        const clean = await run([fixturePath('clean-gke.yaml')]);
        expect(clean.code).to.equal(0);
        expect(clean.out).to.contain('No findings in 4 resources from 1 file.');
        const warningsOnly = await run(await writeWarnOnly());
        expect(warningsOnly.code).to.equal(1);
        expect(warningsOnly.out).to.match(/0 errors, 1 warning in \d+ resources from 1 file\./);
        const errors = await run([fixturePath('workspace-emptydir.yaml')]);
        expect(errors.code).to.equal(2);
        expect(errors.out).to.contain(`${fixturePath('workspace-emptydir.yaml')}:${lineContaining('workspace-emptydir.yaml', 'emptyDir: {}')}: error WORKSPACE_NOT_PERSISTENT Deployment/-/cloud-ide`);
        expect(errors.out).to.match(/ {2}evidence: .*\n {2}fix: {6}.*\n {2}docs: {5}https:\/\/kubernetes\.io\//);
    });

    async function writeWarnOnly(): Promise<string[]> {
        // The clean setup with the readiness probe removed: one warning.
        const text = fs.readFileSync(fixturePath('clean-gke.yaml'), 'utf8').replace(/^ +readinessProbe:.*\n/m, '');
        const file = path.join(tmp, 'warn.yaml');
        fs.writeFileSync(file, text);
        return [file];
    }

    it('--json prints findings with code, severity, file, line, resource, evidence, fix, docs, and a summary', async () => {
        const r = await run([fixturePath('ingress-deleted-service.yaml'), '--json']);
        expect(r.code).to.equal(2);
        const json = JSON.parse(r.out);
        expect(Object.keys(json).sort()).to.deep.equal(['exitCode', 'findings', 'summary', 'workspacePath']);
        expect(json.exitCode).to.equal(2);
        expect(json.workspacePath).to.equal('/home/project');
        expect(json.summary).to.deep.equal({ errors: 1, warnings: 0, resources: 4, files: [fixturePath('ingress-deleted-service.yaml')] });
        expect(json.findings).to.have.length(1);
        const [f] = json.findings;
        expect(Object.keys(f).sort()).to.deep.equal(['code', 'docs', 'evidence', 'file', 'fix', 'line', 'resource', 'severity']);
        expect(f).to.deep.include({ code: 'INGRESS_SERVICE_MISSING', severity: 'error', file: fixturePath('ingress-deleted-service.yaml') });
        expect(f.line).to.equal(lineContaining('ingress-deleted-service.yaml', 'name: ide-legacy'));
        expect(f.resource).to.deep.equal({ kind: 'Ingress', namespace: null, name: 'ide' });
    });

    it('reads directories recursively and sums the findings of every file', async () => {
        const dir = path.join(tmp, 'tree');
        fs.mkdirSync(path.join(dir, 'nested'), { recursive: true });
        fs.copyFileSync(fixturePath('workspace-emptydir.yaml'), path.join(dir, 'a.yaml'));
        fs.copyFileSync(fixturePath('probes-wrong.yaml'), path.join(dir, 'nested', 'b.yml'));
        fs.writeFileSync(path.join(dir, 'README.md'), '# not yaml: [');
        const r = await run([dir, '--json']);
        const json = JSON.parse(r.out);
        expect(json.summary.files).to.deep.equal([path.join(dir, 'a.yaml'), path.join(dir, 'nested', 'b.yml')]);
        expect(json.findings.map((f: { code: string }) => f.code).sort()).to.deep.equal(
            ['HEALTHCHECK_PATH_MISMATCH', 'HEALTHCHECK_PATH_MISMATCH', 'NO_READINESS_PROBE', 'WORKSPACE_NOT_PERSISTENT']);
    });

    it('notes on stderr that a kustomization directory should be rendered first', async () => {
        const dir = path.join(tmp, 'kustomized');
        fs.mkdirSync(dir);
        fs.copyFileSync(fixturePath('clean-gke.yaml'), path.join(dir, 'all.yaml'));
        fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [all.yaml]\n');
        const r = await run([dir]);
        expect(r.code).to.equal(0);
        expect(r.out).to.contain('No findings in 4 resources from 2 files.');
        expect(r.err).to.contain(`note: ${dir} is a kustomization`).and.contain(`kubectl kustomize ${dir} | session-health lint-k8s -`);
    });

    it('passes --workspace-path to the rules', async () => {
        const file = path.join(tmp, 'ws.yaml');
        fs.writeFileSync(file, fs.readFileSync(fixturePath('clean-gke.yaml'), 'utf8').replace('mountPath: /home/project', 'mountPath: /workspace'));
        expect((await run([file])).code).to.equal(2);
        expect((await run([file, '--workspace-path', '/workspace'])).code).to.equal(0);
    });

    it('malformed YAML: exit 3 with file:line:column, no stack trace', async () => {
        const file = fixturePath('malformed.yaml');
        const r = await run([file]);
        expect(r.code).to.equal(3);
        expect(r.err).to.equal(`session-health lint-k8s: ${file}:8:1: invalid YAML: Sequence item without - indicator\n`);
        expect(r.out).to.equal('');
        const j = await run([file, '--json']);
        expect(JSON.parse(j.out)).to.deep.equal({ error: { message: `${file}:8:1: invalid YAML: Sequence item without - indicator`, file, line: 8, column: 1 }, exitCode: 3 });
    });

    it('unreadable input and input without resources: exit 3 with a plain reason', async () => {
        const missing = await run([path.join(tmp, 'nope.yaml')]);
        expect(missing.code).to.equal(3);
        expect(missing.err).to.equal(`session-health lint-k8s: cannot read ${path.join(tmp, 'nope.yaml')}: no such file or directory\n`);
        const empty = await run(['-'], '# nothing\n---\n');
        expect(empty.code).to.equal(3);
        expect(empty.err).to.contain('no Kubernetes resources');
        const emptyDir = fs.mkdtempSync(path.join(tmp, 'empty-'));
        expect((await run([emptyDir])).err).to.contain('no *.yaml, *.yml or *.json files');
    });

    it('usage errors exit 3 through the dispatcher, with the usage text', async () => {
        for (const args of [[], ['--bogus', 'x.yaml'], ['-', '-'], ['--workspace-path', 'relative', 'x.yaml']]) {
            const r = await dispatch(args);
            expect(r.code, args.join(' ')).to.equal(3);
            expect(r.err, args.join(' ')).to.contain('Usage: session-health lint-k8s');
        }
        const help = await dispatch(['--help']);
        expect(help.code).to.equal(0);
        expect(help.out).to.contain('Exit codes: 0 clean, 1 warnings only, 2 errors, 3 usage error or unreadable input.');
    });

    it('reads kustomize output from stdin with "-" in a real process', async function () {
        this.timeout(60000);
        const text = fs.readFileSync(fixturePath('cdn-annotation-on-ingress.yaml'), 'utf8');
        const r = await runCli(['lint-k8s', '-', '--json'], {}, text);
        expect(r.code, r.err).to.equal(2);
        const json = JSON.parse(r.out);
        expect(json.summary.files).to.deep.equal(['<stdin>']);
        expect(json.findings.map((f: { code: string }) => f.code).sort()).to.deep.equal(['BACKENDCONFIG_NOT_ON_SERVICE', 'BACKEND_TIMEOUT_TOO_SHORT', 'CDN_ON_SOCKETIO']);
        expect(json.findings.every((f: { file: string }) => f.file === '<stdin>')).to.equal(true);
        const bad = await runCli(['lint-k8s', '-'], {}, 'kind: [unclosed\n');
        expect(bad.code).to.equal(3);
        expect(bad.err).to.match(/^session-health lint-k8s: <stdin>:\d+:\d+: invalid YAML: /);
        expect(bad.err).to.not.match(/\n\s+at /);
    });
});
