// *****************************************************************************
// `session-health check-persistence <path> [--json]`: the IDE's "Run Persistence Check" from a shell.
// Exit 0 pass, 1 warn, 2 fail, 3 usage error. Uses the same ledger as the IDE (<path>/.theia/session-health).
// *****************************************************************************

import { randomUUID } from 'crypto';
import { hostname } from 'os';
import * as path from 'path';
import { CliCommand, parseCliArgs, UsageError } from '../cli-command';
import { parseNumberOption } from '../../../common/shared/number-option';
import { runPersistenceCheck } from '../../persistence/persistence-check';
import { checkDirectorySetting, MARKER_FIELD_PATTERN } from '../../persistence/persistence-request';
import { formatPersistenceReport } from '../../../common/persistence/persistence-format';
import { DEFAULT_MIN_FREE_MEGABYTES, DEFAULT_MIN_FREE_PERCENT, DEFAULT_PERSISTENCE_DIRECTORY, PersistenceCheckRequest, PersistenceVerdict } from '../../../common/persistence/persistence-protocol';

export const CHECK_PERSISTENCE_EXIT_CODES: Record<PersistenceVerdict, number> = { pass: 0, warn: 1, fail: 2 };
export const CHECK_PERSISTENCE_USAGE_EXIT = 3;

const usage = `Usage: session-health check-persistence <path> [--json] [--directory <dir>] [--min-free-percent <n>] [--min-free-mb <n>] [--remembered-marker <nonce>] [--no-kubernetes]

Proves that the workspace at <path> keeps data: classifies its storage, writes, syncs, reads back,
renames and deletes a 1 MiB probe file, checks free space and permissions, and records a marker in a
ledger that shows how many backend restarts the files have survived (shared with the IDE's
"Session Health: Run Persistence Check").

Options:
  --json                      print the report as JSON
  --directory <dir>           the check's directory, relative to <path> (default ${DEFAULT_PERSISTENCE_DIRECTORY})
  --min-free-percent <n>      warn below n % free bytes or inodes (default ${DEFAULT_MIN_FREE_PERCENT})
  --min-free-mb <n>           warn below n MB free (default ${DEFAULT_MIN_FREE_MEGABYTES})
  --remembered-marker <nonce> a marker nonce seen earlier (from a previous --json run's ledger.marker.nonce);
                              fail with "storage was replaced" when the disk no longer has it
  --no-kubernetes             do not ask the Kubernetes API

Exit codes: 0 pass, 1 warn, 2 fail, 3 usage error.`;

function numberOption(value: string | boolean | undefined, name: string, max: number): number | undefined {
    const parsed = parseNumberOption(value, { min: 0, max });
    if (parsed.status === 'absent') {
        return undefined;
    }
    if (parsed.status !== 'ok') {
        throw new UsageError(`--${name}: expected a number in 0..${max}, got ${JSON.stringify(value)}`);
    }
    return parsed.value;
}

export const command: CliCommand = {
    name: 'check-persistence',
    summary: 'Prove that a workspace keeps its files across restarts (exit 0 pass, 1 warn, 2 fail)',
    usage,
    usageExitCode: CHECK_PERSISTENCE_USAGE_EXIT,
    async run(args, io) {
        const { values, positionals } = parseCliArgs(args, {
            'json': { type: 'boolean' },
            'directory': { type: 'string' },
            'min-free-percent': { type: 'string' },
            'min-free-mb': { type: 'string' },
            'remembered-marker': { type: 'string' },
            'no-kubernetes': { type: 'boolean' }
        });
        if (positionals.length !== 1 || positionals[0].trim() === '') {
            throw new UsageError(positionals.length === 0 ? 'Missing <path>' : `Expected one <path>, got ${positionals.length}`);
        }
        const request: PersistenceCheckRequest = { path: path.resolve(positionals[0]) };
        if (typeof values.directory === 'string') {
            const dir = checkDirectorySetting(values.directory);
            if ('error' in dir) {
                throw new UsageError(`--directory: ${dir.error}`);
            }
            request.directory = values.directory;
        }
        request.minFreePercent = numberOption(values['min-free-percent'], 'min-free-percent', 100);
        request.minFreeMegabytes = numberOption(values['min-free-mb'], 'min-free-mb', 1e9);
        if (typeof values['remembered-marker'] === 'string') {
            if (!MARKER_FIELD_PATTERN.test(values['remembered-marker'])) {
                throw new UsageError('--remembered-marker: expected a marker nonce');
            }
            request.rememberedMarker = { nonce: values['remembered-marker'] };
        }
        const report = await runPersistenceCheck(request, {
            instance: { id: `cli-${randomUUID()}`, hostname: hostname(), startedAt: new Date().toISOString(), source: 'cli' },
            classifyOptions: values['no-kubernetes'] ? { kubernetes: false } : {}
        });
        io.out(values.json ? JSON.stringify(report, undefined, 2) + '\n' : formatPersistenceReport(report) + '\n');
        return CHECK_PERSISTENCE_EXIT_CODES[report.verdict];
    }
};
