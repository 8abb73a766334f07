// *****************************************************************************
// `session-health storage <path> [--json]`: where does this path live?
// Exit 0 persistent, 1 ephemeral or node-local, 3 unknown, 2 usage error.
// *****************************************************************************

import { CliCommand, parseCliArgs, UsageError } from '../cli-command';
import { classifyPath } from '../../storage/classify-path';
import { StorageClassification, StorageVerdict, WORKSPACE_STORAGE_ENV } from '../../../common/storage/storage-protocol';

export const STORAGE_EXIT_CODES: Record<StorageVerdict, number> = { 'persistent': 0, 'ephemeral': 1, 'node-local': 1, 'unknown': 3 };
export const STORAGE_USAGE_EXIT = 2;

const usage = `Usage: session-health storage <path> [--json] [--no-kubernetes] [--mountinfo <file>]

Tells whether <path> is on persistent storage (a PersistentVolumeClaim, a network or block volume)
or on storage that is lost with the container, the pod or the node.

Options:
  --json             print the full result as JSON
  --no-kubernetes    do not ask the Kubernetes API, judge from the mount table only
  --mountinfo <file> read the mount table from <file> instead of /proc/self/mountinfo

Environment:
  ${WORKSPACE_STORAGE_ENV}=persistent|ephemeral   an admin declaration that overrides detection

Exit codes: 0 persistent, 1 ephemeral or node-local, 3 unknown, 2 usage error.`;

export function formatStorageText(r: StorageClassification): string {
    const e = r.evidence;
    const lines = [
        `${r.resolvedPath ?? r.path}: ${r.verdict} (${r.kind})`,
        `Reason: ${e.reason}`,
        `Decided by: ${r.decidedBy}`
    ];
    if (e.mountPoint !== undefined) {
        lines.push(`Mount: ${e.mountPoint} (${e.fsType} from ${e.source}${e.mountRoot && e.mountRoot !== '/' ? `, directory ${e.mountRoot}` : ''})`);
    }
    if (e.statfsMagic) {
        lines.push(`statfs: ${e.statfsMagic}${e.statfsName ? ` (${e.statfsName})` : ''}`);
    }
    if (r.kubernetes) {
        const k = r.kubernetes;
        lines.push(`Kubernetes: pod ${k.namespace}/${k.pod}${k.volumeName ? `, volume ${k.volumeName} (${k.volumeType})` : ', no volume'}${k.claimName ? `, claim ${k.claimName}` : ''}`);
    }
    for (const note of r.notes) {
        lines.push(`Note: ${note}`);
    }
    return lines.join('\n') + '\n';
}

export const command: CliCommand = {
    name: 'storage',
    summary: 'Tell whether a path is on persistent or ephemeral storage (exit 0 persistent, 1 ephemeral/node-local, 3 unknown)',
    usage,
    usageExitCode: STORAGE_USAGE_EXIT,
    async run(args, io) {
        const { values, positionals } = parseCliArgs(args, {
            'json': { type: 'boolean' },
            'no-kubernetes': { type: 'boolean' },
            'mountinfo': { type: 'string' }
        });
        if (positionals.length !== 1) {
            throw new UsageError(positionals.length === 0 ? 'a path is required' : `expected one path, got ${positionals.length}`);
        }
        if (values.mountinfo !== undefined && (typeof values.mountinfo !== 'string' || values.mountinfo === '')) {
            throw new UsageError('--mountinfo needs a file');
        }
        const result = await classifyPath(positionals[0], {
            isWorkspaceRoot: true,
            kubernetes: values['no-kubernetes'] ? false : undefined,
            mountInfoPath: values.mountinfo as string | undefined
        });
        io.out(values.json ? JSON.stringify(result, undefined, 2) + '\n' : formatStorageText(result));
        return STORAGE_EXIT_CODES[result.verdict];
    }
};
