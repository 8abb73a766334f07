#!/usr/bin/env node
// *****************************************************************************
// `session-health`: the command line for admins. Its subcommands are listed in CLI_COMMANDS.
// *****************************************************************************

import { CliCommand, CliIO, UsageError } from './cli-command';
import { command as bundle } from './commands/bundle';
import { command as checkPersistence } from './commands/check-persistence';
import { command as lintK8s } from './commands/lint-k8s';
import { command as probe } from './commands/probe';
import { command as storage } from './commands/storage';

/** Exit code for an unknown subcommand or no subcommand at all. */
export const GLOBAL_USAGE_EXIT = 2;

/** Every subcommand, in the order `--help` lists them. A new one is imported and added here. */
export const CLI_COMMANDS: readonly CliCommand[] = [bundle, checkPersistence, lintK8s, probe, storage];

function help(commands: readonly CliCommand[]): string {
    const width = Math.max(...commands.map(c => c.name.length), 4);
    return [
        'Usage: session-health <command> [options]',
        '',
        'Commands:',
        ...commands.map(c => `  ${c.name.padEnd(width)}  ${c.summary}`),
        '',
        'Run "session-health <command> --help" for the options of one command.'
    ].join('\n');
}

export async function main(argv: string[], io: CliIO): Promise<number> {
    const commands = CLI_COMMANDS;
    const [name, ...rest] = argv;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
        (name ? io.out : io.err)(help(commands) + '\n');
        return name ? 0 : GLOBAL_USAGE_EXIT;
    }
    if (name === '--version') {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        io.out(`${(require('../../../package.json') as { version: string }).version}\n`);
        return 0;
    }
    const command = commands.find(c => c.name === name);
    if (!command) {
        io.err(`session-health: unknown command "${name}"\n\n${help(commands)}\n`);
        return GLOBAL_USAGE_EXIT;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
        io.out(command.usage + '\n');
        return 0;
    }
    try {
        return await command.run(rest, io);
    } catch (e) {
        if (e instanceof UsageError) {
            io.err(`session-health ${command.name}: ${e.message}\n\n${command.usage}\n`);
            return command.usageExitCode;
        }
        throw e;
    }
}

if (require.main === module) {
    const io: CliIO = { out: text => process.stdout.write(text), err: text => process.stderr.write(text) };
    main(process.argv.slice(2), io).then(
        code => { process.exitCode = code; },
        error => {
            process.stderr.write(`session-health: ${error instanceof Error ? error.message : String(error)}\n`);
            process.exitCode = 70;
        }
    );
}
