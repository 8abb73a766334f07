// *****************************************************************************
// The contract of one `session-health` subcommand. Each lives in ./commands/<name>.ts, exports `command`
// and is listed in CLI_COMMANDS (session-health.ts).
// *****************************************************************************

import { parseArgs, ParseArgsConfig } from 'util';

export interface CliIO {
    out(text: string): void;
    err(text: string): void;
}

export interface CliCommand {
    /** The subcommand word, e.g. `storage`. A public contract. */
    name: string;
    /** One line for `session-health --help`. */
    summary: string;
    /** Full usage text, printed on `--help` and after a usage error. */
    usage: string;
    /** Exit code of a usage error for this subcommand (documented per subcommand). */
    usageExitCode: number;
    run(args: string[], io: CliIO): Promise<number>;
}

/** Thrown for bad arguments: the dispatcher prints the message and the usage, and exits with `usageExitCode`. */
export class UsageError extends Error { }

/** `util.parseArgs` with its errors turned into UsageErrors. */
export function parseCliArgs<T extends ParseArgsConfig['options']>(args: string[], options: T): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
    try {
        const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
        return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
    } catch (e) {
        throw new UsageError(e instanceof Error ? e.message : String(e));
    }
}
