// *****************************************************************************
// `session-health lint-k8s <file-or-directory>... [--json] [--workspace-path P]`: reads Kubernetes
// manifests (or `kubectl kustomize` output on stdin with `-`) and names each setting that will break
// Socket.IO sessions or lose user files. Exit 0 clean, 1 warnings only, 2 errors, 3 usage or bad input.
// *****************************************************************************

import * as fs from 'fs';
import * as path from 'path';
import { CliCommand, CliIO, parseCliArgs, UsageError } from '../cli-command';
import { lintResources } from '../../lint-k8s/lint-k8s';
import { loadManifests, ManifestSyntaxError } from '../../lint-k8s/manifest-loader';
import { DEFAULT_WORKSPACE_PATH, describeRef, K8sResource, LintFinding } from '../../lint-k8s/lint-types';
import { plural } from '../../../common/text/numbers';

export const LINT_USAGE_EXIT = 3;
export const STDIN_NAME = '<stdin>';
const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

const usage = `Usage: session-health lint-k8s <file-or-directory>... [--json] [--workspace-path P]

Lints Kubernetes manifests of a Theia IDE deployment for settings that break Socket.IO sessions
or lose user files. Directories are read recursively (*.yaml, *.yml, *.json); "-" reads stdin,
e.g.  kubectl kustomize overlays/gke | session-health lint-k8s -

Options:
  --json                 print the findings as JSON
  --workspace-path P     the workspace path inside the IDE container (default ${DEFAULT_WORKSPACE_PATH})

Exit codes: 0 clean, 1 warnings only, 2 errors, 3 usage error or unreadable input.
Rules and their documentation: docs/lint-k8s.md`;

/** Input that cannot be linted (missing file, malformed YAML, nothing in it): exit 3. */
class InputError extends Error {
    constructor(message: string, readonly location?: { file: string; line: number; column: number }) {
        super(message);
    }
}

export function createLintK8sCommand(readStdin: () => Promise<string>): CliCommand {
    return {
        name: 'lint-k8s',
        summary: 'Lint Kubernetes manifests for settings that drop IDE sessions or lose files',
        usage,
        usageExitCode: LINT_USAGE_EXIT,
        async run(args: string[], io: CliIO): Promise<number> {
            const { values, positionals } = parseCliArgs(args, {
                json: { type: 'boolean' },
                'workspace-path': { type: 'string' }
            });
            if (!positionals.length) {
                throw new UsageError('no input: give files, directories, or "-" for stdin');
            }
            if (positionals.filter(p => p === '-').length > 1) {
                throw new UsageError('"-" (stdin) can be given only once');
            }
            const workspacePath = values['workspace-path'] === undefined ? DEFAULT_WORKSPACE_PATH : String(values['workspace-path']);
            if (!path.posix.isAbsolute(workspacePath)) {
                throw new UsageError(`--workspace-path must be an absolute path, got "${workspacePath}"`);
            }
            const json = values.json === true;
            try {
                const { resources, files } = await readInputs(positionals, readStdin, io);
                const result = lintResources(resources, { workspacePath });
                io.out(json ? JSON.stringify(toJson(result.findings, result.exitCode, files, resources.length, workspacePath), undefined, 2) + '\n'
                    : formatText(result.findings, files.length, resources.length));
                return result.exitCode;
            } catch (e) {
                if (!(e instanceof InputError)) {
                    throw e;
                }
                io.err(`session-health lint-k8s: ${e.message}\n`);
                if (json) {
                    io.out(JSON.stringify({ error: { message: e.message, ...e.location }, exitCode: LINT_USAGE_EXIT }, undefined, 2) + '\n');
                }
                return LINT_USAGE_EXIT;
            }
        }
    };
}

export const command: CliCommand = createLintK8sCommand(readProcessStdin);

async function readInputs(inputs: string[], readStdin: () => Promise<string>, io: CliIO): Promise<{ resources: K8sResource[]; files: string[] }> {
    const resources: K8sResource[] = [];
    const files: string[] = [];
    for (const input of inputs) {
        const sources = input === '-' ? [STDIN_NAME] : listFiles(input, io);
        for (const file of sources) {
            let text: string;
            try {
                text = file === STDIN_NAME ? await readStdin() : fs.readFileSync(file, 'utf8');
            } catch (e) {
                throw new InputError(`cannot read ${file}: ${errorText(e)}`);
            }
            try {
                resources.push(...loadManifests(text, file).resources);
            } catch (e) {
                if (e instanceof ManifestSyntaxError) {
                    throw new InputError(e.message, { file: e.file, line: e.line, column: e.column });
                }
                throw new InputError(`cannot parse ${file}: ${errorText(e)}`);
            }
            files.push(file);
        }
    }
    if (!resources.length) {
        throw new InputError(`no Kubernetes resources (documents with apiVersion and kind) in ${files.join(', ') || inputs.join(', ')}`);
    }
    return { resources, files };
}

function listFiles(input: string, io: CliIO): string[] {
    let stat: fs.Stats;
    try {
        stat = fs.statSync(input);
    } catch (e) {
        throw new InputError(`cannot read ${input}: ${errorText(e)}`);
    }
    if (!stat.isDirectory()) {
        return [input];
    }
    const result: string[] = [];
    const walk = (dir: string) => {
        let entries: fs.Dirent[];
        try {
            entries = fs.readdirSync(dir, { withFileTypes: true });
        } catch (e) {
            throw new InputError(`cannot read ${dir}: ${errorText(e)}`);
        }
        for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
                walk(full);
            } else if (entry.isFile() && MANIFEST_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) {
                if (/^kustomization\.ya?ml$/i.test(entry.name)) {
                    io.err(`session-health lint-k8s: note: ${dir} is a kustomization; its patches are linted as they are. `
                        + `Lint the rendered output instead: kubectl kustomize ${dir} | session-health lint-k8s -\n`);
                }
                result.push(full);
            }
        }
    };
    walk(input);
    if (!result.length) {
        throw new InputError(`no *.yaml, *.yml or *.json files in ${input}`);
    }
    return result;
}

function toJson(findings: LintFinding[], exitCode: number, files: string[], resources: number, workspacePath: string): object {
    return {
        findings,
        summary: {
            errors: findings.filter(f => f.severity === 'error').length,
            warnings: findings.filter(f => f.severity === 'warning').length,
            resources,
            files
        },
        workspacePath,
        exitCode
    };
}

function formatText(findings: LintFinding[], files: number, resources: number): string {
    const lines: string[] = [];
    for (const f of findings) {
        lines.push(`${f.file}:${f.line}: ${f.severity} ${f.code} ${describeRef(f.resource)}`);
        lines.push(`  evidence: ${f.evidence}`);
        lines.push(`  fix:      ${f.fix}`);
        lines.push(`  docs:     ${f.docs}`);
        lines.push('');
    }
    const errors = findings.filter(f => f.severity === 'error').length;
    const warnings = findings.length - errors;
    lines.push(findings.length
        ? `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(resources, 'resource')} from ${plural(files, 'file')}.`
        : `No findings in ${plural(resources, 'resource')} from ${plural(files, 'file')}.`);
    return lines.join('\n') + '\n';
}

function errorText(e: unknown): string {
    const err = e as NodeJS.ErrnoException;
    if (err && err.code === 'ENOENT') {
        return 'no such file or directory';
    }
    if (err && err.code === 'EACCES') {
        return 'permission denied';
    }
    return err instanceof Error ? err.message : String(e);
}

function readProcessStdin(): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        process.stdin.on('data', chunk => chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
        process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        process.stdin.on('error', reject);
    });
}
